package vn.hailong.account;

import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.util.Optional;

/** Checks a username and password; the result carries role and agency into the token. */
@Singleton
class AccountAuthenticator {

    private final AccountRepository accounts;
    private final PasswordHasher hasher;

    AccountAuthenticator(AccountRepository accounts, PasswordHasher hasher) {
        this.accounts = accounts;
        this.hasher = hasher;
    }

    Optional<Authentication> authenticate(String username, String password) {
        Optional<Account> account = accounts.findByUsername(username);
        if (account.isEmpty()) {
            hasher.spendDecoyCheck(password);
            return Optional.empty();
        }
        Account found = account.get();
        if (!hasher.matches(password, found.passwordHash()) || !found.enabled()) {
            return Optional.empty();
        }
        return Optional.of(Caller.authentication(found.username(), found.role(), found.agencyId(), null));
    }
}
