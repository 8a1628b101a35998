package vn.hailong.account;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What an account may do: see api.md "Authentication". */
public enum Role {
    /** Everything. */
    ADMIN,
    /** Reports of one agency and everything below it. */
    REVIEWER,
    /** A device that submits responses for its agency. */
    KIOSK,
    /**
     * A dossier or queue system (issue 13): sends served dossiers and portal responses for its
     * agency and those below it. Never an account: its key comes from POST /api/v1/integrations.
     */
    INTEGRATION,
    /**
     * Staff who type in paper questionnaires (issue 15): submit channel {@code paper} and use the
     * /entry pages for one agency and everything below it; no reports, no administration.
     */
    DATA_ENTRY;

    /** The roles an account may have (integration clients have keys, not accounts). */
    public static List<Role> accountRoles() {
        return List.of(ADMIN, REVIEWER, KIOSK, DATA_ENTRY);
    }

    public static Optional<Role> parse(String text) {
        return Arrays.stream(values()).filter(r -> r.name().equals(text)).findFirst();
    }
}
