package vn.hailong.agency;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import vn.hailong.system.Refusal;

import java.util.List;
import java.util.Optional;

/**
 * The one answer to "which agencies may this caller act on?" (issue 15 §4), used by every admin
 * page and API, the report and alert scopes alike: a caller tied to an agency (a reviewer, a
 * province administrator, a kiosk) covers that agency and everything below it; an administrator
 * tied to none — the national administrator — covers every agency. The agency travels in the
 * token's {@value #AGENCY_CLAIM} claim (account.Caller writes it), so no look-up is needed to know
 * the scope; whether an agency lies inside it is the closure table's answer (AgencyTree.isWithin).
 *
 * <p>Lives in the agency package, below account, so that the agency API itself can use it.
 */
@Singleton
public class AgencyScope {

    /** The claim of the token holding the id of the agency the account is tied to. */
    public static final String AGENCY_CLAIM = "agencyId";
    /**
     * A role every token of an administrator without agency carries besides ADMIN: what only the
     * national administrator may do (webhooks, audit log, flag review, rollup rebuild) is
     * {@code @Secured(AgencyScope.NATIONAL)}, so a province administrator is refused by the
     * security filter itself.
     */
    public static final String NATIONAL = "NATIONAL_ADMIN";
    private static final String ADMIN = "ADMIN";

    private final AgencyTree tree;

    AgencyScope(AgencyTree tree) {
        this.tree = tree;
    }

    /** An administrator tied to no agency: every agency is theirs. */
    public static boolean national(@Nullable Authentication caller) {
        return caller != null && caller.getRoles().contains(ADMIN) && top(caller) == null;
    }

    /** The agency at the top of the caller's scope; null for the national administrator and for callers without one. */
    public static @Nullable Long top(@Nullable Authentication caller) {
        if (caller == null) {
            return null;
        }
        Object value = caller.getAttributes().get(AGENCY_CLAIM);
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s && !s.isBlank()) {
            return Long.parseLong(s);
        }
        return null;
    }

    /** Whether {@code agencyId} is inside the caller's scope. */
    public boolean covers(@Nullable Authentication caller, long agencyId) {
        return covers(national(caller), top(caller), agencyId);
    }

    /** The same rule for a caller already read from its token (account.Caller): national, or {@code top} and below. */
    public boolean covers(boolean national, @Nullable Long top, long agencyId) {
        return national || top != null && tree.isWithin(agencyId, top);
    }

    /**
     * Whether something scoped to {@code agencyId} — an account, a questionnaire; null meaning "every
     * agency" — lies at or below the caller's scope. Only the national administrator covers what
     * is national; a province administrator never covers anything above their own agency.
     */
    public boolean coversScope(@Nullable Authentication caller, @Nullable Long agencyId) {
        return agencyId == null ? national(caller) : covers(caller, agencyId);
    }

    /** Whether the agency with this code exists and is inside the caller's scope (to filter lists that carry codes). */
    public boolean coversCode(@Nullable Authentication caller, String code) {
        return tree.byCode(code).map(a -> covers(caller, a.id())).orElse(false);
    }

    /** 403 unless {@code agency} is inside the caller's scope; {@code what} says what was refused ("manage", "see reports of"). */
    public void check(@Nullable Authentication caller, Agency agency, String what) {
        if (!covers(caller, agency.id())) {
            throw outside(agency.code(), what);
        }
    }

    /** 403 unless what is scoped to {@code agencyId} (null: national) lies at or below the caller's scope. */
    public void checkScope(@Nullable Authentication caller, @Nullable Long agencyId, String what) {
        if (!coversScope(caller, agencyId)) {
            throw outside(agencyId == null ? "every agency (national)"
                    : tree.byId(agencyId).map(Agency::code).orElse("#" + agencyId), what);
        }
    }

    /** The agency named by {@code code} when it is inside the caller's scope: 404 naming {@code field} when unknown, else 403 outside. */
    public Agency named(@Nullable Authentication caller, String field, String code, String what) {
        Agency agency = tree.byCode(code).orElseThrow(() ->
                Refusal.notFound(field, "agency.none", "No agency with code '" + code + "'.", code));
        check(caller, agency, what);
        return agency;
    }

    /** The caller's scope in tree order: every agency for the national administrator, else the subtree. */
    public List<AgencyTree.Node> outline(@Nullable Authentication caller) {
        List<AgencyTree.Node> all = tree.outline();
        if (national(caller)) {
            return all;
        }
        Long top = top(caller);
        if (top == null) {
            return List.of();
        }
        java.util.Set<Long> within = new java.util.HashSet<>();
        tree.subtree(top).forEach(a -> within.add(a.id()));
        return all.stream().filter(n -> within.contains(n.agency().id())).toList();
    }

    /** The top agency of a scoped caller, for pages that say whose scope they show. */
    public Optional<Agency> topAgency(@Nullable Authentication caller) {
        Long top = top(caller);
        return top == null ? Optional.empty() : tree.byId(top);
    }

    private static Refusal outside(String what, String action) {
        return Refusal.forbidden("scope.outside", "Outside your scope: your account may not " + action + " " + what + ".");
    }
}
