package vn.hailong.account;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates and changes accounts with hashed passwords; the checks on input live with the callers.
 * Disabling, a new password and a new scope all end the account's existing sessions.
 */
@Singleton
public class AccountRegistry {

    private final AccountRepository accounts;
    private final PasswordHasher hasher;

    private final SessionRevocation sessions;
    private final Clock clock;

    AccountRegistry(AccountRepository accounts, PasswordHasher hasher, SessionRevocation sessions, Clock clock) {
        this.clock = clock;
        this.accounts = accounts;
        this.hasher = hasher;
        this.sessions = sessions;
    }

    public boolean exists(String username) {
        return accounts.existsByUsername(username);
    }

    public Account create(String username, String password, Role role, @Nullable Long agencyId) {
        // Callers validate; stored as every login compares it (Usernames), so "Alice" is the account "alice".
        String name = Usernames.normalise(username).orElseThrow(() -> new IllegalArgumentException("username with invisible characters"));
        return accounts.save(new Account(null, name, hasher.hash(password), role, agencyId, true, clock.instant()));
    }

    public List<Account> all() {
        return accounts.findAllOrderByUsername();
    }

    public Optional<Account> byId(long id) {
        return accounts.findById(id);
    }

    public Optional<Account> byUsername(String username) {
        return accounts.findByUsername(username);
    }

    /** Enabled reviewers scoped to an agency, by account id: the readers of alert mails and digests. */
    public Map<Long, Account> enabledReviewers() {
        Map<Long, Account> reviewers = new HashMap<>();
        for (Account account : accounts.findByRoleAndEnabled(Role.REVIEWER, true)) {
            if (account.agencyId() != null) {
                reviewers.put(account.id(), account);
            }
        }
        return reviewers;
    }

    // Each change ends the account's open sessions (SessionRevocation: tokens issued before now
    // are refused). A new scope must not live on in old tokens, which carry the agency as a claim.

    public void setEnabled(Account account, boolean enabled) {
        accounts.updateEnabled(account.id(), enabled);
        sessions.revokeAll(account.username());
    }

    public void setPassword(Account account, String password) {
        accounts.updatePasswordHash(account.id(), hasher.hash(password));
        sessions.revokeAll(account.username());
    }

    public void setScope(Account account, @Nullable Long agencyId) {
        accounts.updateAgencyId(account.id(), agencyId);
        sessions.revokeAll(account.username());
    }
}
