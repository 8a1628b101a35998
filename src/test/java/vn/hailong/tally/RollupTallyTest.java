package vn.hailong.tally;

import org.junit.jupiter.api.Test;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.TemplateParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The serialized rollup counts: what is written reads back the same, and counts add and subtract. */
class RollupTallyTest {

    private static final Questionnaire SIPAS_2017 = shipped(7, "sipas-2017.yml");
    private static final Questionnaire SIPAS_2023 = shipped(8, "sipas-2023.yml");
    private static final Map<Long, VersionShape> SHAPES = Map.of(
            7L, new VersionShape(SIPAS_2017), 8L, new VersionShape(SIPAS_2023));

    @Test
    void encodedTallyReadsBackEqualAndSmall() {
        Random random = new Random(4);
        RollupTally tally = new RollupTally(SHAPES::get);
        for (int i = 0; i < 300; i++) {
            addRandom(tally, random, i % 3 == 0 ? SIPAS_2023 : SIPAS_2017, 1);
        }
        byte[] bytes = tally.encode();
        RollupTally back = new RollupTally(SHAPES::get);
        back.addEncoded(bytes);

        assertThat(back).isEqualTo(tally);
        assertThat(back.responses()).isEqualTo(300);
        assertThat(back.versions().keySet()).containsExactly(7L, 8L);
        // Symmetric halves and diagonals are not stored: two versions of ~23 criteria stay well under 4 KB.
        assertThat(bytes.length).isLessThan(4_000);
    }

    @Test
    void decodedDiagonalsAndMirrorsEqualTheCountedOnes() {
        Random random = new Random(5);
        VersionTally counted = new VersionTally(SHAPES.get(7L));
        RollupTally wrapper = new RollupTally(SHAPES::get);
        for (int i = 0; i < 200; i++) {
            Response r = randomResponse(random, SIPAS_2017);
            counted.addResponse(r.scores, r.choices, 1);
            wrapper.forVersion(7L).addResponse(r.scores, r.choices, 1);
        }
        RollupTally back = new RollupTally(SHAPES::get);
        back.addEncoded(wrapper.encode());
        VersionTally decoded = back.versions().get(7L);
        assertThat(decoded).isEqualTo(counted);
        int c = counted.shape().criteria();
        for (int k = 0; k < c; k++) {
            assertThat(decoded.pairs(k, k)).isEqualTo(counted.pairs(k, k));
            for (int l = 0; l < c; l++) {
                assertThat(decoded.pairs(k, l)).isEqualTo(decoded.pairs(l, k));
                assertThat(decoded.satFirst(k, l)).isEqualTo(counted.satFirst(k, l));
            }
        }
        assertThat(counted.choiceAnswered(0)).isPositive();
    }

    @Test
    void addingAndTakingOutTheSameResponsesLeavesNothing() {
        Random random = new Random(6);
        List<Response> responses = new ArrayList<>();
        RollupTally tally = new RollupTally(SHAPES::get);
        for (int i = 0; i < 50; i++) {
            Response r = randomResponse(random, SIPAS_2017);
            responses.add(r);
            tally.forVersion(7L).addResponse(r.scores, r.choices, 1);
        }
        RollupTally firstHalf = new RollupTally(SHAPES::get);
        responses.subList(0, 25).forEach(r -> firstHalf.forVersion(7L).addResponse(r.scores, r.choices, 1));
        RollupTally secondHalf = new RollupTally(SHAPES::get);
        responses.subList(25, 50).forEach(r -> secondHalf.forVersion(7L).addResponse(r.scores, r.choices, 1));
        RollupTally sum = new RollupTally(SHAPES::get);
        sum.addEncoded(firstHalf.encode());
        sum.addEncoded(secondHalf.encode());
        assertThat(sum).isEqualTo(tally);

        responses.forEach(r -> tally.forVersion(7L).addResponse(r.scores, r.choices, -1));
        assertThat(tally.responses()).isZero();
        assertThat(tally.encode()).isEqualTo(RollupTally.empty());
    }

    @Test
    void aTallyOfTheWrongShapeIsRefused() {
        RollupTally tally = new RollupTally(SHAPES::get);
        addRandom(tally, new Random(7), SIPAS_2017, 1);
        byte[] bytes = tally.encode();
        RollupTally misread = new RollupTally(id -> SHAPES.get(8L));
        assertThatThrownBy(() -> misread.addEncoded(bytes)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> misread.addEncoded(new byte[]{9})).hasMessageContaining("format");
    }

    private record Response(String scores, Map<String, List<String>> choices) {
    }

    private static void addRandom(RollupTally tally, Random random, Questionnaire version, int sign) {
        Response r = randomResponse(random, version);
        tally.forVersion(version.id()).addResponse(r.scores, r.choices, sign);
    }

    /** Scale answers 1-5 with gaps; some picks of the first choice question. */
    private static Response randomResponse(Random random, Questionnaire version) {
        StringBuilder scores = new StringBuilder();
        for (int p = 0; p < version.scoredCodes().size(); p++) {
            scores.append(random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(5));
        }
        VersionShape shape = new VersionShape(version);
        Map<String, List<String>> choices = new HashMap<>();
        if (shape.choices() > 0 && random.nextBoolean()) {
            List<String> options = shape.choiceOptions(0);
            choices.put(shape.choiceCode(0), List.of(options.get(random.nextInt(options.size()))));
        }
        choices.put("comment", List.of("not a choice question: ignored"));
        return new Response(scores.toString(), choices);
    }

    private static Questionnaire shipped(long id, String file) {
        try {
            return new Questionnaire(id, TemplateParser.parse(file, Files.readString(Path.of("survey-templates", file))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
