package vn.hailong.entry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import vn.hailong.response.AnswerRefusal;
import vn.hailong.response.FieldProblem;
import vn.hailong.response.ResponseRecorder;
import vn.hailong.survey.Questionnaire;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One sheet as a typist keyed it: sheet number, the date on the sheet and every field in a
 * normal form (digits trimmed, multiple choices sorted, text with its spaces folded), so that two
 * keyings of the same paper compare equal however the keys were pressed. {@link #read} checks
 * what only the typing can get wrong (a blank field, a letter, an option number not printed);
 * the answers themselves are checked by the response rules (ResponseRecorder.answerProblems), the
 * same rules as every other submission.
 */
record TypedSheet(int sheetNo, LocalDate date, Map<String, String> fields) {

    static final int MAX_SHEET_NO = 999_999;
    static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    static final DateTimeFormatter SHOWN_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu");

    /** What was typed, kept to show the form again, and the problems; {@code sheet} is null when there are any. */
    record Read(@Nullable TypedSheet sheet, Map<String, String> typed, List<EntryProblem> problems) {
    }

    static Read read(Map<String, Object> form, PaperLayout layout, Questionnaire questionnaire, LocalDate today) {
        Map<String, String> typed = new LinkedHashMap<>();
        List<EntryProblem> problems = new ArrayList<>();
        String sheetText = text(form, "sheetNo");
        String dateText = text(form, "date");
        typed.put("sheetNo", sheetText);
        typed.put("date", dateText);
        Integer sheetNo = null;
        if (sheetText.matches("[0-9]{1,6}") && Integer.parseInt(sheetText) >= 1) {
            sheetNo = Integer.parseInt(sheetText);
        } else {
            problems.add(EntryProblem.of("sheetNo", "entry.error.sheetNo", String.valueOf(MAX_SHEET_NO)));
        }
        LocalDate date = date(dateText);
        if (date == null || date.isBefore(EARLIEST) || date.isAfter(today)) {
            problems.add(EntryProblem.of("date", "entry.error.date", SHOWN_DATE.format(today)));
            date = null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (PaperLayout.Field field : layout.fields()) {
            String value = text(form, field.name());
            typed.put(field.name(), value);
            String normal = normalise(field, value, problems);
            if (normal != null) {
                fields.put(field.code(), normal);
            }
        }
        if (problems.isEmpty()) {
            ResponseRecorder.answerProblems(questionnaire, answers(layout, fields)).ifPresent(refused -> problems.addAll(ruleProblems(refused)));
        }
        return new Read(problems.isEmpty() ? new TypedSheet(sheetNo, date, fields) : null, typed, problems);
    }

    /** A refusal of the response rules as the entry form shows it, each problem on the field of its question. */
    static List<EntryProblem> ruleProblems(AnswerRefusal refused) {
        List<EntryProblem> problems = new ArrayList<>();
        for (Map.Entry<String, FieldProblem> marked : refused.byQuestion().entrySet()) {
            FieldProblem problem = marked.getValue();
            String field = "f." + marked.getKey();
            problems.add(problem.limit() == null ? EntryProblem.of(field, problem.key()) : EntryProblem.of(field, problem.key(), problem.limit()));
        }
        if (refused.nothingRated()) {
            problems.add(EntryProblem.of("answers", "entry.error.nothingRated"));
        }
        return problems;
    }

    /** The answers of the response, as the API takes them: 0 and empty text are "no answer" (left out). */
    static Map<String, JsonNode> answers(PaperLayout layout, Map<String, String> fields) {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        for (PaperLayout.Field field : layout.fields()) {
            String value = fields.get(field.code());
            if (value == null || value.isEmpty() || value.equals("0")) {
                continue;
            }
            switch (field.kind()) {
                case "scale" -> answers.put(field.code(), JsonNode.createNumberNode(Integer.parseInt(value)));
                case "choice" -> answers.put(field.code(), JsonNode.createStringNode(optionCode(field, value)));
                case "multi-choice" -> answers.put(field.code(), JsonNode.createArrayNode(
                        java.util.Arrays.stream(value.split(" ")).map(n -> JsonNode.createStringNode(optionCode(field, n))).toList()));
                default -> answers.put(field.code(), JsonNode.createStringNode(value));
            }
        }
        return answers;
    }

    private static String optionCode(PaperLayout.Field field, String number) {
        return field.options().get(Integer.parseInt(number) - 1).code();
    }

    /** The normal form of one typed field, or null with a problem added. */
    private static @Nullable String normalise(PaperLayout.Field field, String value, List<EntryProblem> problems) {
        if (!field.typedAsDigits()) {
            return Normalizer.normalize(value, Normalizer.Form.NFC).strip().replaceAll("\\s+", " ");
        }
        String digits = value.strip();
        if (digits.isEmpty()) {
            problems.add(EntryProblem.of(field.name(), "entry.error.blank"));
            return null;
        }
        switch (field.kind()) {
            case "scale" -> {
                if (!digits.matches("[0-9]")) {
                    problems.add(EntryProblem.of(field.name(), "entry.error.digit"));
                    return null;
                }
                return digits;
            }
            case "choice" -> {
                if (!digits.matches("[0-9]{1,2}")) {
                    problems.add(EntryProblem.of(field.name(), "entry.error.digit"));
                    return null;
                }
                int n = Integer.parseInt(digits);
                if (n > field.options().size()) {
                    problems.add(EntryProblem.of(field.name(), "entry.error.option", field.options().size()));
                    return null;
                }
                return Integer.toString(n);
            }
            default -> {
                // Several option numbers: "13", "1 3" or "1,3" when every number is one digit; separated otherwise.
                if (!digits.matches("[0-9 ,;.]+")) {
                    problems.add(EntryProblem.of(field.name(), "entry.error.digits"));
                    return null;
                }
                List<String> parts = new ArrayList<>();
                for (String part : digits.split("[ ,;.]+")) {
                    if (field.options().size() <= 9) {
                        part.chars().forEach(c -> parts.add(Character.toString(c)));
                    } else if (!part.isEmpty()) {
                        parts.add(part);
                    }
                }
                TreeSet<Integer> picked = new TreeSet<>();
                for (String part : parts) {
                    int n = Integer.parseInt(part);
                    if (n > field.options().size()) {
                        problems.add(EntryProblem.of(field.name(), "entry.error.option", field.options().size()));
                        return null;
                    }
                    picked.add(n);
                }
                if (picked.contains(0)) {
                    if (picked.size() > 1) {
                        problems.add(EntryProblem.of(field.name(), "entry.error.zeroAlone"));
                        return null;
                    }
                    return "0";
                }
                return String.join(" ", picked.stream().map(String::valueOf).toList());
            }
        }
    }

    private static @Nullable LocalDate date(String text) {
        String t = text.strip();
        try {
            if (t.matches("[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}")) {
                String[] p = t.split("/");
                return LocalDate.of(Integer.parseInt(p[2]), Integer.parseInt(p[1]), Integer.parseInt(p[0]));
            }
            if (t.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
                return LocalDate.parse(t);
            }
        } catch (java.time.DateTimeException e) {
            return null;
        }
        return null;
    }

    static String text(Map<String, Object> form, String name) {
        Object value = form.get(name);
        if (value instanceof List<?> list) {
            value = list.isEmpty() ? null : list.get(0);
        }
        return value == null ? "" : value.toString();
    }
}
