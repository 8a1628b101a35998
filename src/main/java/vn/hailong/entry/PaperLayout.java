package vn.hailong.entry;

import io.micronaut.core.annotation.Nullable;
import vn.hailong.survey.QuestionType;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyDefinition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The fields of a paper sheet in the order the printed questionnaire has them — opinions (part (a)
 * of sipas-2023), the elements' criteria, the general questions, expectations (part (c)), the
 * profile last, as the phone questionnaire orders them — so that Tab and Enter walk the form as
 * the typist's eye walks the paper. Every closed question is typed as digits: the scale value, or
 * the option's number (1 = the first option as printed), 0 for "no answer".
 */
record PaperLayout(List<Field> fields) {

    /** {@code number} is the position on the sheet (1, 2, ...); {@code kind} scale, choice, multi-choice or text. */
    record Field(int number, String code, String kind, String text, List<Option> options, @Nullable Integer maxLength) {

        /** The form field's name: {@code f.<code>}. */
        public String name() {
            return "f." + code;
        }

        /** The options as printed beside the box: "1 Nam · 2 Nữ · 3 …". */
        public String legend() {
            return String.join(" · ", options.stream().map(o -> o.key() + " " + o.label()).toList());
        }

        public boolean typedAsDigits() {
            return !"text".equals(kind);
        }

        /** Characters a typed answer may need: one digit for a scale, the option numbers for choices. */
        public int width() {
            return switch (kind) {
                case "scale" -> 1;
                case "choice" -> options.size() > 9 ? 2 : 1;
                case "multi-choice" -> options.size() * 3;
                default -> maxLength == null ? 2000 : maxLength;
            };
        }
    }

    /** What a typed digit means: {@code key} as typed, {@code code} the answer it stands for, {@code label} as printed. */
    record Option(String key, String code, String label) {
    }

    private static final List<String> SECTION_ORDER = List.of("opinions", "elements", "general", "expectations", "profile");

    static PaperLayout of(Questionnaire questionnaire, String lang) {
        SurveyDefinition definition = questionnaire.definition();
        record Placed(int section, int order, String code, String kind, String text, List<Option> options, Integer maxLength) {
        }
        List<Placed> placed = new ArrayList<>();
        int order = 0;
        for (SurveyDefinition.Element element : definition.elements()) {
            for (SurveyDefinition.Criterion criterion : element.criteria()) {
                placed.add(new Placed(SECTION_ORDER.indexOf("elements"), order++, criterion.code(), "scale",
                        criterion.text().in(lang), scaleOptions(questionnaire, criterion.code(), lang), null));
            }
        }
        for (SurveyDefinition.Question question : definition.questions()) {
            String section = question.section() != null && SECTION_ORDER.contains(question.section()) ? question.section() : "general";
            List<Option> options = question.type() == QuestionType.SCALE ? scaleOptions(questionnaire, question.code(), lang)
                    : question.options() == null ? List.of() : numbered(question.options(), lang);
            placed.add(new Placed(SECTION_ORDER.indexOf(section), order++, question.code(), question.type().word(),
                    question.text().in(lang), options, question.maxLength()));
        }
        placed.sort(Comparator.comparingInt(Placed::section).thenComparingInt(Placed::order));
        List<Field> fields = new ArrayList<>();
        for (Placed p : placed) {
            fields.add(new Field(fields.size() + 1, p.code(), p.kind(), p.text(), p.options(), p.maxLength()));
        }
        return new PaperLayout(List.copyOf(fields));
    }

    private static List<Option> scaleOptions(Questionnaire questionnaire, String code, String lang) {
        return questionnaire.scaleOf(code).map(scale -> scale.options().stream()
                .map(o -> new Option(Integer.toString(o.value()), Integer.toString(o.value()), o.label().in(lang))).toList()).orElse(List.of());
    }

    private static List<Option> numbered(List<SurveyDefinition.ChoiceOption> options, String lang) {
        List<Option> numbered = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            numbered.add(new Option(Integer.toString(i + 1), options.get(i).code(), options.get(i).label().in(lang)));
        }
        return numbered;
    }
}
