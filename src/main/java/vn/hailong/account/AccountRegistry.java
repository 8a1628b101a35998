package vn.hailong.account;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Creates and changes accounts with hashed passwords; the checks on input live with the callers.
 * Disabling, a new password and a new scope all end the account's existing sessions.
 */
@Singleton
public class AccountRegistry {

    private final AccountRepository accounts;
    private final PasswordHasher hasher;

    AccountRegistry(AccountRepository accounts, PasswordHasher hasher) {
        this.accounts = accounts;
        this.hasher = hasher;
    }

    public boolean exists(String username) {
        return accounts.existsByUsername(username);
    }

    public Account create(String username, String password, Role role, @Nullable Long agencyId) {
        return accounts.save(new Account(null, username, hasher.hash(password), role, agencyId, true, Instant.now(), 0));
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

    public void setEnabled(long id, boolean enabled) {
        accounts.updateEnabled(id, enabled);
    }

    public void setPassword(long id, String password) {
        accounts.updatePasswordHash(id, hasher.hash(password));
    }

    public void setScope(long id, @Nullable Long agencyId) {
        accounts.updateAgencyId(id, agencyId);
    }
}
