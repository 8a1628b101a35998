package vn.hailong.survey;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import vn.hailong.survey.SurveyDefinition.ChoiceOption;
import vn.hailong.survey.SurveyDefinition.Criterion;
import vn.hailong.survey.SurveyDefinition.Element;
import vn.hailong.survey.SurveyDefinition.Question;
import vn.hailong.survey.SurveyDefinition.RequiredWhen;
import vn.hailong.survey.SurveyDefinition.Scale;
import vn.hailong.survey.SurveyDefinition.ScaleOption;

import java.io.StringReader;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a questionnaire template (YAML, format in survey-templates/README.md) and checks every
 * rule, collecting all problems with their line and path so the author can fix a file in one go.
 * Works on SnakeYAML's node tree rather than plain maps because nodes remember their line.
 */
public final class TemplateParser {

    static final int MAX_SCORED_QUESTIONS = 128;
    /** Upper bound of an option's points: evaluation texts give a few points per criterion. */
    static final int MAX_POINTS = 100;
    private static final Pattern SURVEY_CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern ITEM_CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String file;
    private final List<TemplateProblem> problems = new ArrayList<>();
    /** requiredWhen conditions as written, checked once every criterion and question is known. */
    private final List<Condition> conditions = new ArrayList<>();

    /** A requiredWhen of the question at {@code index} of the questions list, not yet checked. */
    private record Condition(int index, String path, String question, Node questionNode, List<Node> values,
                             boolean alsoRequired, Node requiredNode) {
    }

    private TemplateParser(String file) {
        this.file = file;
    }

    /** Parses {@code yaml} read from {@code file}; throws {@link TemplateException} listing every problem. */
    public static SurveyDefinition parse(String file, String yaml) {
        TemplateParser parser = new TemplateParser(file);
        SurveyDefinition definition = parser.document(yaml);
        if (!parser.problems.isEmpty() || definition == null) {
            throw new TemplateException(parser.problems);
        }
        return definition;
    }

    private SurveyDefinition document(String yaml) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // reported by us, with the line
            root = new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            problems.add(new TemplateProblem(file, line, "(file)", "not valid YAML: " + e.getProblem()));
            return null;
        } catch (YAMLException e) {
            problems.add(new TemplateProblem(file, 1, "(file)", "not valid YAML: " + e.getMessage()));
            return null;
        }
        if (root == null) {
            problems.add(new TemplateProblem(file, 1, "(file)", "the file is empty"));
            return null;
        }
        Map<String, Node> top = mapping(root, "", Set.of("code", "version", "title", "intro", "scales",
                "indexScale", "elements", "questions"), Set.of("code", "version", "title", "scales", "elements"));
        if (top == null) {
            return null;
        }
        String code = string(top.get("code"), "code");
        if (code != null && !SURVEY_CODE.matcher(code).matches()) {
            problem(top.get("code"), "code", "must be lower-case letters, digits and '-' (like sipas-2017), got '" + code + "'");
        }
        Integer version = integer(top.get("version"), "version");
        if (version != null && version < 1) {
            problem(top.get("version"), "version", "must be 1 or more");
        }
        Text title = text(top.get("title"), "title");
        Text intro = top.containsKey("intro") ? text(top.get("intro"), "intro") : null;

        Map<String, Scale> scales = scales(top.get("scales"));
        String indexScale = null;
        if (top.containsKey("indexScale")) {
            indexScale = string(top.get("indexScale"), "indexScale");
            if (indexScale != null && !scales.containsKey(indexScale)) {
                problem(top.get("indexScale"), "indexScale", "names no scale of this file: '" + indexScale + "'");
            }
        }
        Set<String> codes = new HashSet<>();
        List<Element> elements = elements(top.get("elements"), indexScale, scales, codes, top.containsKey("indexScale"));
        List<Question> questions = top.containsKey("questions") ? questions(top.get("questions"), scales, codes) : List.of();
        questions = conditions(questions, elements, scales);

        long scored = elements.stream().mapToLong(e -> e.criteria().size()).sum()
                + questions.stream().filter(q -> q.type() == QuestionType.SCALE).count();
        if (scored > MAX_SCORED_QUESTIONS) {
            problem(root, "(file)", "at most " + MAX_SCORED_QUESTIONS + " criteria and scale questions, found " + scored);
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new SurveyDefinition(code, version, title, intro, List.copyOf(scales.values()), indexScale, elements, questions);
    }

    private Map<String, Scale> scales(Node node) {
        Map<String, Scale> scales = new LinkedHashMap<>();
        List<Node> items = sequence(node, "scales", true);
        for (int i = 0; i < items.size(); i++) {
            String path = "scales[" + i + "]";
            Map<String, Node> fields = mapping(items.get(i), path, Set.of("code", "options", "noAnswer"), Set.of("code", "options"));
            if (fields == null) {
                continue;
            }
            String code = itemCode(fields.get("code"), path + ".code");
            Text noAnswer = fields.containsKey("noAnswer") ? text(fields.get("noAnswer"), path + ".noAnswer") : null;
            List<ScaleOption> options = new ArrayList<>();
            List<Node> optionNodes = sequence(fields.get("options"), path + ".options", true);
            int previous = 0;
            int pointsGiven = 0;
            for (int j = 0; j < optionNodes.size(); j++) {
                String optionPath = path + ".options[" + j + "]";
                Map<String, Node> option = mapping(optionNodes.get(j), optionPath, Set.of("value", "label", "satisfied", "points"), Set.of("value", "label"));
                if (option == null) {
                    continue;
                }
                Integer value = integer(option.get("value"), optionPath + ".value");
                if (value != null) {
                    if (value < 1 || value > 9) {
                        problem(option.get("value"), optionPath + ".value", "must be from 1 to 9, got " + value);
                    } else if (value <= previous) {
                        problem(option.get("value"), optionPath + ".value", "values must go up: " + value + " after " + previous);
                    } else {
                        previous = value;
                    }
                }
                Text label = text(option.get("label"), optionPath + ".label");
                boolean satisfied = option.containsKey("satisfied") && bool(option.get("satisfied"), optionPath + ".satisfied");
                Integer points = null;
                if (option.containsKey("points")) {
                    pointsGiven++;
                    points = integer(option.get("points"), optionPath + ".points");
                    if (points != null && (points < 0 || points > MAX_POINTS)) {
                        problem(option.get("points"), optionPath + ".points", "must be from 0 to " + MAX_POINTS + ", got " + points);
                        points = null;
                    }
                }
                if (value != null && label != null) {
                    options.add(new ScaleOption(value, label, satisfied, points));
                }
            }
            if (pointsGiven > 0 && pointsGiven < optionNodes.size()) {
                // a score needs a number for every answer, or the mean would silently skip some
                problem(fields.get("options"), path + ".options", "give 'points' to every option of the scale or to none ("
                        + pointsGiven + " of " + optionNodes.size() + " have it)");
            }
            if (optionNodes.size() < 2) {
                problem(fields.get("options"), path + ".options", "a scale needs at least 2 options");
            } else if (options.stream().noneMatch(ScaleOption::satisfied)) {
                problem(fields.get("options"), path + ".options", "mark the options that count as satisfied with 'satisfied: true'");
            }
            if (code != null) {
                if (scales.containsKey(code)) {
                    problem(fields.get("code"), path + ".code", "scale '" + code + "' is defined twice");
                }
                scales.put(code, new Scale(code, options, noAnswer));
            }
        }
        return scales;
    }

    private List<Element> elements(Node node, String indexScale, Map<String, Scale> scales, Set<String> codes,
                                   boolean indexScaleGiven) {
        List<Element> elements = new ArrayList<>();
        List<Node> items = sequence(node, "elements", true);
        for (int i = 0; i < items.size(); i++) {
            String path = "elements[" + i + "]";
            Map<String, Node> fields = mapping(items.get(i), path, Set.of("code", "title", "criteria"), Set.of("code", "title", "criteria"));
            if (fields == null) {
                continue;
            }
            String code = uniqueCode(fields.get("code"), path + ".code", codes);
            Text title = text(fields.get("title"), path + ".title");
            List<Criterion> criteria = new ArrayList<>();
            List<Node> criterionNodes = sequence(fields.get("criteria"), path + ".criteria", true);
            for (int j = 0; j < criterionNodes.size(); j++) {
                String criterionPath = path + ".criteria[" + j + "]";
                Map<String, Node> criterion = mapping(criterionNodes.get(j), criterionPath, Set.of("code", "text", "scale", "required", "fromDossier"), Set.of("code", "text"));
                if (criterion == null) {
                    continue;
                }
                String criterionCode = uniqueCode(criterion.get("code"), criterionPath + ".code", codes);
                Text text = text(criterion.get("text"), criterionPath + ".text");
                String scale = indexScale;
                if (criterion.containsKey("scale")) {
                    scale = string(criterion.get("scale"), criterionPath + ".scale");
                    if (scale != null && !scales.containsKey(scale)) {
                        problem(criterion.get("scale"), criterionPath + ".scale", "names no scale of this file: '" + scale + "'");
                    }
                } else if (!indexScaleGiven) {
                    problem(criterionNodes.get(j), criterionPath, "no scale: set 'indexScale' at the top or 'scale' here");
                }
                // Stored only when true, so definitions written before the key existed keep their JSON.
                Boolean required = criterion.containsKey("required") && bool(criterion.get("required"), criterionPath + ".required")
                        ? Boolean.TRUE : null;
                String fromDossier = null;
                if (criterion.containsKey("fromDossier")) {
                    fromDossier = string(criterion.get("fromDossier"), criterionPath + ".fromDossier");
                    Scale on = scale == null ? null : scales.get(scale);
                    if (fromDossier != null && !Criterion.DUE_DATE.equals(fromDossier)) {
                        problem(criterion.get("fromDossier"), criterionPath + ".fromDossier", "the only value is '"
                                + Criterion.DUE_DATE + "' (the return date against the due date), got '" + fromDossier + "'");
                        fromDossier = null;
                    } else if (fromDossier != null && on != null && on.options().size() != 3) {
                        // later, on the day, earlier: one option each, lowest value first
                        problem(criterion.get("fromDossier"), criterionPath + ".fromDossier", "needs a scale of exactly 3 options"
                                + " (returned late, on the due date, early), '" + scale + "' has " + on.options().size());
                        fromDossier = null;
                    }
                }
                if (criterionCode != null && text != null && scale != null) {
                    criteria.add(new Criterion(criterionCode, text, scale, required, fromDossier));
                }
            }
            if (code != null && title != null) {
                elements.add(new Element(code, title, List.copyOf(criteria)));
            }
        }
        return elements;
    }

    private List<Question> questions(Node node, Map<String, Scale> scales, Set<String> codes) {
        List<Question> questions = new ArrayList<>();
        List<Node> items = sequence(node, "questions", false);
        for (int i = 0; i < items.size(); i++) {
            String path = "questions[" + i + "]";
            if (!(items.get(i) instanceof MappingNode)) {
                problem(items.get(i), path, "must be a mapping with code, type and text");
                continue;
            }
            Node typeNode = rawFields(items.get(i)).get("type");
            String typeWord = typeNode == null ? null : string(typeNode, path + ".type");
            QuestionType type = typeWord == null ? null : QuestionType.fromWord(typeWord).orElse(null);
            if (typeWord != null && type == null) {
                problem(typeNode, path + ".type", "must be one of scale, choice, multi-choice, text; got '" + typeWord + "'");
            }
            Set<String> allowed = new HashSet<>(Set.of("code", "type", "text", "required", "requiredWhen", "section"));
            if (type == QuestionType.SCALE) {
                allowed.add("scale");
            } else if (type == QuestionType.CHOICE) {
                allowed.add("options");
            } else if (type == QuestionType.MULTI_CHOICE) {
                allowed.addAll(Set.of("options", "maxChoices"));
            } else if (type == QuestionType.TEXT) {
                allowed.add("maxLength");
            }
            Set<String> required = new HashSet<>(Set.of("code", "type", "text"));
            if (type == QuestionType.SCALE) {
                required.add("scale");
            } else if (type == QuestionType.CHOICE || type == QuestionType.MULTI_CHOICE) {
                required.add("options");
            }
            Map<String, Node> fields = mapping(items.get(i), path, type == null ? rawFields(items.get(i)).keySet() : allowed, required);
            if (fields == null || type == null) {
                continue;
            }
            String code = uniqueCode(fields.get("code"), path + ".code", codes);
            Text text = text(fields.get("text"), path + ".text");
            boolean isRequired = fields.containsKey("required") && bool(fields.get("required"), path + ".required");
            String section = fields.containsKey("section") ? itemCode(fields.get("section"), path + ".section") : null;
            String scale = null;
            if (type == QuestionType.SCALE) {
                scale = string(fields.get("scale"), path + ".scale");
                if (scale != null && !scales.containsKey(scale)) {
                    problem(fields.get("scale"), path + ".scale", "names no scale of this file: '" + scale + "'");
                }
            }
            List<ChoiceOption> options = null;
            if (fields.containsKey("options")) {
                options = choiceOptions(fields.get("options"), path + ".options");
            }
            Integer maxChoices = null;
            if (fields.containsKey("maxChoices")) {
                maxChoices = integer(fields.get("maxChoices"), path + ".maxChoices");
                if (maxChoices != null && options != null && (maxChoices < 1 || maxChoices > options.size())) {
                    problem(fields.get("maxChoices"), path + ".maxChoices", "must be from 1 to the number of options (" + options.size() + ")");
                }
            }
            Integer maxLength = null;
            if (type == QuestionType.TEXT) {
                maxLength = 2000;
                if (fields.containsKey("maxLength")) {
                    maxLength = integer(fields.get("maxLength"), path + ".maxLength");
                    if (maxLength != null && (maxLength < 1 || maxLength > 4000)) {
                        problem(fields.get("maxLength"), path + ".maxLength", "must be from 1 to 4000");
                    }
                }
            }
            if (fields.containsKey("requiredWhen")) {
                // index -1: the question itself is unusable (reported); the condition is still read for its own problems
                condition(fields.get("requiredWhen"), path + ".requiredWhen", code != null && text != null ? questions.size() : -1,
                        isRequired, fields.get("required"));
            }
            if (code != null && text != null) {
                questions.add(new Question(code, type, text, isRequired, section, scale, options, maxChoices, maxLength, null));
            }
        }
        return questions;
    }

    /** Reads {@code requiredWhen: {question, values}}; what it refers to is checked in {@link #conditions}. */
    private void condition(Node node, String path, int index, boolean alsoRequired, Node requiredNode) {
        Map<String, Node> fields = mapping(node, path, Set.of("question", "values"), Set.of("question", "values"));
        if (fields == null) {
            return;
        }
        String question = fields.containsKey("question") ? itemCode(fields.get("question"), path + ".question") : null;
        List<Node> values = new ArrayList<>();
        for (Node value : sequence(fields.get("values"), path + ".values", true)) {
            if (!(value instanceof ScalarNode)) {
                problem(value, path + ".values", "each value must be a single value (a scale value or an option code)");
            } else {
                values.add(value);
            }
        }
        if (question != null && fields.containsKey("values")) {
            conditions.add(new Condition(index, path, question, fields.get("question"), values, alsoRequired, requiredNode));
        }
    }

    /**
     * Checks every requiredWhen against the whole file: it must name a criterion, a scale question
     * or a choice question other than its own, and list values that exist there (scale values,
     * or option codes). Returns the questions with their conditions in place.
     */
    private List<Question> conditions(List<Question> questions, List<Element> elements, Map<String, Scale> scales) {
        if (conditions.isEmpty()) {
            return questions;
        }
        Map<String, String> scaleOf = new LinkedHashMap<>();
        elements.forEach(e -> e.criteria().forEach(c -> scaleOf.put(c.code(), c.scale())));
        Map<String, Question> byCode = new LinkedHashMap<>();
        for (Question q : questions) {
            byCode.put(q.code(), q);
            if (q.type() == QuestionType.SCALE && q.scale() != null) {
                scaleOf.put(q.code(), q.scale());
            }
        }
        List<Question> result = new ArrayList<>(questions);
        for (Condition condition : conditions) {
            if (condition.alsoRequired()) {
                problem(condition.requiredNode(), condition.path().replace(".requiredWhen", ".required"),
                        "use either 'required: true' or 'requiredWhen', not both");
            }
            if (condition.index() < 0) {
                continue; // the question itself was unusable and is reported already
            }
            Question owner = questions.get(condition.index());
            String target = condition.question();
            String where = condition.path() + ".question";
            if (target.equals(owner.code())) {
                problem(condition.questionNode(), where, "a question cannot be required depending on its own answer");
                continue;
            }
            Question targetQuestion = byCode.get(target);
            List<Object> values = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            boolean valid = true;
            if (scaleOf.containsKey(target)) {
                Scale scale = scales.get(scaleOf.get(target));
                List<Integer> allowed = scale == null ? List.of() : scale.options().stream().map(ScaleOption::value).toList();
                for (Node node : condition.values()) {
                    String text = string(node, condition.path() + ".values");
                    Integer value = text != null && text.matches("\\d{1,2}") ? Integer.valueOf(text) : null;
                    if (text == null) {
                        valid = false;
                    } else if (value == null || !allowed.contains(value)) {
                        problem(node, condition.path() + ".values", "'" + text + "' is not a value of the scale of '" + target + "' ("
                                + String.join(", ", allowed.stream().map(String::valueOf).toList()) + ")");
                        valid = false;
                    } else if (!seen.add(value.toString())) {
                        problem(node, condition.path() + ".values", "value " + value + " is listed twice");
                        valid = false;
                    } else {
                        values.add(value);
                    }
                }
            } else if (targetQuestion != null && targetQuestion.type() == QuestionType.CHOICE) {
                List<String> allowed = targetQuestion.options() == null ? List.of()
                        : targetQuestion.options().stream().map(ChoiceOption::code).toList();
                for (Node node : condition.values()) {
                    String text = string(node, condition.path() + ".values");
                    if (text == null) {
                        valid = false;
                    } else if (!allowed.contains(text)) {
                        problem(node, condition.path() + ".values", "'" + text + "' is not an option of '" + target + "' ("
                                + String.join(", ", allowed) + ")");
                        valid = false;
                    } else if (!seen.add(text)) {
                        problem(node, condition.path() + ".values", "value '" + text + "' is listed twice");
                        valid = false;
                    } else {
                        values.add(text);
                    }
                }
            } else if (targetQuestion != null) {
                problem(condition.questionNode(), where, "must name a criterion, a scale question or a choice question; '"
                        + target + "' is a " + targetQuestion.type().word() + " question");
                continue;
            } else {
                problem(condition.questionNode(), where, "names no criterion or question of this file: '" + target + "'");
                continue;
            }
            if (valid) {
                result.set(condition.index(), new Question(owner.code(), owner.type(), owner.text(), owner.required(), owner.section(),
                        owner.scale(), owner.options(), owner.maxChoices(), owner.maxLength(), new RequiredWhen(target, List.copyOf(values))));
            }
        }
        return result;
    }

    private List<ChoiceOption> choiceOptions(Node node, String path) {
        List<ChoiceOption> options = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Node> items = sequence(node, path, true);
        for (int i = 0; i < items.size(); i++) {
            String optionPath = path + "[" + i + "]";
            Map<String, Node> fields = mapping(items.get(i), optionPath, Set.of("code", "label"), Set.of("code", "label"));
            if (fields == null) {
                continue;
            }
            String code = uniqueCode(fields.get("code"), optionPath + ".code", seen);
            Text label = text(fields.get("label"), optionPath + ".label");
            if (code != null && label != null) {
                options.add(new ChoiceOption(code, label));
            }
        }
        return options;
    }

    // --- node helpers: each reports its own problem and returns null when the node is unusable ---

    private Map<String, Node> rawFields(Node node) {
        Map<String, Node> fields = new LinkedHashMap<>();
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    fields.putIfAbsent(key.getValue(), tuple.getValueNode());
                }
            }
        }
        return fields;
    }

    private Map<String, Node> mapping(Node node, String path, Set<String> allowed, Set<String> required) {
        String where = path.isEmpty() ? "(top)" : path;
        if (!(node instanceof MappingNode mapping)) {
            problem(node, where, "must be a mapping (key: value lines)");
            return null;
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                problem(tuple.getKeyNode(), where, "keys must be plain words");
                continue;
            }
            String key = keyNode.getValue();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            if (!allowed.contains(key)) {
                problem(keyNode, keyPath, "unknown key '" + key + "' (allowed here: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            } else if (fields.containsKey(key)) {
                problem(keyNode, keyPath, "key '" + key + "' appears twice");
            } else {
                fields.put(key, tuple.getValueNode());
            }
        }
        for (String key : required.stream().sorted().toList()) {
            if (!fields.containsKey(key)) {
                problem(node, where, "missing '" + key + "'");
            }
        }
        return fields;
    }

    private List<Node> sequence(Node node, String path, boolean nonEmpty) {
        if (node == null) {
            return List.of(); // missing: reported by the mapping that should hold it
        }
        if (!(node instanceof SequenceNode sequence)) {
            problem(node, path, "must be a list ('- ' items)");
            return List.of();
        }
        if (nonEmpty && sequence.getValue().isEmpty()) {
            problem(node, path, "must not be empty");
        }
        return sequence.getValue();
    }

    private String string(Node node, String path) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            problem(node, path, "must be a single value");
            return null;
        }
        String value = Normalizer.normalize(scalar.getValue().strip(), Normalizer.Form.NFC);
        if (value.isEmpty()) {
            problem(node, path, "must not be empty");
            return null;
        }
        return value;
    }

    private String itemCode(Node node, String path) {
        String code = string(node, path);
        if (code != null && !ITEM_CODE.matcher(code).matches()) {
            problem(node, path, "codes use letters, digits, '.', '-' and '_' only (max 64), got '" + code + "'");
            return null;
        }
        return code;
    }

    private String uniqueCode(Node node, String path, Set<String> seen) {
        String code = itemCode(node, path);
        if (code != null && !seen.add(code)) {
            problem(node, path, "code '" + code + "' is used twice");
        }
        return code;
    }

    private Integer integer(Node node, String path) {
        String value = string(node, path);
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            problem(node, path, "must be a whole number, got '" + value + "'");
            return null;
        }
    }

    private boolean bool(Node node, String path) {
        String value = string(node, path);
        if ("true".equals(value)) {
            return true;
        }
        if (!"false".equals(value)) {
            problem(node, path, "must be true or false, got '" + value + "'");
        }
        return false;
    }

    private Text text(Node node, String path) {
        if (node == null) {
            return null;
        }
        Map<String, Node> fields = mapping(node, path, Set.of("vi", "en"), Set.of("vi", "en"));
        if (fields == null || !fields.containsKey("vi") || !fields.containsKey("en")) {
            return null;
        }
        String vi = string(fields.get("vi"), path + ".vi");
        String en = string(fields.get("en"), path + ".en");
        return vi == null || en == null ? null : new Text(vi, en);
    }

    private void problem(Node node, String path, String message) {
        int line = node == null ? 1 : node.getStartMark().getLine() + 1;
        problems.add(new TemplateProblem(file, line, path, message));
    }
}
