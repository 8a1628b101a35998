package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyDefinition.ChoiceOption;
import vn.hailong.survey.SurveyDefinition.Criterion;
import vn.hailong.survey.SurveyDefinition.Element;
import vn.hailong.survey.SurveyDefinition.Question;
import vn.hailong.survey.QuestionType;
import vn.hailong.survey.Text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of a report for one survey code, pooled over all its versions: elements with their
 * criteria (by code, so a criterion kept across versions is pooled) and the other scale
 * questions, and the choice and multi-choice questions reported as shares of answers. Newer
 * versions decide order and wording. For each version it also maps the positions of the stored
 * score line onto this layout.
 */
final class ReportLayout {

    record ElementSlot(String code, Text title, int[] criteria) {
    }

    record CriterionSlot(String code, Text text, int element) {
    }

    record QuestionSlot(String code, Text text) {
    }

    /** A choice or multi-choice question; options of every version, the newest version's first. */
    record ChoiceSlot(String code, Text text, @Nullable String section, List<ChoiceOption> options) {
    }

    /** Per version: what each score-line position is, and which of its values count as satisfied. */
    record VersionMap(int[] criterionAt, int[] questionAt, boolean[][] satisfied) {
    }

    final List<ElementSlot> elements = new ArrayList<>();
    final List<CriterionSlot> criteria = new ArrayList<>();
    final List<QuestionSlot> questions = new ArrayList<>();
    final List<ChoiceSlot> choices = new ArrayList<>();
    /** Scale values (1-9) that exist for each criterion / question, for distributions. */
    final List<int[]> criterionValues = new ArrayList<>();
    final List<int[]> questionValues = new ArrayList<>();
    private final Map<Long, VersionMap> versions = new HashMap<>();
    private final Map<Long, Integer> versionNumbers = new HashMap<>();
    /** Per version: the codes of its choice and multi-choice questions. */
    private final Map<Long, Set<String>> choiceCodes = new HashMap<>();
    private final Map<String, Integer> elementByCode = new HashMap<>();
    /**
     * Whether every version's criteria sit in the element of the same code here. Rollups count
     * respondents per element of each version; they map onto this layout only then (a template
     * version that moved a criterion to another element would break it; reports then scan).
     */
    private boolean rollupsApply = true;

    ReportLayout(List<Questionnaire> allVersions) {
        List<Questionnaire> newestFirst = new ArrayList<>(allVersions);
        newestFirst.sort((a, b) -> Integer.compare(b.version(), a.version()));
        Map<String, Integer> criterionIndex = new LinkedHashMap<>();
        Map<String, Integer> elementIndex = new LinkedHashMap<>();
        Map<String, List<Integer>> elementCriteria = new LinkedHashMap<>();
        Map<String, Text> elementTitles = new LinkedHashMap<>();
        Map<String, Integer> questionIndex = new LinkedHashMap<>();
        Map<String, Integer> choiceIndex = new LinkedHashMap<>();
        for (Questionnaire q : newestFirst) {
            for (Element element : q.definition().elements()) {
                elementIndex.computeIfAbsent(element.code(), c -> elementIndex.size());
                elementTitles.putIfAbsent(element.code(), element.title());
                for (Criterion criterion : element.criteria()) {
                    if (!criterionIndex.containsKey(criterion.code())) {
                        criterionIndex.put(criterion.code(), criteria.size());
                        criteria.add(new CriterionSlot(criterion.code(), criterion.text(), elementIndex.get(element.code())));
                        criterionValues.add(values(q, criterion.code()));
                        elementCriteria.computeIfAbsent(element.code(), c -> new ArrayList<>()).add(criterionIndex.get(criterion.code()));
                    }
                }
            }
            for (Question question : q.definition().questions()) {
                if (question.type() == QuestionType.SCALE && !questionIndex.containsKey(question.code())) {
                    questionIndex.put(question.code(), questions.size());
                    questions.add(new QuestionSlot(question.code(), question.text()));
                    questionValues.add(values(q, question.code()));
                }
                if (isChoice(question)) {
                    Integer at = choiceIndex.get(question.code());
                    if (at == null) {
                        choiceIndex.put(question.code(), choices.size());
                        choices.add(new ChoiceSlot(question.code(), question.text(), question.section(), List.copyOf(question.options())));
                    } else {
                        // an older version's options that the newer ones dropped still count, after the current ones
                        ChoiceSlot slot = choices.get(at);
                        List<ChoiceOption> options = new ArrayList<>(slot.options());
                        for (ChoiceOption option : question.options()) {
                            if (options.stream().noneMatch(o -> o.code().equals(option.code()))) {
                                options.add(option);
                            }
                        }
                        choices.set(at, new ChoiceSlot(slot.code(), slot.text(), slot.section(), List.copyOf(options)));
                    }
                }
            }
        }
        for (String code : elementIndex.keySet()) {
            List<Integer> members = elementCriteria.getOrDefault(code, List.of());
            elements.add(new ElementSlot(code, elementTitles.get(code), members.stream().mapToInt(Integer::intValue).toArray()));
        }
        for (Map.Entry<String, Integer> entry : elementIndex.entrySet()) {
            elementByCode.put(entry.getKey(), entry.getValue());
        }
        for (Questionnaire q : allVersions) {
            for (Element element : q.definition().elements()) {
                for (Criterion criterion : element.criteria()) {
                    if (criteria.get(criterionIndex.get(criterion.code())).element() != elementIndex.get(element.code())) {
                        rollupsApply = false;
                    }
                }
            }
            List<String> scored = q.scoredCodes();
            int[] criterionAt = new int[scored.size()];
            int[] questionAt = new int[scored.size()];
            boolean[][] satisfied = new boolean[scored.size()][10];
            for (int p = 0; p < scored.size(); p++) {
                String code = scored.get(p);
                criterionAt[p] = q.isCriterion(code) ? criterionIndex.get(code) : -1;
                questionAt[p] = q.isCriterion(code) ? -1 : questionIndex.getOrDefault(code, -1);
                for (int v = 1; v <= 9; v++) {
                    satisfied[p][v] = q.isSatisfied(code, v);
                }
            }
            versions.put(q.id(), new VersionMap(criterionAt, questionAt, satisfied));
            versionNumbers.put(q.id(), q.version());
            Set<String> codes = new HashSet<>();
            q.definition().questions().stream().filter(ReportLayout::isChoice).forEach(question -> codes.add(question.code()));
            choiceCodes.put(q.id(), codes);
        }
    }

    private static boolean isChoice(Question question) {
        return (question.type() == QuestionType.CHOICE || question.type() == QuestionType.MULTI_CHOICE) && question.options() != null;
    }

    /** Whether {@code code} is a choice or multi-choice question in the version with id {@code versionId}. */
    boolean isChoice(long versionId, String code) {
        Set<String> codes = choiceCodes.get(versionId);
        return codes != null && codes.contains(code);
    }

    private static int[] values(Questionnaire q, String code) {
        return q.scaleOf(code).orElseThrow().options().stream().mapToInt(o -> o.value()).toArray();
    }

    VersionMap version(long versionId) {
        VersionMap map = versions.get(versionId);
        if (map == null) {
            throw new IllegalStateException("survey version " + versionId + " is not part of this report's survey");
        }
        return map;
    }

    int elementIndex(String code) {
        return elementByCode.get(code);
    }

    /** The code of the element the criterion {@code code} sits in here. */
    String elementCodeOf(String criterionCode) {
        for (CriterionSlot slot : criteria) {
            if (slot.code().equals(criterionCode)) {
                return elements.get(slot.element()).code();
            }
        }
        throw new IllegalArgumentException("no criterion " + criterionCode + " in this report's survey");
    }

    boolean rollupsApply() {
        return rollupsApply;
    }

    int versionNumber(long versionId) {
        return versionNumbers.get(versionId);
    }
}
