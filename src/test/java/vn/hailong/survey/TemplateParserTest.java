package vn.hailong.survey;

import org.junit.jupiter.api.Test;
import vn.hailong.survey.SurveyDefinition.Criterion;
import vn.hailong.survey.SurveyDefinition.Element;
import vn.hailong.survey.SurveyDefinition.Question;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The template parser on its own: the shipped SIPAS questionnaire, and one broken file per rule,
 * each reported with the file name, the line the author must look at and what is wrong.
 */
class TemplateParserTest {

    static final List<String> SIPAS_CRITERIA = List.of(
            "E1.1", "E1.2", "E1.3", "E1.4",
            "E2.1", "E2.2", "E2.3", "E2.4", "E2.5",
            "E3.1", "E3.2", "E3.3", "E3.4", "E3.5", "E3.6",
            "E4.1", "E4.2", "E4.3",
            "E5.1", "E5.2", "E5.3", "E5.4");

    /** A small valid template; the tests below break one line of it at a time (line numbers in the comments). */
    static final String MINI = """
            code: mini
            version: 1
            title: {vi: "Phiếu thử", en: "Test form"}
            scales:
              - code: s5
                options:
                  - {value: 1, label: {vi: "Kém", en: "Poor"}}
                  - {value: 5, label: {vi: "Tốt", en: "Good"}, satisfied: true}
            indexScale: s5
            elements:
              - code: E1
                title: {vi: "Tiếp cận", en: "Access"}
                criteria:
                  - code: E1.1
                    text: {vi: "Đủ ghế", en: "Enough seats"}
                  - code: E1.2
                    text: {vi: "Đủ bàn", en: "Enough desks"}
            questions:
              - code: gender
                type: choice
                text: {vi: "Giới tính", en: "Gender"}
                options:
                  - {code: male, label: {vi: "Nam", en: "Male"}}
            """;
    // line  1 code            line  9 indexScale       line 17 E1.2 text
    // line  3 title           line 11 element E1       line 19 question gender
    // line  7 option value 1  line 14 criterion E1.1   line 20 type
    // line  8 option value 5  line 16 criterion E1.2   line 22 options

    @Test
    void shippedSipasTemplateParsesWithFiveElementsAndTheTwentyTwoCriteriaInOrder() throws IOException {
        SurveyDefinition sipas = TemplateParser.parse("sipas-2017.yml", shippedSipas());

        assertThat(sipas.code()).isEqualTo("sipas-2017");
        assertThat(sipas.version()).isEqualTo(1);
        assertThat(sipas.elements()).extracting(Element::code).containsExactly("E1", "E2", "E3", "E4", "E5");
        List<String> criteria = sipas.elements().stream().flatMap(e -> e.criteria().stream()).map(Criterion::code).toList();
        assertThat(criteria).containsExactlyElementsOf(SIPAS_CRITERIA);
        for (Element element : sipas.elements()) {
            assertThat(element.criteria()).allSatisfy(c -> assertThat(c.code()).startsWith(element.code() + "."));
            assertThat(element.criteria()).allSatisfy(c -> assertThat(c.scale()).isEqualTo(sipas.indexScale()));
        }
        SurveyDefinition.Scale scale = sipas.scales().stream().filter(s -> s.code().equals(sipas.indexScale())).findFirst().orElseThrow();
        assertThat(scale.options()).extracting(SurveyDefinition.ScaleOption::value).containsExactly(1, 2, 3, 4, 5);
        assertThat(scale.options()).filteredOn(SurveyDefinition.ScaleOption::satisfied)
                .extracting(SurveyDefinition.ScaleOption::value).containsExactly(4, 5);
    }

    @Test
    void everyTextOfTheShippedSipasTemplateHasVietnameseAndEnglish() throws IOException {
        SurveyDefinition sipas = TemplateParser.parse("sipas-2017.yml", shippedSipas());

        Map<String, Text> texts = new TreeMap<>();
        texts.put("title", sipas.title());
        texts.put("intro", sipas.intro());
        for (SurveyDefinition.Scale scale : sipas.scales()) {
            texts.put("scale " + scale.code() + " noAnswer", scale.noAnswer());
            scale.options().forEach(o -> texts.put("scale " + scale.code() + " option " + o.value(), o.label()));
        }
        for (Element element : sipas.elements()) {
            texts.put(element.code(), element.title());
            element.criteria().forEach(c -> texts.put(c.code(), c.text()));
        }
        for (Question question : sipas.questions()) {
            texts.put(question.code(), question.text());
            if (question.options() != null) {
                question.options().forEach(o -> texts.put(question.code() + " option " + o.code(), o.label()));
            }
        }

        assertThat(texts).hasSizeGreaterThan(60);
        texts.forEach((where, text) -> {
            assertThat(text).as(where).isNotNull();
            assertThat(text.vi()).as(where + " vi").isNotBlank();
            assertThat(text.en()).as(where + " en").isNotBlank();
        });
        // Vietnamese wording is really Vietnamese (diacritics), not a copy of the English.
        assertThat(sipas.title().vi()).contains("hài lòng").isNotEqualTo(sipas.title().en());
    }

    @Test
    void miniTemplateIsValid() {
        SurveyDefinition mini = TemplateParser.parse("mini.yml", MINI);

        assertThat(mini.elements().get(0).criteria()).extracting(Criterion::code).containsExactly("E1.1", "E1.2");
        assertThat(mini.questions()).extracting(Question::code).containsExactly("gender");
    }

    @Test
    void invalidYamlIsReportedWithFileAndLine() {
        String yaml = withLine(MINI, 12, "    title: {vi: \"Tiếp cận\", en: \"Access\"}}");

        TemplateException e = failure("broken.yml", yaml);

        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).line()).isEqualTo(12);
        assertThat(e).hasMessageContaining("broken.yml:12").hasMessageContaining("not valid YAML");
    }

    @Test
    void unknownKeyIsReportedWithItsLine() {
        String yaml = withLines(MINI, 12, "    title: {vi: \"Tiếp cận\", en: \"Access\"}", "    colour: red");

        TemplateException e = failure("extra.yml", yaml);

        assertThat(e).hasMessageContaining("extra.yml:13").hasMessageContaining("unknown key 'colour'");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(13);
            assertThat(p.path()).isEqualTo("elements[0].colour");
        });
    }

    @Test
    void duplicateCriterionCodeIsReportedAtTheSecondUse() {
        String yaml = withLine(MINI, 16, "      - code: E1.1");

        TemplateException e = failure("twice.yml", yaml);

        assertThat(e).hasMessageContaining("twice.yml:16").hasMessageContaining("code 'E1.1' is used twice");
        assertThat(e.problems()).singleElement().extracting(TemplateProblem::line).isEqualTo(16);
    }

    @Test
    void textWithoutVietnameseIsReported() {
        String yaml = withLine(MINI, 17, "        text: {en: \"Enough desks\"}");

        TemplateException e = failure("no-vi.yml", yaml);

        assertThat(e).hasMessageContaining("no-vi.yml:17").hasMessageContaining("missing 'vi'");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(17);
            assertThat(p.path()).isEqualTo("elements[0].criteria[1].text");
        });
    }

    @Test
    void scaleValueOutOfRangeIsReported() {
        String yaml = withLine(MINI, 8, "      - {value: 10, label: {vi: \"Tốt\", en: \"Good\"}, satisfied: true}");

        TemplateException e = failure("range.yml", yaml);

        assertThat(e).hasMessageContaining("range.yml:8").hasMessageContaining("must be from 1 to 9, got 10");
        assertThat(e.problems()).extracting(TemplateProblem::line).containsOnly(8);
    }

    @Test
    void optionPointsAreReadAndAScaleWithoutPointsHasNone() {
        String yaml = withLine(withLine(MINI, 7, "      - {value: 1, label: {vi: \"Kém\", en: \"Poor\"}, points: 0}"),
                8, "      - {value: 5, label: {vi: \"Tốt\", en: \"Good\"}, satisfied: true, points: 2}");

        SurveyDefinition scored = TemplateParser.parse("points.yml", yaml);
        SurveyDefinition plain = TemplateParser.parse("plain.yml", MINI);

        assertThat(scored.scales().get(0).options()).extracting(SurveyDefinition.ScaleOption::points).containsExactly(0, 2);
        assertThat(scored.scales().get(0).scored()).isTrue();
        assertThat(plain.scales().get(0).options()).extracting(SurveyDefinition.ScaleOption::points).containsOnlyNulls();
        assertThat(plain.scales().get(0).scored()).isFalse();
    }

    @Test
    void pointsOnSomeOptionsOnlyAreReportedAtTheOptionsList() {
        String yaml = withLine(MINI, 8, "      - {value: 5, label: {vi: \"Tốt\", en: \"Good\"}, satisfied: true, points: 2}");

        TemplateException e = failure("some.yml", yaml);

        assertThat(e).hasMessageContaining("some.yml:7").hasMessageContaining("give 'points' to every option of the scale or to none (1 of 2 have it)");
        assertThat(e.problems()).singleElement().extracting(TemplateProblem::path).isEqualTo("scales[0].options");
    }

    @Test
    void pointsThatAreNotAWholeNumberFrom0To100AreReportedWithTheirLine() {
        String yaml = withLine(withLine(MINI, 7, "      - {value: 1, label: {vi: \"Kém\", en: \"Poor\"}, points: -1}"),
                8, "      - {value: 5, label: {vi: \"Tốt\", en: \"Good\"}, satisfied: true, points: 1.5}");

        TemplateException e = failure("bad-points.yml", yaml);

        assertThat(e.problems()).extracting(TemplateProblem::line, TemplateProblem::path, TemplateProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(7, "scales[0].options[0].points", "must be from 0 to 100, got -1"),
                org.assertj.core.groups.Tuple.tuple(8, "scales[0].options[1].points", "must be a whole number, got '1.5'"));
    }

    @Test
    void fromDossierTakesOnlyDueDateAndOnlyOnAThreeOptionScale() {
        String unknown = withLines(MINI, 15, "        text: {vi: \"Đủ ghế\", en: \"Enough seats\"}", "        fromDossier: channel");
        String twoOptions = withLines(MINI, 15, "        text: {vi: \"Đủ ghế\", en: \"Enough seats\"}", "        fromDossier: dueDate");

        assertThat(failure("from.yml", unknown).problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(16);
            assertThat(p.path()).isEqualTo("elements[0].criteria[0].fromDossier");
            assertThat(p.message()).isEqualTo("the only value is 'dueDate' (the return date against the due date), got 'channel'");
        });
        assertThat(failure("from2.yml", twoOptions).problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(16);
            assertThat(p.message()).isEqualTo("needs a scale of exactly 3 options (returned late, on the due date, early), 's5' has 2");
        });
    }

    @Test
    void criterionOnAnUnknownScaleIsReported() {
        String yaml = withLines(MINI, 15, "        text: {vi: \"Đủ ghế\", en: \"Enough seats\"}", "        scale: stars10");

        TemplateException e = failure("scale.yml", yaml);

        assertThat(e).hasMessageContaining("scale.yml:16").hasMessageContaining("names no scale of this file: 'stars10'");
        assertThat(e.problems()).singleElement().extracting(TemplateProblem::path).isEqualTo("elements[0].criteria[0].scale");
    }

    @Test
    void unknownIndexScaleIsReported() {
        String yaml = withLine(MINI, 9, "indexScale: stars10");

        TemplateException e = failure("index.yml", yaml);

        assertThat(e).hasMessageContaining("index.yml:9").hasMessageContaining("names no scale of this file: 'stars10'");
    }

    @Test
    void choiceQuestionWithoutOptionsIsReported() {
        String yaml = MINI.lines().limit(21).reduce("", (a, b) -> a + b + "\n");

        TemplateException e = failure("options.yml", yaml);

        assertThat(e).hasMessageContaining("options.yml:19").hasMessageContaining("missing 'options'");
        assertThat(e.problems()).singleElement().extracting(TemplateProblem::path).isEqualTo("questions[0]");
    }

    @Test
    void wrongQuestionTypeIsReported() {
        String yaml = withLine(MINI, 20, "    type: radio");

        TemplateException e = failure("type.yml", yaml);

        assertThat(e).hasMessageContaining("type.yml:20")
                .hasMessageContaining("must be one of scale, choice, multi-choice, text; got 'radio'");
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnce() {
        String yaml = MINI;
        yaml = withLine(yaml, 20, "    type: radio");
        yaml = withLine(yaml, 17, "        text: {en: \"Enough desks\"}");
        yaml = withLine(yaml, 16, "      - code: E1.1");
        yaml = withLine(yaml, 8, "      - {value: 10, label: {vi: \"Tốt\", en: \"Good\"}, satisfied: true}");
        yaml = withLine(yaml, 1, "code: Mini Survey");

        TemplateException e = failure("many.yml", yaml);

        assertThat(e.problems()).extracting(TemplateProblem::line).contains(1, 8, 16, 17, 20);
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo("many.yml"));
        assertThat(e).hasMessageStartingWith("Survey template problems:")
                .hasMessageContaining("many.yml:1 (code): must be lower-case letters")
                .hasMessageContaining("many.yml:8 (scales[0].options[1].value): must be from 1 to 9, got 10")
                .hasMessageContaining("many.yml:16 (elements[0].criteria[1].code): code 'E1.1' is used twice")
                .hasMessageContaining("many.yml:17 (elements[0].criteria[1].text): missing 'vi'")
                .hasMessageContaining("many.yml:20 (questions[0].type): must be one of scale, choice, multi-choice, text");
    }

    @Test
    void emptyFileIsReported() {
        TemplateException e = failure("empty.yml", "# nothing yet\n");

        assertThat(e).hasMessageContaining("empty.yml:1").hasMessageContaining("the file is empty");
    }

    // --- requiredWhen and required criteria ---

    /** MINI plus a second gender option and two conditional questions (lines 24-32). */
    static final String CONDITIONS = MINI + """
                  - {code: female, label: {vi: "Nữ", en: "Female"}}
              - code: why
                type: text
                text: {vi: "Vì sao chưa hài lòng?", en: "Why not satisfied?"}
                requiredWhen: {question: E1.1, values: [1]}
              - code: pronoun
                type: choice
                text: {vi: "Cách xưng hô", en: "Form of address"}
                requiredWhen: {question: gender, values: [female, male]}
                options:
                  - {code: formal, label: {vi: "Trang trọng", en: "Formal"}}
            """;
    // line 24 option female   line 28 why requiredWhen   line 32 pronoun requiredWhen

    @Test
    void requiredWhenOnACriterionOrAChoiceQuestionIsValid() {
        SurveyDefinition parsed = TemplateParser.parse("conditions.yml", CONDITIONS);

        Map<String, Question> questions = new TreeMap<>();
        parsed.questions().forEach(q -> questions.put(q.code(), q));
        assertThat(questions.get("why").requiredWhen()).isEqualTo(new SurveyDefinition.RequiredWhen("E1.1", List.of(1)));
        assertThat(questions.get("why").requiredWhen().values().get(0)).as("scale values are integers").isInstanceOf(Integer.class);
        assertThat(questions.get("why").required()).isFalse();
        assertThat(questions.get("pronoun").requiredWhen()).isEqualTo(new SurveyDefinition.RequiredWhen("gender", List.of("female", "male")));
        assertThat(questions.get("gender").requiredWhen()).isNull();
        assertThat(questions.get("pronoun").requiredWhen().matches("female")).isTrue();
        assertThat(questions.get("pronoun").requiredWhen().matches("other")).isFalse();
        assertThat(questions.get("why").requiredWhen().matches("1")).isTrue();
        assertThat(questions.get("why").requiredWhen().matches("5")).isFalse();
        assertThat(questions.get("why").requiredWhen().matches(null)).isFalse();
    }

    @Test
    void requiredWhenNamingAnUnknownQuestionIsReported() {
        String yaml = withLine(CONDITIONS, 28, "    requiredWhen: {question: E9.9, values: [1]}");

        TemplateException e = failure("unknown-question.yml", yaml);

        assertThat(e).hasMessageContaining("unknown-question.yml:28")
                .hasMessageContaining("names no criterion or question of this file: 'E9.9'");
        assertThat(e.problems()).singleElement().extracting(TemplateProblem::path).isEqualTo("questions[1].requiredWhen.question");
    }

    @Test
    void requiredWhenWithAValueTheQuestionDoesNotHaveIsReported() {
        String yaml = withLine(CONDITIONS, 28, "    requiredWhen: {question: E1.1, values: [1, 3]}");
        yaml = withLine(yaml, 32, "    requiredWhen: {question: gender, values: [female, robot]}");

        TemplateException e = failure("unknown-value.yml", yaml);

        assertThat(e.problems()).extracting(TemplateProblem::line).containsExactly(28, 32);
        assertThat(e).hasMessageContaining("unknown-value.yml:28 (questions[1].requiredWhen.values): '3' is not a value of the scale of 'E1.1' (1, 5)")
                .hasMessageContaining("unknown-value.yml:32 (questions[2].requiredWhen.values): 'robot' is not an option of 'gender' (male, female)");
    }

    @Test
    void requiredWhenOnATextQuestionOnItselfOrWithRequiredIsReported() {
        String yaml = withLines(CONDITIONS, 32, "    requiredWhen: {question: why, values: [x]}");
        yaml = withLines(yaml, 28, "    requiredWhen: {question: why, values: [x]}", "    required: true");

        TemplateException e = failure("misused.yml", yaml);

        assertThat(e).hasMessageContaining("misused.yml:28 (questions[1].requiredWhen.question): a question cannot be required depending on its own answer")
                .hasMessageContaining("misused.yml:29 (questions[1].required): use either 'required: true' or 'requiredWhen', not both")
                .hasMessageContaining("misused.yml:33 (questions[2].requiredWhen.question): must name a criterion, a scale question or a choice question; 'why' is a text question");
        assertThat(e.problems()).hasSize(3);
    }

    @Test
    void requiredWhenKeepsTheStrictKeyRules() {
        String yaml = withLine(CONDITIONS, 28, "    requiredWhen: {question: E1.1, value: 1}");

        TemplateException e = failure("keys.yml", yaml);

        assertThat(e).hasMessageContaining("keys.yml:28").hasMessageContaining("unknown key 'value'").hasMessageContaining("missing 'values'");
    }

    @Test
    void criterionMayBeRequired() {
        String yaml = withLines(MINI, 15, "        text: {vi: \"Đủ ghế\", en: \"Enough seats\"}", "        required: true");

        SurveyDefinition parsed = TemplateParser.parse("required.yml", yaml);

        List<Criterion> criteria = parsed.elements().get(0).criteria();
        assertThat(criteria.get(0).mustAnswer()).isTrue();
        assertThat(criteria.get(1).mustAnswer()).isFalse();
        assertThat(criteria.get(1).required()).as("absent, not false: stored definitions keep their JSON").isNull();
        assertThat(failure("required-word.yml", withLines(MINI, 15, "        text: {vi: \"Đủ ghế\", en: \"Enough seats\"}", "        required: yes please")))
                .hasMessageContaining("required-word.yml:16").hasMessageContaining("must be true or false");
    }

    // --- helpers ---

    private static TemplateException failure(String file, String yaml) {
        TemplateException e = catchThrowableOfType(() -> TemplateParser.parse(file, yaml), TemplateException.class);
        assertThat(e).as("parsing %s should fail", file).isNotNull();
        return e;
    }

    /** {@code yaml} with line {@code number} (1-based) replaced by {@code replacement}. */
    private static String withLine(String yaml, int number, String replacement) {
        return withLines(yaml, number, replacement);
    }

    /** {@code yaml} with line {@code number} replaced by the given lines (later lines move down). */
    private static String withLines(String yaml, int number, String... replacement) {
        List<String> lines = new ArrayList<>(yaml.lines().toList());
        lines.remove(number - 1);
        lines.addAll(number - 1, Arrays.asList(replacement));
        return String.join("\n", lines) + "\n";
    }

    /** The shipped file: from the repository when run from it, else from the classpath (it is packed in the jar). */
    static String shippedSipas() throws IOException {
        return shipped("sipas-2017.yml");
    }

    /** A shipped template file by name, like {@link #shippedSipas()}. */
    static String shipped(String name) throws IOException {
        Path inRepo = Path.of("survey-templates", name);
        if (Files.isRegularFile(inRepo)) {
            return Files.readString(inRepo, StandardCharsets.UTF_8);
        }
        try (InputStream in = TemplateParserTest.class.getClassLoader().getResourceAsStream("survey-templates/" + name)) {
            assertThat(in).as("survey-templates/" + name + " on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
