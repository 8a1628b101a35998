package vn.hailong.tally;

import vn.hailong.survey.QuestionType;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyDefinition.ChoiceOption;
import vn.hailong.survey.SurveyDefinition.Element;
import vn.hailong.survey.SurveyDefinition.Question;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What one survey version's counts are about, in the version's own terms: its score-line positions
 * (the criteria first, then the other scale questions), the element of each criterion, which
 * values count as satisfied, and its choice questions with their options. Versions never change,
 * so a {@link VersionTally} stored years ago still decodes with the shape of today.
 */
public final class VersionShape {

    private final long versionId;
    private final int criteria;
    private final int positions;
    private final List<String> positionCodes;
    private final List<String> elementCodes = new ArrayList<>();
    private final int[] elementOf;
    private final boolean[][] satisfied;
    private final List<String> choiceCodes = new ArrayList<>();
    private final List<List<String>> choiceOptions = new ArrayList<>();
    private final Map<String, Integer> choiceIndex = new HashMap<>();

    public VersionShape(Questionnaire questionnaire) {
        this.versionId = questionnaire.id();
        this.positionCodes = List.copyOf(questionnaire.scoredCodes());
        this.positions = positionCodes.size();
        this.criteria = questionnaire.criteria().size();
        this.elementOf = new int[criteria];
        int k = 0;
        for (Element element : questionnaire.definition().elements()) {
            for (int i = 0; i < element.criteria().size(); i++) {
                elementOf[k++] = elementCodes.size();
            }
            elementCodes.add(element.code());
        }
        this.satisfied = new boolean[positions][10];
        for (int p = 0; p < positions; p++) {
            for (int v = 1; v <= 9; v++) {
                satisfied[p][v] = questionnaire.isSatisfied(positionCodes.get(p), v);
            }
        }
        for (Question question : questionnaire.definition().questions()) {
            boolean choice = question.type() == QuestionType.CHOICE || question.type() == QuestionType.MULTI_CHOICE;
            if (choice && question.options() != null) {
                choiceIndex.put(question.code(), choiceCodes.size());
                choiceCodes.add(question.code());
                choiceOptions.add(question.options().stream().map(ChoiceOption::code).toList());
            }
        }
    }

    private VersionShape(VersionShape of, List<String> elementCodes, int[] elementOf) {
        this.versionId = of.versionId;
        this.criteria = of.criteria;
        this.positions = of.positions;
        this.positionCodes = of.positionCodes;
        this.elementCodes.addAll(elementCodes);
        this.elementOf = elementOf;
        this.satisfied = of.satisfied;
        this.choiceCodes.addAll(of.choiceCodes);
        this.choiceOptions.addAll(of.choiceOptions);
        this.choiceIndex.putAll(of.choiceIndex);
    }

    /**
     * The same positions and choices with the criteria grouped into other elements: {@code elementOf}
     * gives the element code of each criterion code. A report pooling versions in which a criterion
     * moved to another element counts respondents per element of its own grouping, which the
     * version's elements cannot be mapped onto; its tallies are counted from the rows in this shape.
     */
    public VersionShape regrouped(Function<String, String> elementOfCriterion) {
        List<String> codes = new ArrayList<>();
        int[] of = new int[criteria];
        for (int k = 0; k < criteria; k++) {
            String element = elementOfCriterion.apply(positionCodes.get(k));
            int at = codes.indexOf(element);
            if (at < 0) {
                at = codes.size();
                codes.add(element);
            }
            of[k] = at;
        }
        return new VersionShape(this, codes, of);
    }

    public long versionId() {
        return versionId;
    }

    /** Criteria of the index: score-line positions 0 .. criteria-1. */
    public int criteria() {
        return criteria;
    }

    /** All scale-answered questions: criteria, then the other scale questions. */
    public int positions() {
        return positions;
    }

    public String positionCode(int position) {
        return positionCodes.get(position);
    }

    public int elements() {
        return elementCodes.size();
    }

    public String elementCode(int element) {
        return elementCodes.get(element);
    }

    /** The version's element (index into its elements) of criterion {@code k}. */
    public int elementOf(int k) {
        return elementOf[k];
    }

    public boolean satisfied(int position, int value) {
        return satisfied[position][value];
    }

    public int choices() {
        return choiceCodes.size();
    }

    public String choiceCode(int choice) {
        return choiceCodes.get(choice);
    }

    public List<String> choiceOptions(int choice) {
        return choiceOptions.get(choice);
    }

    int choiceIndex(String code) {
        Integer index = choiceIndex.get(code);
        return index == null ? -1 : index;
    }
}
