package vn.hailong.response;

import io.micronaut.core.annotation.Nullable;
import vn.hailong.dossier.RatingCodes;
import vn.hailong.survey.Questionnaire;

import java.time.Instant;

/**
 * A submission checked as far as it can be without the database — envelope, channel, survey
 * version, answers — with its hashes computed, waiting for {@link SubmissionWriter} to resolve
 * its agency and store it. {@code kioskId} is the submitting kiosk (KIOSK callers only);
 * {@code ratedDossier} the served dossier whose rating code it carries, consumed where it is stored.
 */
record PreparedResponse(
        Submission submission,
        Questionnaire questionnaire,
        CheckedAnswers answers,
        @Nullable String dossierHash,
        String contentHash,
        @Nullable Long kioskId,
        Instant receivedAt,
        @Nullable RatingCodes.RatedDossier ratedDossier) {

    String id() {
        return submission.id();
    }

    /** The client said when the citizen finished; otherwise the receipt time stands in for it. */
    boolean clientTimed() {
        return submission.submittedAt() != null;
    }

    Instant submittedAt() {
        return clientTimed() ? submission.submittedAt() : receivedAt;
    }
}
