package vn.hailong.entry;

import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import vn.hailong.agency.AgencyScope;

import java.util.Optional;

/**
 * Who may key which rounds: an account scoped to an agency (DATA_ENTRY, or an admin scoped to a
 * province) the rounds of that agency and those below it; the national administrator every round.
 * The routes themselves admit only ADMIN and DATA_ENTRY; the scope rule is agency.AgencyScope's.
 */
@Singleton
class EntryAccess {

    private final AgencyScope scope;

    EntryAccess(AgencyScope scope) {
        this.scope = scope;
    }

    /** The top of the caller's scope; empty for the national administrator (everything). */
    Optional<Long> scope(Authentication authentication) {
        return Optional.ofNullable(AgencyScope.top(authentication));
    }

    boolean sees(Authentication authentication, long agencyId) {
        return scope.covers(authentication, agencyId);
    }
}
