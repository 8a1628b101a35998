package vn.hailong.survey;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * A stored questionnaire version. Never changed once stored (but for its retirement): responses
 * point at it. {@code agencyId}: the agency whose province administrator published it — it is
 * offered there and below only — or null for a national questionnaire (issue 15).
 */
@MappedEntity("survey_version")
public record SurveyVersion(
        @Id @GeneratedValue @Nullable Long id,
        String code,
        int version,
        String titleVi,
        String titleEn,
        String definition,
        String checksum,
        String source,
        Instant createdAt,
        @Nullable Instant retiredAt,
        @Nullable Long agencyId) {
}
