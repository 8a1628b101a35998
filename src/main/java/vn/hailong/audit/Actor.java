package vn.hailong.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;

/**
 * Who did something, as the audit log keeps it: a name (username, {@code kiosk:<id>}, or
 * {@code anonymous}), the role and the agency the account was scoped to at that moment.
 * Read from the token, so it is what the caller was allowed to do when acting.
 */
public record Actor(String name, @Nullable String role, @Nullable Long agencyId) {

    public static final int MAX_NAME = 100;

    /** The token claim that carries the account's agency (the same one account.Caller reads). */
    private static final String AGENCY_ID = "agencyId";
    private static final String KIOSK_ID = "kioskId";

    public Actor {
        name = AuditText.clean(name == null || name.isBlank() ? "anonymous" : name, MAX_NAME);
    }

    public static Actor of(@Nullable Authentication authentication) {
        if (authentication == null) {
            return anonymous();
        }
        String role = authentication.getRoles().stream().findFirst().orElse(null);
        Long kioskId = number(authentication.getAttributes().get(KIOSK_ID));
        String name = kioskId != null ? "kiosk:" + kioskId : authentication.getName();
        return new Actor(name, role, number(authentication.getAttributes().get(AGENCY_ID)));
    }

    public static Actor anonymous() {
        return new Actor("anonymous", null, null);
    }

    /** The work of the application itself (start-up, scheduled jobs). */
    public static Actor system() {
        return new Actor("system", null, null);
    }

    /**
     * Someone who typed this username but is not (yet) authenticated: kept as given so repeated
     * guesses are visible, but shortened and with control characters escaped.
     */
    public static Actor attempted(@Nullable String username) {
        return new Actor(username == null || username.isBlank() ? "anonymous" : username, null, null);
    }

    private static Long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s && !s.isBlank()) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
