package vn.hailong.account;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import vn.hailong.security.ServerKeys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Login throttling, the same on every copy of the app because its state is in the database
 * ({@code login_counter}, V15). Every attempt first <em>claims</em> a slot of its key with one
 * conditional {@code UPDATE … SET attempts = attempts + 1 WHERE attempts < limit}: simultaneous
 * guesses on any number of copies can never check more passwords than the limit (issue 11, 1c). A
 * successful login gives its slots back; a failure keeps them until the window (default 15 minutes,
 * counted from the first attempt of the window) has passed.
 *
 * <p>Keys (keyed hashes, never raw names or addresses):
 * <ul>
 * <li>{@code account}: an account, found by the normalised name ({@link Usernames}) so that every
 *     spelling the collation maps to it shares one count (1b), for clients it does not know;</li>
 * <li>{@code device}: one browser that logged in to the account before ({@link TrustedDevices}): it
 *     has its own count and is not locked by anyone else's guesses (finding 4; OWASP "Slow Down Online
 *     Guessing Attacks with Device Cookies");</li>
 * <li>{@code name}: a name without account, throttled like a real one (no enumeration);</li>
 * <li>{@code address}: the client's address ({@code max-failures-per-address}), for every attempt
 *     except those of a remembered browser.</li>
 * </ul>
 */
@Singleton
public class LoginThrottle {

    static final String ACCOUNT = "account";
    static final String DEVICE = "device";
    static final String NAME = "name";
    static final String ADDRESS = "address";

    /** One counter: its keyed hash, what it counts, the account it belongs to. */
    record Key(String hash, String kind, @Nullable Long accountId, int limit) {
    }

    private final TransactionOperations<Connection> transactions;
    private final ServerKeys keys;
    private final AccountRepository accounts;
    private final ApplicationEventPublisher<LoginEvent> events;
    private final boolean enabled;
    private final int maxPerAccount;
    private final int maxPerAddress;
    private final Duration window;
    private final Clock clock;

    LoginThrottle(TransactionOperations<Connection> transactions, ServerKeys keys, AccountRepository accounts,
                  ApplicationEventPublisher<LoginEvent> events,
                  @Value("${hailong.limits.login.enabled:true}") boolean enabled,
                  @Value("${hailong.limits.login.max-failures-per-account:5}") int maxPerAccount,
                  @Value("${hailong.limits.login.max-failures-per-address:30}") int maxPerAddress,
                  @Value("${hailong.limits.login.window:15m}") Duration window, Clock clock) {
        this.clock = clock;
        this.transactions = transactions;
        this.keys = keys;
        this.accounts = accounts;
        this.events = events;
        this.enabled = enabled;
        this.maxPerAccount = maxPerAccount;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
    }

    Key accountKey(long accountId) {
        return new Key(keys.hash("login-throttle", "account:" + accountId), ACCOUNT, accountId, maxPerAccount);
    }

    Key deviceKey(long accountId, String device) {
        return new Key(keys.hash("login-throttle", "device:" + accountId + ":" + device), DEVICE, accountId, maxPerAccount);
    }

    Key nameKey(String normalisedName) {
        return new Key(keys.hash("login-throttle", "name:" + normalisedName), NAME, null, maxPerAccount);
    }

    private Key addressKey(String clientHash) {
        return new Key(keys.hash("login-throttle", "address:" + clientHash), ADDRESS, null, maxPerAddress);
    }

    /**
     * Claims one attempt of {@code key} and (unless it is a remembered browser) of the client's
     * address. Empty: the password may be checked now. Otherwise: refused, with the time it may try again.
     */
    Optional<Instant> claim(Key key, String clientHash) {
        if (!enabled) {
            return Optional.empty();
        }
        Optional<Instant> locked = claimOne(key);
        if (locked.isPresent() || key.kind().equals(DEVICE)) {
            return locked;
        }
        Optional<Instant> address = claimOne(addressKey(clientHash));
        if (address.isPresent()) {
            release(key); // refused for the address: this attempt never reached the account's password
        }
        return address;
    }

    /** The attempt succeeded: the key's count starts again, and the address gets its slot back. */
    void succeeded(Key key, String clientHash) {
        if (!enabled) {
            return;
        }
        transactions.executeWrite(status -> {
            try (PreparedStatement delete = status.getConnection().prepareStatement("DELETE FROM login_counter WHERE throttle_key = ?")) {
                delete.setString(1, key.hash());
                delete.executeUpdate();
            }
            return null;
        });
        if (!key.kind().equals(DEVICE)) {
            release(addressKey(clientHash));
        }
    }

    /** An administrator ({@code actor}) clears the lock of an account; published as a LoginEvent UNLOCKED for the audit log. */
    public void unlock(String username, String actor) {
        unlock(username);
        events.publishEvent(new LoginEvent(LoginEvent.Outcome.UNLOCKED, username, null, null, "", "admin", clock.instant(), null, actor));
    }

    /** Clears the counts of the account with this name (for unknown clients and for each remembered browser), or of the bare name. */
    public void unlock(String username) {
        String name = Usernames.normalise(username).orElse(username);
        Optional<Account> account = accounts.findByUsername(name);
        transactions.executeWrite(status -> {
            try (PreparedStatement delete = status.getConnection().prepareStatement(account.isPresent()
                    ? "DELETE FROM login_counter WHERE account_id = ?" : "DELETE FROM login_counter WHERE throttle_key = ?")) {
                if (account.isPresent()) {
                    delete.setLong(1, account.get().id());
                } else {
                    delete.setString(1, nameKey(name).hash());
                }
                delete.executeUpdate();
            }
            return null;
        });
    }

    public record LockedAccount(String username, int failures, Instant lockedUntil) {
    }

    /** Accounts locked right now for clients they do not know (or for one of their browsers), for the admin pages. */
    public List<LockedAccount> lockedAccounts() {
        Instant now = clock.instant();
        return transactions.executeRead(status -> {
            List<LockedAccount> found = new ArrayList<>();
            try (PreparedStatement select = status.getConnection().prepareStatement("""
                    SELECT a.username, MAX(c.attempts), MAX(c.window_start) FROM login_counter c JOIN account a ON a.id = c.account_id
                    WHERE c.attempts >= ? AND c.window_start > ? GROUP BY a.username ORDER BY a.username""")) {
                select.setInt(1, maxPerAccount);
                select.setObject(2, utc(now.minus(window)));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        found.add(new LockedAccount(rs.getString(1), rs.getInt(2),
                                rs.getObject(3, LocalDateTime.class).toInstant(ZoneOffset.UTC).plus(window)));
                    }
                }
            }
            return found;
        });
    }

    /** Counts older than the window count for nothing: drop them (any copy may do it, idempotent). */
    @Scheduled(fixedDelay = "10m", initialDelay = "1m")
    void forgetOldCounts() {
        Instant before = clock.instant().minus(window);
        transactions.executeWrite(status -> {
            try (PreparedStatement delete = status.getConnection().prepareStatement("DELETE FROM login_counter WHERE window_start < ?")) {
                delete.setObject(1, utc(before));
                delete.executeUpdate();
            }
            return null;
        });
    }

    private Optional<Instant> claimOne(Key key) {
        // Each statement its own transaction: an INSERT IGNORE's shared lock held into the UPDATE
        // would let two simultaneous claims deadlock.
        for (int tries = 0; tries < 3; tries++) {
            Instant now = clock.instant();
            LocalDateTime cutoff = utc(now.minus(window));
            transactions.executeWrite(status -> {
                try (PreparedStatement insert = status.getConnection().prepareStatement(
                        "INSERT IGNORE INTO login_counter (throttle_key, kind, account_id, attempts, window_start) VALUES (?, ?, ?, 0, ?)")) {
                    insert.setString(1, key.hash());
                    insert.setString(2, key.kind());
                    insert.setObject(3, key.accountId());
                    insert.setObject(4, utc(now));
                    insert.executeUpdate();
                }
                return null;
            });
            // The one atomic step: a slot is taken only while fewer than the limit are taken (or the
            // window has passed, which starts a new one). Neither CASE reads a column assigned before
            // it, so MySQL's left-to-right SET and the standard's all-at-once agree.
            int claimed = transactions.executeWrite(status -> {
                try (PreparedStatement update = status.getConnection().prepareStatement("""
                        UPDATE login_counter
                           SET attempts = CASE WHEN window_start <= ? THEN 1 ELSE attempts + 1 END,
                               window_start = CASE WHEN window_start <= ? THEN ? ELSE window_start END
                         WHERE throttle_key = ? AND (window_start <= ? OR attempts < ?)""")) {
                    update.setObject(1, cutoff);
                    update.setObject(2, cutoff);
                    update.setObject(3, utc(now));
                    update.setString(4, key.hash());
                    update.setObject(5, cutoff);
                    update.setInt(6, key.limit());
                    return update.executeUpdate();
                }
            });
            if (claimed > 0) {
                return Optional.empty();
            }
            Optional<Instant> until = windowEnd(key);
            if (until.isPresent()) {
                return until;
            }
            // the row was deleted in between (a success, an unlock, the clean-up): claim again
        }
        return Optional.of(clock.instant().plusSeconds(1));
    }

    private Optional<Instant> windowEnd(Key key) {
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement(
                    "SELECT window_start FROM login_counter WHERE throttle_key = ?")) {
                select.setString(1, key.hash());
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC).plus(window))
                            : Optional.<Instant>empty();
                }
            }
        });
    }

    private void release(Key key) {
        transactions.executeWrite(status -> {
            try (PreparedStatement update = status.getConnection().prepareStatement(
                    "UPDATE login_counter SET attempts = attempts - 1 WHERE throttle_key = ? AND attempts > 0")) {
                update.setString(1, key.hash());
                update.executeUpdate();
            }
            return null;
        });
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
