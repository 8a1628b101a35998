package vn.hailong.flag;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/** What the checks need of a response just inserted (in the same transaction). */
public record SubmittedResponse(String id, String surveyCode, long agencyId, String channel, @Nullable Long kioskId,
                                Instant submittedAt, String scores) {
}
