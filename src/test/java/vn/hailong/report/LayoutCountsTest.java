package vn.hailong.report;

import org.junit.jupiter.api.Test;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.TemplateParser;
import vn.hailong.tally.RollupTally;
import vn.hailong.tally.VersionShape;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report layout pooling two versions in which a criterion moved to another element: the
 * per-version element counts the rollups store cannot be mapped onto it, so the row path counts
 * in the version's shape regrouped into the layout's elements ({@link TallySource#shapes}). The
 * element respondents then equal a direct count in the layout's grouping.
 */
class LayoutCountsTest {

    /** Version 1: E1 = {C1, C2}, E2 = {C3}. Version 2 moves C2 into E2. */
    static final Questionnaire V1 = questionnaire(1, 11, "C1, C2", "C3");
    static final Questionnaire V2 = questionnaire(2, 12, "C1", "C2, C3");

    @Test
    void movedCriterionCountsInTheLayoutsElement() {
        ReportLayout layout = new ReportLayout(List.of(V1, V2));
        assertThat(layout.rollupsApply()).as("the stored per-version counts cannot map onto this layout").isFalse();
        assertThat(layout.elementCodeOf("C2")).isEqualTo("E2");

        Map<Long, VersionShape> shapes = new HashMap<>();
        shapes.put(11L, new VersionShape(V1).regrouped(layout::elementCodeOf));
        shapes.put(12L, new VersionShape(V2).regrouped(layout::elementCodeOf));
        RollupTally tally = new RollupTally(shapes::get);
        Random random = new Random(7);
        long[] expected = new long[2]; // respondents with a valid answer in layout E1 = {C1}, E2 = {C2, C3}
        long responses = 0;
        for (int i = 0; i < 400; i++) {
            long version = random.nextBoolean() ? 11 : 12;
            int[] value = new int[3];
            for (int k = 0; k < 3; k++) {
                value[k] = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(5);
            }
            if (value[0] + value[1] + value[2] == 0) {
                continue;
            }
            responses++;
            expected[0] += value[0] > 0 ? 1 : 0;
            expected[1] += value[1] > 0 || value[2] > 0 ? 1 : 0;
            // both versions' score lines hold the criteria in definition order: C1, C2, C3
            tally.forVersion(version).addResponse("" + value[0] + value[1] + value[2], Map.of(), 1);
        }
        LayoutCounts counts = LayoutCounts.of(layout, tally);
        assertThat(counts.responses).isEqualTo(responses);
        assertThat(layout.elements).extracting(ReportLayout.ElementSlot::code).containsExactly("E1", "E2");
        assertThat(counts.elementRespondents).containsExactly(expected[0], expected[1]);

        // The version's own shape, as the rollups store it, would have counted C2 answers of version 1 in E1.
        RollupTally own = new RollupTally(id -> new VersionShape(id == 11 ? V1 : V2));
        own.forVersion(11).addResponse("050", Map.of(), 1);
        assertThat(own.versions().get(11L).elementRespondents(0)).isEqualTo(1);
        RollupTally regrouped = new RollupTally(shapes::get);
        regrouped.forVersion(11).addResponse("050", Map.of(), 1);
        assertThat(LayoutCounts.of(layout, regrouped).elementRespondents).containsExactly(0, 1);
    }

    private static Questionnaire questionnaire(int version, long id, String first, String second) {
        StringBuilder yaml = new StringBuilder("""
                code: moved
                version: %d
                title: {vi: "Phiếu thử", en: "Test form"}
                scales:
                  - code: s5
                    options:
                      - {value: 1, label: {vi: "1", en: "1"}}
                      - {value: 2, label: {vi: "2", en: "2"}}
                      - {value: 3, label: {vi: "3", en: "3"}}
                      - {value: 4, label: {vi: "4", en: "4"}, satisfied: true}
                      - {value: 5, label: {vi: "5", en: "5"}, satisfied: true}
                    noAnswer: {vi: "Không trả lời", en: "No answer"}
                indexScale: s5
                elements:
                """.formatted(version));
        String[][] elements = {first.split(", "), second.split(", ")};
        for (int e = 0; e < elements.length; e++) {
            yaml.append("  - code: E").append(e + 1).append("\n    title: {vi: \"E").append(e + 1)
                    .append("\", en: \"E").append(e + 1).append("\"}\n    criteria:\n");
            for (String code : elements[e]) {
                yaml.append("      - {code: ").append(code).append(", text: {vi: \"").append(code).append("\", en: \"")
                        .append(code).append("\"}}\n");
            }
        }
        return new Questionnaire(id, TemplateParser.parse("moved.yml", yaml.toString()));
    }
}
