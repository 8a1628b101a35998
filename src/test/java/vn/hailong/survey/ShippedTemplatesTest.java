package vn.hailong.survey;

import org.junit.jupiter.api.Test;
import vn.hailong.survey.SurveyDefinition.ChoiceOption;
import vn.hailong.survey.SurveyDefinition.Criterion;
import vn.hailong.survey.SurveyDefinition.Element;
import vn.hailong.survey.SurveyDefinition.Question;
import vn.hailong.survey.SurveyDefinition.RequiredWhen;
import vn.hailong.survey.SurveyDefinition.Scale;
import vn.hailong.survey.SurveyDefinition.ScaleOption;

import java.io.IOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The questionnaires shipped besides sipas-2017 (docs/method.md §1): one-stop-rating and sipas-2023
 * parse, and have the structure the method describes.
 */
class ShippedTemplatesTest {

    /** sipas-2023 part (b): the 2017 criteria, with E1.5 (signs and directions) added to access. */
    static final List<String> SIPAS_2023_CRITERIA;

    static {
        List<String> criteria = new ArrayList<>(TemplateParserTest.SIPAS_CRITERIA);
        criteria.add(criteria.indexOf("E1.4") + 1, "E1.5");
        SIPAS_2023_CRITERIA = List.copyOf(criteria);
    }

    /** survey-templates/legal-evaluation.yml: the two criteria of TT 01/2018/TT-VPCP Điều 13 whose points were found (docs/method.md §12). */
    @Test
    void legalEvaluationHasTheCircularsPointsAndTakesItsTimeFromTheDossier() throws IOException {
        String file = TemplateParserTest.shipped("legal-evaluation.yml");
        assertThat(Normalizer.isNormalized(file, Normalizer.Form.NFC)).as("saved as NFC").isTrue();
        SurveyDefinition legal = TemplateParser.parse("legal-evaluation.yml", file);

        assertThat(legal.code()).isEqualTo("legal-evaluation");
        List<Criterion> criteria = legal.elements().get(0).criteria();
        assertThat(criteria).extracting(Criterion::code).containsExactly("time", "contacts");
        assertThat(criteria).allSatisfy(c -> assertThat(c.mustAnswer()).isTrue());
        assertThat(criteria.get(0).fromDossier()).isEqualTo(Criterion.DUE_DATE);
        assertThat(criteria.get(1).fromDossier()).isNull();
        // khoản 1: longer 0, equal 1, shorter 2; khoản 3: more than once 0, once 1, none 2 — lowest value first
        assertThat(scaleOf(legal, criteria.get(0)).options()).extracting(ScaleOption::points).containsExactly(0, 1, 2);
        assertThat(scaleOf(legal, criteria.get(1)).options()).extracting(ScaleOption::points).containsExactly(0, 1, 2);
        assertThat(scaleOf(legal, criteria.get(1)).options()).extracting(o -> o.label().vi())
                .containsExactly("Hơn một lần", "Một lần", "Không lần nào");
    }

    @Test
    void oneStopRatingIsOneRequiredThreeLevelRatingWithAReasonWhenNotSatisfied() throws IOException {
        String file = TemplateParserTest.shipped("one-stop-rating.yml");
        assertThat(Normalizer.isNormalized(file, Normalizer.Form.NFC)).as("saved as NFC").isTrue();
        SurveyDefinition rating = TemplateParser.parse("one-stop-rating.yml", file);

        assertThat(rating.code()).isEqualTo("one-stop-rating");
        assertThat(rating.version()).isEqualTo(2);
        assertThat(rating.elements()).singleElement().satisfies(element -> {
            assertThat(element.code()).isEqualTo("R");
            assertThat(element.title().vi()).isEqualTo("Đánh giá giải quyết hồ sơ");
            assertThat(element.criteria()).singleElement().satisfies(c -> {
                assertThat(c.code()).isEqualTo("rating");
                assertThat(c.mustAnswer()).as("the rating is required").isTrue();
            });
        });
        Scale scale = scaleOf(rating, rating.elements().get(0).criteria().get(0));
        assertThat(scale.options()).extracting(ScaleOption::value).containsExactly(1, 2, 3);
        assertThat(scale.options()).extracting(o -> o.label().vi()).containsExactly("Không hài lòng", "Hài lòng", "Rất hài lòng");
        assertThat(scale.options()).extracting(ScaleOption::satisfied).containsExactly(false, true, true);
        assertThat(scale.noAnswer()).as("no 'no answer' on the one-stop rating").isNull();

        assertThat(rating.questions()).extracting(Question::code).containsExactly("reason", "reasonText");
        Question reason = rating.questions().get(0);
        assertThat(reason.type()).isEqualTo(QuestionType.CHOICE);
        assertThat(reason.required()).isFalse();
        assertThat(reason.requiredWhen()).isEqualTo(new RequiredWhen("rating", List.of(1)));
        assertThat(reason.options()).extracting(ChoiceOption::code)
                .contains("long-wait", "extra-documents", "unclear-guidance", "staff-attitude", "late-result")
                .endsWith("other", "not-given");
        // "not-given": what a kiosk records when a citizen tapped "Không hài lòng" and left (issue 12 item 5).
        assertThat(reason.options().get(reason.options().size() - 1).label().vi()).isEqualTo("Không nêu lý do");
        Question reasonText = rating.questions().get(1);
        assertThat(reasonText.type()).isEqualTo(QuestionType.TEXT);
        assertThat(reasonText.maxLength()).isEqualTo(500);
        assertThat(reasonText.required()).isFalse();
        assertThat(reasonText.requiredWhen()).isNull();
        assertBilingual(rating, 13);
    }

    /** Version 1 stays shipped unchanged, so its stored responses and kiosks still holding it offline stay valid. */
    @Test
    void oneStopRatingVersion1IsVersion2WithoutTheNotGivenReason() throws IOException {
        SurveyDefinition v1 = TemplateParser.parse("one-stop-rating-v1.yml", TemplateParserTest.shipped("one-stop-rating-v1.yml"));
        SurveyDefinition v2 = TemplateParser.parse("one-stop-rating.yml", TemplateParserTest.shipped("one-stop-rating.yml"));
        assertThat(v1.code()).isEqualTo(v2.code());
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.elements()).isEqualTo(v2.elements());
        assertThat(v1.questions().get(0).options()).extracting(ChoiceOption::code)
                .containsExactly("long-wait", "extra-documents", "unclear-guidance", "staff-attitude", "late-result", "other");
        assertThat(v1.questions().get(0).options()).isEqualTo(v2.questions().get(0).options().subList(0, 6));
    }

    @Test
    void sipas2023HasOpinionsTheFiveElementsAndExpectations() throws IOException {
        String file = TemplateParserTest.shipped("sipas-2023.yml");
        assertThat(Normalizer.isNormalized(file, Normalizer.Form.NFC)).as("saved as NFC").isTrue();
        SurveyDefinition sipas = TemplateParser.parse("sipas-2023.yml", file);
        SurveyDefinition sipas2017 = TemplateParser.parse("sipas-2017.yml", TemplateParserTest.shippedSipas());

        assertThat(sipas.code()).isEqualTo("sipas-2023");
        assertThat(sipas.version()).isEqualTo(1);
        // (b) satisfaction: the five elements, 2017 codes kept, E1.5 added; same scale as 2017
        assertThat(sipas.elements()).extracting(Element::code).containsExactly("E1", "E2", "E3", "E4", "E5");
        List<String> criteria = sipas.elements().stream().flatMap(e -> e.criteria().stream()).map(Criterion::code).toList();
        assertThat(criteria).containsExactlyElementsOf(SIPAS_2023_CRITERIA);
        for (Element element : sipas.elements()) {
            assertThat(element.criteria()).allSatisfy(c -> assertThat(c.code()).startsWith(element.code() + "."));
            assertThat(element.criteria()).allSatisfy(c -> assertThat(c.mustAnswer()).isFalse());
        }
        Criterion signs = sipas.elements().get(0).criteria().get(4);
        assertThat(signs.text().vi()).contains("biển chỉ dẫn");
        assertThat(signs.text().en()).containsIgnoringCase("signs");
        Scale scale = scaleOf(sipas, signs);
        assertThat(scale).isEqualTo(sipas2017.scales().get(0));
        assertThat(scale.noAnswer()).isNotNull();
        assertThat(scale.options()).filteredOn(ScaleOption::satisfied).extracting(ScaleOption::value).containsExactly(4, 5);

        Map<String, Question> questions = new LinkedHashMap<>();
        sipas.questions().forEach(q -> questions.put(q.code(), q));
        // (a) opinions: choice questions in section opinions
        assertChoice(questions.get("harassment"), "opinions", "none", "some", "many");
        assertChoice(questions.get("informalPayment"), "opinions", "no", "yes", "undisclosed");
        assertChoice(questions.get("submission"), "opinions", "in-person", "online", "post");
        // (c) needs and expectations: a multi-choice in section expectations
        Question expectations = questions.get("expectations");
        assertThat(expectations.type()).isEqualTo(QuestionType.MULTI_CHOICE);
        assertThat(expectations.section()).isEqualTo("expectations");
        assertThat(expectations.options()).hasSizeGreaterThanOrEqualTo(5);
        // plus overall satisfaction (not in the index) and a comment
        assertThat(questions.get("overall").type()).isEqualTo(QuestionType.SCALE);
        assertThat(questions.get("overall").scale()).isEqualTo(sipas.indexScale());
        assertThat(questions.get("comment").type()).isEqualTo(QuestionType.TEXT);
        assertThat(questions.values()).allSatisfy(q -> {
            assertThat(q.required()).as(q.code()).isFalse();
            assertThat(q.requiredWhen()).as(q.code()).isNull();
        });
        // no question is part of the index: only the elements' criteria are
        assertThat(questions.keySet()).doesNotContainAnyElementsOf(criteria);
        assertBilingual(sipas, 60);
        assertThat(sipas.title().vi()).contains("hài lòng");
        assertThat(sipas.title()).isNotEqualTo(sipas2017.title());
    }

    private static void assertChoice(Question question, String section, String... options) {
        assertThat(question).isNotNull();
        assertThat(question.type()).as(question.code()).isEqualTo(QuestionType.CHOICE);
        assertThat(question.section()).as(question.code()).isEqualTo(section);
        assertThat(question.options()).extracting(ChoiceOption::code).as(question.code()).containsExactly(options);
    }

    private static Scale scaleOf(SurveyDefinition definition, Criterion criterion) {
        return definition.scales().stream().filter(s -> s.code().equals(criterion.scale())).findFirst().orElseThrow();
    }

    /** Every text has Vietnamese (mostly not a copy of the English) and English. */
    private static void assertBilingual(SurveyDefinition definition, int atLeast) {
        Map<String, Text> texts = new TreeMap<>();
        texts.put("title", definition.title());
        texts.put("intro", definition.intro());
        for (Scale scale : definition.scales()) {
            if (scale.noAnswer() != null) {
                texts.put("scale " + scale.code() + " noAnswer", scale.noAnswer());
            }
            scale.options().forEach(o -> texts.put("scale " + scale.code() + " option " + o.value(), o.label()));
        }
        for (Element element : definition.elements()) {
            texts.put(element.code(), element.title());
            element.criteria().forEach(c -> texts.put(c.code(), c.text()));
        }
        for (Question question : definition.questions()) {
            texts.put(question.code(), question.text());
            if (question.options() != null) {
                question.options().forEach(o -> texts.put(question.code() + " option " + o.code(), o.label()));
            }
        }
        assertThat(texts).hasSizeGreaterThanOrEqualTo(atLeast);
        texts.forEach((where, text) -> {
            assertThat(text).as(where).isNotNull();
            assertThat(text.vi()).as(where + " vi").isNotBlank();
            assertThat(text.en()).as(where + " en").isNotBlank();
        });
        long differing = texts.values().stream().filter(t -> !t.vi().equals(t.en())).count();
        assertThat(differing).as("Vietnamese wording is not a copy of the English").isGreaterThan(texts.size() * 9L / 10);
    }
}
