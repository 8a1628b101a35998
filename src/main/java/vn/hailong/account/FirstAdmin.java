package vn.hailong.account;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * On the very first start (no account at all) creates the administrator named by
 * HAILONG_ADMIN_USERNAME / HAILONG_ADMIN_PASSWORD. There is no built-in default password.
 */
@Context
class FirstAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(FirstAdmin.class);

    private final AccountRepository accounts;
    private final PasswordHasher hasher;
    private final String username;
    private final String password;
    private final Clock clock;

    FirstAdmin(AccountRepository accounts, PasswordHasher hasher,
               @Value("${hailong.admin.username:}") String username,
               @Value("${hailong.admin.password:}") String password, Clock clock) {
        this.clock = clock;
        this.accounts = accounts;
        this.hasher = hasher;
        this.username = username;
        this.password = password;
    }

    @PostConstruct
    void createWhenNoAccountExists() {
        if (accounts.count() > 0) {
            return;
        }
        if (username.isBlank() || password.isBlank()) {
            LOG.warn("No account exists yet. Set HAILONG_ADMIN_USERNAME and HAILONG_ADMIN_PASSWORD and restart to create the first administrator.");
            return;
        }
        if (password.length() < AccountRules.MIN_PASSWORD) {
            throw new IllegalStateException("HAILONG_ADMIN_PASSWORD must have at least " + AccountRules.MIN_PASSWORD + " characters");
        }
        String name = Usernames.normalise(username).filter(n -> AccountRules.USERNAME.matcher(n).matches()).orElseThrow(() ->
                new IllegalStateException("HAILONG_ADMIN_USERNAME must be 3 to 64 letters, digits or . _ @ - (no invisible characters)"));
        accounts.save(new Account(null, name, hasher.hash(password), Role.ADMIN, null, true, clock.instant()));
        LOG.info("Created the first administrator account '{}'.", name);
    }
}
