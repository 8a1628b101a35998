package vn.hailong.admin;

import vn.hailong.survey.SurveyDefinition;
import vn.hailong.survey.Text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An uploaded questionnaire as citizens will read it, in one language: title, introduction, every
 * element with its criteria and the answer choices, every other question with its choices. Plain
 * maps and lists so the page template needs no knowledge of the definition's records. The page
 * shows it side by side in Vietnamese and English before the administrator publishes it.
 */
final class TemplatePreview {

    private TemplatePreview() {
    }

    static Map<String, Object> of(SurveyDefinition definition, String lang) {
        Map<String, Object> preview = new LinkedHashMap<>();
        preview.put("lang", lang);
        preview.put("title", definition.title().in(lang));
        preview.put("intro", definition.intro() == null ? null : definition.intro().in(lang));
        Map<String, SurveyDefinition.Scale> scales = new LinkedHashMap<>();
        definition.scales().forEach(s -> scales.put(s.code(), s));
        List<Map<String, Object>> elements = new ArrayList<>();
        for (SurveyDefinition.Element element : definition.elements()) {
            List<Map<String, Object>> criteria = new ArrayList<>();
            for (SurveyDefinition.Criterion c : element.criteria()) {
                String scale = c.scale() != null ? c.scale() : definition.indexScale();
                criteria.add(item(c.code(), c.text(), lang, choices(scales.get(scale), lang), c.mustAnswer()));
            }
            elements.add(Map.of("code", element.code(), "title", element.title().in(lang), "criteria", criteria));
        }
        preview.put("elements", elements);
        List<Map<String, Object>> questions = new ArrayList<>();
        for (SurveyDefinition.Question q : definition.questions()) {
            List<String> choices = q.scale() != null ? choices(scales.get(q.scale()), lang)
                    : q.options() == null ? List.of() : q.options().stream().map(o -> o.label().in(lang)).toList();
            questions.add(item(q.code(), q.text(), lang, choices, q.required()));
        }
        preview.put("questions", questions);
        return preview;
    }

    private static Map<String, Object> item(String code, Text text, String lang, List<String> choices, boolean required) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("code", code);
        item.put("text", text.in(lang));
        item.put("choices", choices);
        item.put("required", required);
        return item;
    }

    /** "1 · Rất không hài lòng", … and the no-answer choice last. */
    private static List<String> choices(SurveyDefinition.Scale scale, String lang) {
        if (scale == null) {
            return List.of();
        }
        List<String> choices = new ArrayList<>();
        scale.options().forEach(o -> choices.add(o.value() + " · " + o.label().in(lang)));
        if (scale.noAnswer() != null) {
            choices.add(scale.noAnswer().in(lang));
        }
        return choices;
    }
}
