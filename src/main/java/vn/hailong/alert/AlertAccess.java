package vn.hailong.alert;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import vn.hailong.account.Caller;
import vn.hailong.account.Role;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.system.ApiProblemException;

/** Admins see and manage every rule and case; reviewers those of their agency and the agencies below it. */
@Singleton
class AlertAccess {

    private final AgencyTree agencies;

    AlertAccess(AgencyTree agencies) {
        this.agencies = agencies;
    }

    /** The agency the caller's view is limited to, or null for an admin (everything). */
    @Nullable
    Long scope(Authentication authentication) {
        Caller caller = Caller.of(authentication).orElseThrow(() -> ApiProblemException.forbidden("Sign in first."));
        if (caller.is(Role.ADMIN)) {
            return null;
        }
        if (caller.is(Role.REVIEWER) && caller.agencyId() != null) {
            return caller.agencyId();
        }
        throw ApiProblemException.forbidden("Your account may not see alerts.");
    }

    boolean sees(Authentication authentication, long agencyId) {
        Long scope = scope(authentication);
        return scope == null || agencies.isWithin(agencyId, scope);
    }

    void check(Authentication authentication, Agency agency) {
        if (!sees(authentication, agency.id())) {
            throw ApiProblemException.forbidden("Your account may not manage alerts of " + agency.code() + ".");
        }
    }
}
