package vn.hailong.account;

import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import vn.hailong.audit.Actor;
import vn.hailong.audit.AuditActions;
import vn.hailong.audit.AuditEntry;
import vn.hailong.audit.AuditLog;

import java.util.Optional;

/**
 * Checks a username and password; the result carries role and agency into the token. Every
 * attempt is audited: success as the account, failure as the username typed (never the password).
 */
@Singleton
class AccountAuthenticator {

    private final AccountRepository accounts;
    private final PasswordHasher hasher;
    private final AuditLog audit;

    AccountAuthenticator(AccountRepository accounts, PasswordHasher hasher, AuditLog audit) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.audit = audit;
    }

    /** @param channel where the attempt came from ("api" or "page"), kept in the audit details */
    Optional<Authentication> authenticate(String username, String password, String channel) {
        Optional<Account> account = accounts.findByUsername(username);
        if (account.isEmpty()) {
            hasher.spendDecoyCheck(password);
            failed(username, "unknown-user", channel);
            return Optional.empty();
        }
        Account found = account.get();
        if (!hasher.matches(password, found.passwordHash())) {
            failed(found.username(), "wrong-password", channel);
            return Optional.empty();
        }
        if (!found.enabled()) {
            failed(found.username(), "disabled", channel);
            return Optional.empty();
        }
        Authentication authentication = Caller.authentication(found.username(), found.role(), found.agencyId(), null);
        audit.record(new AuditEntry(Actor.of(authentication), AuditActions.LOGIN, "account:" + found.username(), "via " + channel));
        return Optional.of(authentication);
    }

    private void failed(String username, String reason, String channel) {
        audit.record(new AuditEntry(Actor.attempted(username), AuditActions.LOGIN_FAILED, "account:" + username,
                reason + " via " + channel));
    }
}
