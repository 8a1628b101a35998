package vn.hailong.response;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;

import java.time.Instant;
import java.util.Map;

/**
 * A submission whose envelope (id, survey, agency, channel, times...) is well-formed. The answers
 * are still raw: only the survey version can say what they should be.
 */
public record Submission(
        String id,
        String survey,
        @Nullable Integer surveyVersion,
        String agency,
        Channel channel,
        @Nullable String language,
        @Nullable Instant startedAt,
        @Nullable Instant submittedAt,
        @Nullable String dossier,
        Map<String, JsonNode> answers,
        @Nullable String ratingCode) {

    /** The same submission for another agency (a rating code names its dossier's agency). */
    Submission forAgency(String agencyCode) {
        return new Submission(id, survey, surveyVersion, agencyCode, channel, language, startedAt, submittedAt, dossier, answers,
                ratingCode);
    }
}
