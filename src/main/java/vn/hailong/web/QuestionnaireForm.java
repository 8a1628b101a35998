package vn.hailong.web;

import vn.hailong.response.FieldProblem;
import io.micronaut.core.annotation.Nullable;
import vn.hailong.survey.QuestionType;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyDefinition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the questionnaire page shows, in one language: sections of questions with their options
 * and whatever the citizen already entered (when the page comes back with a problem).
 */
record QuestionnaireForm(String title, @Nullable String intro, List<Section> sections) {

    /**
     * A group of questions: an element (with its title), or questions of one section; {@code profile}
     * shows the "about you" heading, {@code headed} the heading {@code form.section.<code>}.
     */
    record Section(String code, String title, boolean profile, boolean headed, List<Item> items) {
    }

    /** One question on the page. {@code kind} is scale, choice, multi-choice or text. */
    record Item(String code, String field, String kind, String text, boolean required, List<Option> options,
                @Nullable String noAnswer, String value, @Nullable Integer maxLength, @Nullable Integer maxChoices,
                @Nullable FieldProblem problem) {

        public boolean invalid() {
            return problem != null;
        }
    }

    record Option(String value, String label, boolean checked, @Nullable String tone) {
    }

    static String field(String code) {
        return "a." + code;
    }

    /** Question sections with a heading of their own ({@code form.section.<code>}); others join the general questions. */
    static final List<String> HEADED_SECTIONS = List.of("opinions", "expectations");

    /**
     * Order on the page: opinions (part (a) of sipas-2023) first, then the elements, the general
     * questions, expectations (part (c)), and the profile questions last under "about you".
     */
    static QuestionnaireForm build(Questionnaire questionnaire, String lang, Map<String, List<String>> entered, Map<String, FieldProblem> invalid) {
        SurveyDefinition definition = questionnaire.definition();
        Map<String, List<Item>> bySection = new LinkedHashMap<>();
        for (String section : List.of("opinions", "general", "expectations", "profile")) {
            bySection.put(section, new ArrayList<>());
        }
        for (SurveyDefinition.Question question : definition.questions()) {
            Item item = switch (question.type()) {
                case SCALE -> scaleItem(questionnaire, question.code(), question.text().in(lang), question.required(), lang, entered, invalid);
                case CHOICE, MULTI_CHOICE -> choiceItem(question, lang, entered, invalid);
                case TEXT -> new Item(question.code(), field(question.code()), QuestionType.TEXT.word(), question.text().in(lang),
                        question.required(), List.of(), null, first(entered, question.code()), question.maxLength(), null,
                        invalid.get(question.code()));
            };
            String section = question.section();
            bySection.get(section != null && bySection.containsKey(section) ? section : "general").add(item);
        }
        List<Section> sections = new ArrayList<>();
        addSection(sections, "opinions", bySection);
        for (SurveyDefinition.Element element : definition.elements()) {
            List<Item> items = new ArrayList<>();
            for (SurveyDefinition.Criterion criterion : element.criteria()) {
                items.add(scaleItem(questionnaire, criterion.code(), criterion.text().in(lang), criterion.mustAnswer(), lang, entered, invalid));
            }
            sections.add(new Section(element.code(), element.code() + ". " + element.title().in(lang), false, false, items));
        }
        addSection(sections, "general", bySection);
        addSection(sections, "expectations", bySection);
        addSection(sections, "profile", bySection);
        return new QuestionnaireForm(definition.title().in(lang), definition.intro() == null ? null : definition.intro().in(lang), sections);
    }

    private static void addSection(List<Section> sections, String code, Map<String, List<Item>> bySection) {
        List<Item> items = bySection.get(code);
        if (!items.isEmpty()) {
            sections.add(new Section(code, "", "profile".equals(code), HEADED_SECTIONS.contains(code), items));
        }
    }

    private static Item scaleItem(Questionnaire questionnaire, String code, String text, boolean required, String lang,
                                  Map<String, List<String>> entered, Map<String, FieldProblem> invalid) {
        SurveyDefinition.Scale scale = questionnaire.scaleOf(code).orElseThrow();
        String value = first(entered, code);
        List<Option> options = new ArrayList<>();
        int count = scale.options().size();
        for (int i = 0; i < count; i++) {
            SurveyDefinition.ScaleOption option = scale.options().get(i);
            String v = Integer.toString(option.value());
            options.add(new Option(v, option.label().in(lang), v.equals(value), option.satisfied() ? "high" : tone(i, count)));
        }
        return new Item(code, field(code), QuestionType.SCALE.word(), text, required, options,
                scale.noAnswer() == null ? null : scale.noAnswer().in(lang), value, null, null, invalid.get(code));
    }

    private static Item choiceItem(SurveyDefinition.Question question, String lang, Map<String, List<String>> entered, Map<String, FieldProblem> invalid) {
        List<String> chosen = entered.getOrDefault(question.code(), List.of());
        List<Option> options = new ArrayList<>();
        for (SurveyDefinition.ChoiceOption option : question.options()) {
            options.add(new Option(option.code(), option.label().in(lang), chosen.contains(option.code()), null));
        }
        return new Item(question.code(), field(question.code()), question.type().word(), question.text().in(lang),
                question.required(), options, null, chosen.isEmpty() ? "" : chosen.get(0), null, question.maxChoices(),
                invalid.get(question.code()));
    }

    /**
     * Colour group of a scale option: low values red-ish, the middle neutral, high values green; an
     * option the scale counts as satisfied is always green (on the 3-level one-stop scale "Hài lòng"
     * sits in the middle but is a positive answer).
     */
    private static String tone(int index, int count) {
        double position = count == 1 ? 1 : (double) index / (count - 1);
        return position < 0.34 ? "low" : position > 0.66 ? "high" : "mid";
    }

    private static String first(Map<String, List<String>> entered, String code) {
        List<String> values = entered.get(code);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }
}
