package vn.hailong.response;

import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;
import vn.hailong.dossier.RatingCodes;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.TemplateParser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The legal evaluation's {@code time} criterion answered from the rated dossier's due and return days. */
class DossierAnswersTest {

    static final ZoneId HANOI = ZoneId.of("Asia/Ho_Chi_Minh");
    static final Instant DUE = Instant.parse("2026-11-10T10:00:00Z");

    private static Questionnaire legal() throws Exception {
        String yaml = Files.readString(Path.of("survey-templates", "legal-evaluation.yml"));
        return new Questionnaire(1, TemplateParser.parse("legal-evaluation.yml", yaml));
    }

    private static RatingCodes.RatedDossier dossier(Instant due, Instant returned) {
        return new RatingCodes.RatedDossier(1, 1, "A", "hash", 0, 0, 0, "direct", null, null, null, null, due, returned);
    }

    @Test
    void anUnansweredTimeTakesTheValueOfTheReturnAgainstTheDueDay() throws Exception {
        Questionnaire legal = legal();
        Map<String, JsonNode> contactsOnly = Map.of("contacts", JsonNode.createNumberNode(3));

        assertThat(DossierAnswers.fill(legal, contactsOnly, dossier(DUE, Instant.parse("2026-11-08T03:00:00Z")), HANOI).get("time").getIntValue())
                .as("shorter: the highest value").isEqualTo(3);
        assertThat(DossierAnswers.fill(legal, contactsOnly, dossier(DUE, Instant.parse("2026-11-10T12:00:00Z")), HANOI).get("time").getIntValue())
                .as("equal: the middle value").isEqualTo(2);
        assertThat(DossierAnswers.fill(legal, contactsOnly, dossier(DUE, Instant.parse("2026-11-11T01:00:00Z")), HANOI).get("time").getIntValue())
                .as("longer: the lowest value").isEqualTo(1);
        Map<String, JsonNode> explicitNull = new HashMap<>(contactsOnly);
        explicitNull.put("time", JsonNode.nullNode());
        assertThat(DossierAnswers.fill(legal, explicitNull, dossier(DUE, Instant.parse("2026-11-11T01:00:00Z")), HANOI).get("time").getIntValue())
                .as("null is no answer").isEqualTo(1);
    }

    @Test
    void theCitizensAnswerIsKeptAndADossierWithoutBothTimesFillsNothing() throws Exception {
        Questionnaire legal = legal();
        Map<String, JsonNode> answered = Map.of("time", JsonNode.createNumberNode(3), "contacts", JsonNode.createNumberNode(1));
        Map<String, JsonNode> contactsOnly = Map.of("contacts", JsonNode.createNumberNode(1));

        assertThat(DossierAnswers.fill(legal, answered, dossier(DUE, Instant.parse("2026-11-12T01:00:00Z")), HANOI)).isSameAs(answered);
        assertThat(DossierAnswers.fill(legal, contactsOnly, dossier(null, Instant.parse("2026-11-12T01:00:00Z")), HANOI)).isSameAs(contactsOnly);
        assertThat(DossierAnswers.fill(legal, contactsOnly, dossier(DUE, null), HANOI)).doesNotContainKey("time");
    }
}
