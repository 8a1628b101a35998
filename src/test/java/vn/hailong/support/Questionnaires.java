package vn.hailong.support;

/** A small valid questionnaire file (the survey-templates/ format) for the upload tests (issue 15). */
public final class Questionnaires {

    /**
     * The usual five-level scale {@code s5} (4 and 5 satisfied) as the index scale: the
     * {@code scales:} and {@code indexScale:} lines of a questionnaire file, at the top level.
     */
    public static final String FIVE_LEVEL_SCALE = """
            scales:
              - code: s5
                options:
                  - {value: 1, label: {vi: "Rất không hài lòng", en: "Very dissatisfied"}}
                  - {value: 2, label: {vi: "Không hài lòng", en: "Dissatisfied"}}
                  - {value: 3, label: {vi: "Bình thường", en: "Neutral"}}
                  - {value: 4, label: {vi: "Hài lòng", en: "Satisfied"}, satisfied: true}
                  - {value: 5, label: {vi: "Rất hài lòng", en: "Very satisfied"}, satisfied: true}
                noAnswer: {vi: "Không trả lời", en: "No answer"}
            indexScale: s5""";

    private Questionnaires() {
    }

    /** One element, one criterion with the given Vietnamese and English wording, the usual five-level scale. */
    public static String yaml(String code, int version, String criterionVi, String criterionEn) {
        return """
                code: %s
                version: %d
                title: {vi: "Phiếu thử %s", en: "Test form %s"}
                %s
                elements:
                  - code: E1
                    title: {vi: "Tiếp cận dịch vụ", en: "Access to the service"}
                    criteria:
                      - {code: E1.1, text: {vi: "%s", en: "%s"}}
                """.formatted(code, version, code, code, FIVE_LEVEL_SCALE, criterionVi, criterionEn);
    }

    public static String yaml(String code, int version, String criterion) {
        return yaml(code, version, criterion, criterion);
    }
}
