package vn.hailong.audit;

import io.micronaut.core.annotation.Nullable;

/**
 * One event to audit. {@code action} is a short code (see {@link AuditActions}), {@code target}
 * what it was done to (e.g. {@code agency:12}, {@code account:reviewer-hn}), {@code details} free
 * text (never a password or a token). Text is escaped and shortened to fit when stored.
 */
public record AuditEntry(Actor actor, String action, @Nullable String target, @Nullable String details) {

    public static final int MAX_ACTION = 64;
    public static final int MAX_TARGET = 255;
    public static final int MAX_DETAILS = 2000;

    public AuditEntry {
        if (actor == null) {
            throw new IllegalArgumentException("actor is required");
        }
        if (action == null || action.isBlank()) {
            throw new IllegalArgumentException("action is required");
        }
        action = AuditText.clean(action, MAX_ACTION);
        target = AuditText.clean(target, MAX_TARGET);
        details = AuditText.clean(details, MAX_DETAILS);
    }
}
