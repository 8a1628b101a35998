package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.hailong.account.Caller;
import vn.hailong.account.Role;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.system.ApiProblemException;

/** Reports are for admins, and for reviewers of the agency or one of its ancestors. */
@Singleton
class ReportAccess {

    private final AgencyTree agencies;

    ReportAccess(AgencyTree agencies) {
        this.agencies = agencies;
    }

    void check(@Nullable Caller caller, Agency agency) {
        if (caller != null && caller.is(Role.ADMIN)) {
            return;
        }
        if (caller != null && caller.is(Role.REVIEWER) && caller.agencyId() != null
                && agencies.isWithin(agency.id(), caller.agencyId())) {
            return;
        }
        throw ApiProblemException.forbidden("Your account may not see reports of " + agency.code() + ".");
    }
}
