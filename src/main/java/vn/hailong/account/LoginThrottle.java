package vn.hailong.account;

import io.micronaut.context.annotation.Value;
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
import java.util.Locale;
import java.util.Optional;

/**
 * Login throttling, the same on every copy of the app because its state is in the database: each
 * failure is a row in {@code login_failure}, keyed by a keyed hash of the account name typed and,
 * separately, of the client's address. An account name with {@code max-failures-per-account}
 * failures within {@code window} (default 5 in 15 minutes), or an address with
 * {@code max-failures-per-address} (default 30), is refused without a password check until the
 * oldest of those failures leaves the window. Unknown names are throttled like real ones, so the
 * answer never tells whether an account exists. A successful login clears the account's failures
 * (not the address's: one's own account must not reset an attack on others); an administrator can
 * clear them with {@link #unlock}.
 *
 * <p>Concurrent attempts at the very edge may let a few more tries through than the limit (the
 * count is read, then the failure inserted); the limit is a brake on guessing, not a counter.
 */
@Singleton
public class LoginThrottle {

    static final String ACCOUNT = "account";
    static final String ADDRESS = "address";

    private final TransactionOperations<Connection> transactions;
    private final ServerKeys keys;
    private final boolean enabled;
    private final int maxPerAccount;
    private final int maxPerAddress;
    private final Duration window;
    private final Clock clock = Clock.systemUTC();

    LoginThrottle(TransactionOperations<Connection> transactions, ServerKeys keys,
                  @Value("${hailong.limits.login.enabled:true}") boolean enabled,
                  @Value("${hailong.limits.login.max-failures-per-account:5}") int maxPerAccount,
                  @Value("${hailong.limits.login.max-failures-per-address:30}") int maxPerAddress,
                  @Value("${hailong.limits.login.window:15m}") Duration window) {
        this.transactions = transactions;
        this.keys = keys;
        this.enabled = enabled;
        this.maxPerAccount = maxPerAccount;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
    }

    /** When the account name or the address may try again; empty when it may try now. */
    public Optional<Instant> lockedUntil(String username, String clientHash) {
        if (!enabled) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<Instant> account = lockedUntil(accountKey(username), maxPerAccount, now);
        Optional<Instant> address = lockedUntil(addressKey(clientHash), maxPerAddress, now);
        if (account.isPresent() && address.isPresent()) {
            return Optional.of(account.get().isAfter(address.get()) ? account.get() : address.get());
        }
        return account.or(() -> address);
    }

    public void failed(String username, String clientHash) {
        if (!enabled) {
            return;
        }
        Instant now = clock.instant();
        transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            insert(c, accountKey(username), ACCOUNT, username, now);
            insert(c, addressKey(clientHash), ADDRESS, null, now);
            return null;
        });
    }

    public void succeeded(String username) {
        unlock(username);
    }

    /** Clears the failures of an account name (admin action; also after a successful login). */
    public void unlock(String username) {
        transactions.executeWrite(status -> {
            try (PreparedStatement delete = status.getConnection().prepareStatement("DELETE FROM login_failure WHERE throttle_key = ?")) {
                delete.setString(1, accountKey(username));
                delete.executeUpdate();
            }
            return null;
        });
    }

    public record LockedAccount(String username, int failures, Instant lockedUntil) {
    }

    /** Account names locked right now, for the admin pages. */
    public List<LockedAccount> lockedAccounts() {
        Instant now = clock.instant();
        List<String> names = transactions.executeRead(status -> {
            List<String> found = new ArrayList<>();
            try (PreparedStatement select = status.getConnection().prepareStatement("""
                    SELECT MIN(username) FROM login_failure WHERE kind = ? AND failed_at > ?
                    GROUP BY throttle_key HAVING COUNT(*) >= ?""")) {
                select.setString(1, ACCOUNT);
                select.setObject(2, utc(now.minus(window)));
                select.setInt(3, maxPerAccount);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
            return found;
        });
        List<LockedAccount> locked = new ArrayList<>();
        for (String name : names) {
            lockedUntil(accountKey(name), maxPerAccount, now).ifPresent(until ->
                    locked.add(new LockedAccount(name, failures(accountKey(name), now), until)));
        }
        return locked;
    }

    /** Failures older than the window count for nothing: drop them (any copy may do it, idempotent). */
    @Scheduled(fixedDelay = "10m", initialDelay = "1m")
    void forgetOldFailures() {
        Instant before = clock.instant().minus(window);
        transactions.executeWrite(status -> {
            try (PreparedStatement delete = status.getConnection().prepareStatement("DELETE FROM login_failure WHERE failed_at < ?")) {
                delete.setObject(1, utc(before));
                delete.executeUpdate();
            }
            return null;
        });
    }

    private Optional<Instant> lockedUntil(String key, int max, Instant now) {
        // The max-th most recent failure inside the window: while it exists the key is locked,
        // until it leaves the window.
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement(
                    "SELECT failed_at FROM login_failure WHERE throttle_key = ? AND failed_at > ? ORDER BY failed_at DESC LIMIT 1 OFFSET "
                            + Math.max(0, max - 1))) {
                select.setString(1, key);
                select.setObject(2, utc(now.minus(window)));
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Instant>empty();
                    }
                    Instant failedAt = rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                    return Optional.of(failedAt.plus(window));
                }
            }
        });
    }

    private int failures(String key, Instant now) {
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement(
                    "SELECT COUNT(*) FROM login_failure WHERE throttle_key = ? AND failed_at > ?")) {
                select.setString(1, key);
                select.setObject(2, utc(now.minus(window)));
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    private static void insert(Connection c, String key, String kind, @Nullable String username, Instant at) throws java.sql.SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO login_failure (throttle_key, kind, username, failed_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, key);
            insert.setString(2, kind);
            insert.setString(3, username == null ? null : truncate(username));
            insert.setObject(4, utc(at));
            insert.executeUpdate();
        }
    }

    private String accountKey(String username) {
        return keys.hash("login-account", username.strip().toLowerCase(Locale.ROOT));
    }

    private String addressKey(String clientHash) {
        return keys.hash("login-address", clientHash);
    }

    private static String truncate(String username) {
        String s = username.strip();
        return s.length() <= 64 ? s : s.substring(0, 64);
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
