package vn.hailong.response;

import io.micronaut.json.tree.JsonNode;
import vn.hailong.dossier.RatingCodes;
import vn.hailong.dossier.ReturnAgainstDue;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyDefinition.Criterion;
import vn.hailong.survey.SurveyDefinition.ScaleOption;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers that come from the served-dossier feed (issue 15 §2): a criterion marked
 * {@code fromDossier: dueDate} that the response leaves unanswered takes the value the rated
 * dossier's return and due times give. What the citizen answered is kept as answered; a dossier
 * without both times fills nothing, and then the criterion's own rules (required or not) apply.
 */
final class DossierAnswers {

    private DossierAnswers() {
    }

    static Map<String, JsonNode> fill(Questionnaire questionnaire, Map<String, JsonNode> answers,
                                      RatingCodes.RatedDossier dossier, ZoneId zone) {
        Optional<ReturnAgainstDue> outcome = ReturnAgainstDue.of(dossier.dueAt(), dossier.returnedAt(), zone);
        if (outcome.isEmpty()) {
            return answers;
        }
        Map<String, JsonNode> filled = null;
        for (Criterion criterion : questionnaire.criteria().values()) {
            JsonNode given = answers.get(criterion.code());
            if (!Criterion.DUE_DATE.equals(criterion.fromDossier()) || (given != null && !given.isNull())) {
                continue;
            }
            // the parser allows dueDate only on 3-option scales: lowest value = longer, then equal, then shorter
            List<ScaleOption> options = questionnaire.scaleOf(criterion.code()).orElseThrow().options();
            int value = options.get(outcome.get().ordinal()).value();
            if (filled == null) {
                filled = new LinkedHashMap<>(answers);
            }
            filled.put(criterion.code(), JsonNode.createNumberNode(value));
        }
        return filled == null ? answers : filled;
    }
}
