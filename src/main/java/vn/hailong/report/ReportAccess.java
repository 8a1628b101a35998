package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.hailong.account.Caller;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyScope;
import vn.hailong.agency.AgencyTree;
import vn.hailong.system.Refusal;

/**
 * Reports are for the national administrator, and for reviewers and province administrators of
 * the agency or one of its ancestors (the scope rule itself: agency.AgencyScope).
 */
@Singleton
class ReportAccess {

    private final AgencyTree agencies;
    private final AgencyScope scope;

    ReportAccess(AgencyTree agencies, AgencyScope scope) {
        this.agencies = agencies;
        this.scope = scope;
    }

    /**
     * The agency a report request names by code, when the caller may see its reports: 404 naming
     * {@code field} for an unknown code, 403 outside the caller's scope.
     */
    Agency visible(String field, String code, @Nullable Caller caller) {
        Agency agency = agencies.byCode(code).orElseThrow(() ->
                Refusal.notFound(field, "agency.none", "No agency with code '" + code + "'.", code));
        check(caller, agency);
        return agency;
    }

    void check(@Nullable Caller caller, Agency agency) {
        if (caller != null && caller.staff() && scope.covers(caller.national(), caller.agencyId(), agency.id())) {
            return;
        }
        throw Refusal.forbidden("report.outOfScope", "Your account may not see reports of " + agency.code() + ".", agency.code());
    }
}
