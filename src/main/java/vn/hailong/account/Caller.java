package vn.hailong.account;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who is calling, read from the token: role, the agency the account is tied to (reviewers,
 * kiosks and province administrators; none for the national administrator) and, for a kiosk device, its id. Carried in the token's claims so that every copy of
 * the app can read it without a database look-up.
 */
public record Caller(String name, @Nullable Role role, @Nullable Long agencyId, @Nullable Long kioskId) {

    static final String AGENCY_ID = vn.hailong.agency.AgencyScope.AGENCY_CLAIM;
    static final String KIOSK_ID = "kioskId";

    public static Optional<Caller> of(@Nullable Authentication authentication) {
        if (authentication == null) {
            return Optional.empty();
        }
        Role role = authentication.getRoles().stream().map(Role::parse).flatMap(Optional::stream).findFirst().orElse(null);
        return Optional.of(new Caller(authentication.getName(), role,
                number(authentication.getAttributes().get(AGENCY_ID)),
                number(authentication.getAttributes().get(KIOSK_ID))));
    }

    public static Authentication authentication(String name, Role role, @Nullable Long agencyId, @Nullable Long kioskId) {
        Map<String, Object> attributes = new HashMap<>();
        if (agencyId != null) {
            attributes.put(AGENCY_ID, agencyId);
        }
        if (kioskId != null) {
            attributes.put(KIOSK_ID, kioskId);
        }
        // The national administrator (no agency) also carries AgencyScope.NATIONAL: routes only they
        // may use say so with @Secured, and a province administrator is refused before any code runs.
        List<String> roles = role == Role.ADMIN && agencyId == null
                ? List.of(role.name(), vn.hailong.agency.AgencyScope.NATIONAL) : List.of(role.name());
        return Authentication.build(name, roles, attributes);
    }

    public boolean is(Role wanted) {
        return role == wanted;
    }

    /** The national administrator: an ADMIN tied to no agency (vn.hailong.agency.AgencyScope). */
    public boolean national() {
        return role == Role.ADMIN && agencyId == null;
    }

    /** Staff whose reports and administration follow an agency subtree: reviewers and province administrators. */
    public boolean staff() {
        return role == Role.ADMIN || role == Role.REVIEWER;
    }

    private static Long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s && !s.isBlank()) {
            return Long.parseLong(s);
        }
        return null;
    }
}
