package vn.hailong.response;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** Everything written to the {@code response} row, decided before the insert. */
record StoredResponse(
        String id,
        String surveyCode,
        long surveyVersionId,
        long agencyId,
        Channel channel,
        @Nullable String language,
        @Nullable Long kioskId,
        @Nullable Instant startedAt,
        Instant submittedAt,
        LocalDate submittedDate,
        ZoneId agencyZone,
        Instant receivedAt,
        @Nullable String dossierHash,
        String contentHash,
        CheckedAnswers answers) {
}
