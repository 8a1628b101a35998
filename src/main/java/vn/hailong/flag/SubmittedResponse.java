package vn.hailong.flag;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.ZoneId;

/** What the checks need of a response just inserted (in the same transaction). */
public record SubmittedResponse(String id, String surveyCode, long agencyId, String channel, @Nullable Long kioskId,
                                Instant submittedAt, ZoneId agencyZone, String scores) {
}
