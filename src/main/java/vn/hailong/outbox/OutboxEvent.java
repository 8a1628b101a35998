package vn.hailong.outbox;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * One event of the transactional outbox. {@code eventId} is stable: every delivery of the event,
 * retried or repeated, carries it, so a receiver can drop what it has already seen.
 */
public record OutboxEvent(long id, String eventId, String kind, long agencyId, String subject,
                          @Nullable String payload, Instant createdAt) {

    public static final String RESPONSE_STORED = "response.stored";
    public static final String ALERT_OPENED = "alert.opened";
    public static final String ALERT_ESCALATED = "alert.escalated";
    public static final String ALERT_RESOLVED = "alert.resolved";
    /** A reviewer's weekly digest: the payload holds the e-mail already written ({@code to}, {@code subject}, {@code body}). */
    public static final String DIGEST_WEEKLY = "digest.weekly";
}
