package vn.hailong.entry;

import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.TemplateParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a typed paper sheet: the order of the boxes, what the digits mean, what is refused before the response rules. */
class TypedSheetTest {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 3);

    @Test
    void theBoxesFollowThePaperOpinionsFirstProfileLast() throws IOException {
        PaperLayout layout = PaperLayout.of(questionnaire("sipas-2023.yml"), "vi");
        List<PaperLayout.Field> fields = layout.fields();
        assertThat(fields.get(0).number()).isEqualTo(1);
        assertThat(fields.stream().map(PaperLayout.Field::number).toList()).isSorted();
        int firstCriterion = indexOf(fields, "E1.1");
        assertThat(fields.subList(0, firstCriterion)).isNotEmpty().allMatch(f -> !f.code().startsWith("E"));
        assertThat(fields.subList(fields.size() - 2, fields.size())).extracting(PaperLayout.Field::code)
                .containsExactly("expectations", "comment"); // part (c) closes the sheet
        // ten options: the numbers of several are separated ("1 10"); one digit each otherwise ("13")
        assertThat(fields.get(fields.size() - 2).width()).isEqualTo(30);
        PaperLayout sipas = PaperLayout.of(questionnaire("sipas-2017.yml"), "en");
        assertThat(sipas.fields().get(0).code()).isEqualTo("E1.1");
        assertThat(sipas.fields().get(sipas.fields().size() - 1).code()).isEqualTo("ethnicity");
        assertThat(sipas.fields().get(indexOf(sipas.fields(), "gender")).legend()).isEqualTo("1 Male · 2 Female · 3 Prefer not to say");
    }

    @Test
    void digitsBecomeTheAnswersTheyStandFor() throws IOException {
        Questionnaire q = questionnaire("sipas-2017.yml");
        PaperLayout layout = PaperLayout.of(q, "vi");
        Map<String, Object> form = sheet(layout);
        form.put("f.E1.1", " 5 ");
        form.put("f.E1.2", "0");
        form.put("f.improve", "31");
        form.put("f.gender", "2");
        form.put("f.occupation", "11");
        form.put("f.comment", "  Chờ   lâu ");
        TypedSheet.Read read = TypedSheet.read(form, layout, q, TODAY);
        assertThat(read.problems()).isEmpty();
        TypedSheet sheet = read.sheet();
        assertThat(sheet.sheetNo()).isEqualTo(7);
        assertThat(sheet.date()).isEqualTo(LocalDate.of(2026, 3, 5));
        assertThat(sheet.fields()).containsEntry("E1.1", "5").containsEntry("improve", "1 3").containsEntry("comment", "Chờ lâu");
        Map<String, JsonNode> answers = TypedSheet.answers(layout, sheet.fields());
        assertThat(answers.get("E1.1").getIntValue()).isEqualTo(5);
        assertThat(answers).doesNotContainKey("E1.2").doesNotContainKey("procedure");
        assertThat(answers.get("gender").getStringValue()).isEqualTo("female");
        assertThat(answers.get("occupation").getStringValue()).isEqualTo("undisclosed");
        assertThat(answers.get("improve").values()).extracting(JsonNode::getStringValue).containsExactly("E1", "E3");

        // the same paper typed another way reads the same
        form.put("f.improve", "3, 1");
        form.put("f.comment", "Chờ lâu");
        form.put("date", "2026-03-05");
        assertThat(TypedSheet.read(form, layout, q, TODAY).sheet()).isEqualTo(sheet);
    }

    @Test
    void choicesOfMoreThanNineOptionsAreSeparated() throws IOException {
        Questionnaire q = questionnaire("sipas-2023.yml");
        PaperLayout layout = PaperLayout.of(q, "vi");
        Map<String, Object> form = sheet(layout);
        form.put("f.expectations", "10 2");
        TypedSheet.Read read = TypedSheet.read(form, layout, q, TODAY);
        assertThat(read.problems()).isEmpty();
        assertThat(read.sheet().fields()).containsEntry("expectations", "2 10");
        assertThat(TypedSheet.answers(layout, read.sheet().fields()).get("expectations").values())
                .extracting(JsonNode::getStringValue).containsExactly("simpler-procedures", "other");
    }

    @Test
    void typingMistakesAreRefusedBoxByBoxBeforeTheResponseRules() throws IOException {
        Questionnaire q = questionnaire("sipas-2017.yml");
        PaperLayout layout = PaperLayout.of(q, "vi");
        Map<String, Object> form = sheet(layout);
        form.put("sheetNo", "0");
        form.put("date", "04/12/2026");
        form.put("f.E1.1", "");
        form.put("f.E1.2", "45");
        form.put("f.gender", "4");
        form.put("f.improve", "10");
        form.put("f.occupation", "12");
        TypedSheet.Read read = TypedSheet.read(form, layout, q, TODAY);
        assertThat(read.sheet()).isNull();
        assertThat(read.problems()).extracting(EntryProblem::field, EntryProblem::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple("sheetNo", "entry.error.sheetNo"),
                org.assertj.core.groups.Tuple.tuple("date", "entry.error.date"),
                org.assertj.core.groups.Tuple.tuple("f.E1.1", "entry.error.blank"),
                org.assertj.core.groups.Tuple.tuple("f.E1.2", "entry.error.digit"),
                org.assertj.core.groups.Tuple.tuple("f.improve", "entry.error.zeroAlone"),
                org.assertj.core.groups.Tuple.tuple("f.gender", "entry.error.option"),
                org.assertj.core.groups.Tuple.tuple("f.occupation", "entry.error.option"));
        assertThat(read.typed()).containsEntry("f.E1.2", "45");
    }

    @Test
    void theResponseRulesJudgeTheAnswersOnceTheTypingIsRight() throws IOException {
        Questionnaire q = questionnaire("sipas-2017.yml");
        PaperLayout layout = PaperLayout.of(q, "vi");
        Map<String, Object> form = sheet(layout);
        form.put("f.E1.1", "7");
        form.put("f.improve", "123");
        TypedSheet.Read read = TypedSheet.read(form, layout, q, TODAY);
        assertThat(read.problems()).extracting(EntryProblem::field, EntryProblem::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple("f.E1.1", "form.error.notAnOption"),
                org.assertj.core.groups.Tuple.tuple("f.improve", "form.error.maxChoices"));
        assertThat(read.problems().get(1).params()).containsExactly(2);

        Map<String, Object> empty = sheet(layout);
        layout.fields().stream().filter(f -> f.kind().equals("scale")).forEach(f -> empty.put(f.name(), "0"));
        assertThat(TypedSheet.read(empty, layout, q, TODAY).problems()).extracting(EntryProblem::key)
                .containsExactly("entry.error.nothingRated");
    }

    @Test
    void aRequiredRatingCannotBeTypedAsNoAnswer() throws IOException {
        Questionnaire q = questionnaire("one-stop-rating.yml");
        PaperLayout layout = PaperLayout.of(q, "vi");
        Map<String, Object> form = new HashMap<>(Map.of("sheetNo", "1", "date", "01/12/2026", "f.rating", "0", "f.reason", "0"));
        assertThat(TypedSheet.read(form, layout, q, TODAY).problems()).extracting(EntryProblem::field, EntryProblem::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("f.rating", "form.error.required"));
        form.put("f.rating", "1");
        assertThat(TypedSheet.read(form, layout, q, TODAY).problems()).extracting(EntryProblem::key)
                .containsExactly("form.error.requiredWhen");
    }

    /** Sheet 7 of 05/03/2026: every scale box 4, every choice 0, texts empty. */
    private static Map<String, Object> sheet(PaperLayout layout) {
        Map<String, Object> form = new HashMap<>();
        form.put("sheetNo", "7");
        form.put("date", "05/03/2026");
        for (PaperLayout.Field field : layout.fields()) {
            form.put(field.name(), field.kind().equals("scale") ? "4" : field.kind().equals("text") ? "" : "0");
        }
        return form;
    }

    private static int indexOf(List<PaperLayout.Field> fields, String code) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).code().equals(code)) {
                return i;
            }
        }
        throw new AssertionError(code);
    }

    static Questionnaire questionnaire(String file) throws IOException {
        String yaml = Files.readString(Path.of("survey-templates", file), StandardCharsets.UTF_8);
        return new Questionnaire(1, TemplateParser.parse(file, yaml));
    }
}
