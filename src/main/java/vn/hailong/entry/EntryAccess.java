package vn.hailong.entry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import vn.hailong.account.Caller;
import vn.hailong.account.Role;
import vn.hailong.agency.AgencyTree;

import java.util.Optional;

/**
 * Who may key which rounds: an account scoped to an agency (DATA_ENTRY, or an admin scoped to a
 * province) the rounds of that agency and those below it; an unscoped admin every round. The
 * routes themselves admit only ADMIN and DATA_ENTRY.
 */
@Singleton
class EntryAccess {

    private final AgencyTree agencies;

    EntryAccess(AgencyTree agencies) {
        this.agencies = agencies;
    }

    /** The top of the caller's scope; empty for an unscoped admin (everything). */
    Optional<Long> scope(Authentication authentication) {
        return Optional.ofNullable(Caller.of(authentication).map(Caller::agencyId).orElse(null));
    }

    boolean sees(Authentication authentication, long agencyId) {
        @Nullable Caller caller = Caller.of(authentication).orElse(null);
        if (caller == null) {
            return false;
        }
        if (caller.agencyId() == null) {
            // only an administrator is unscoped; any other account without an agency sees nothing
            return caller.is(Role.ADMIN);
        }
        return agencies.isWithin(agencyId, caller.agencyId());
    }
}
