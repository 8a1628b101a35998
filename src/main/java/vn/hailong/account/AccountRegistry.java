package vn.hailong.account;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Instant;

/** Creates accounts with hashed passwords; the checks on input live with the callers. */
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
        return accounts.save(new Account(null, username, hasher.hash(password), role, agencyId, true, Instant.now()));
    }
}
