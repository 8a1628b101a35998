package vn.hailong.alert;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import vn.hailong.account.Caller;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyScope;
import vn.hailong.system.Refusal;

/**
 * The national administrator sees and manages every rule and case; reviewers and province
 * administrators those of their agency and the agencies below it (the rule: agency.AgencyScope).
 */
@Singleton
class AlertAccess {

    private final AgencyScope agencyScope;

    AlertAccess(AgencyScope agencyScope) {
        this.agencyScope = agencyScope;
    }

    /** The agency the caller's view is limited to, or null for an admin (everything). */
    @Nullable
    Long scope(Authentication authentication) {
        Caller caller = Caller.of(authentication).orElseThrow(() -> Refusal.forbidden("signIn", "Sign in first."));
        if (caller.national()) {
            return null;
        }
        if (caller.staff() && caller.agencyId() != null) {
            return caller.agencyId();
        }
        throw Refusal.forbidden("alert.notAllowed", "Your account may not see alerts.");
    }

    boolean sees(Authentication authentication, long agencyId) {
        Long top = scope(authentication);
        return agencyScope.covers(top == null, top, agencyId);
    }

    void check(Authentication authentication, Agency agency) {
        if (!sees(authentication, agency.id())) {
            throw Refusal.forbidden("alert.outOfScope", "Your account may not manage alerts of " + agency.code() + ".", agency.code());
        }
    }
}
