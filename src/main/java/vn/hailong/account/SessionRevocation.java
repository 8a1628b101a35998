package vn.hailong.account;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.Claims;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a stateless JWT revocable. Each token carries the instant it was issued (claim
 * {@value #ISSUED_MS}, milliseconds); {@code account.tokens_valid_after} says from when tokens of
 * that account count. Logout sets it to now (every session of the account ends, on every copy),
 * and a disabled or deleted account is refused at once. Each copy remembers an account's row for
 * {@code hailong.sessions.recheck} (default 10 s), so a logout reaches the other copies within
 * that time; the copy that handled the logout forgets at once.
 */
@Singleton
public class SessionRevocation {

    static final String ISSUED_MS = "hailong_iat_ms";
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private record State(boolean enabled, @Nullable Instant validAfter, Instant readAt) {
    }

    private final TransactionOperations<Connection> transactions;
    private final Duration recheck;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Clock clock;

    SessionRevocation(TransactionOperations<Connection> transactions,
                      @Value("${hailong.sessions.recheck:10s}") Duration recheck, Clock clock) {
        this.clock = clock;
        this.transactions = transactions;
        this.recheck = recheck;
    }

    /** Whether a token with these claims may still be used (see {@link RevocationClaimsValidator}). */
    public boolean validate(Claims claims) {
        Object subject = claims.get(Claims.SUBJECT);
        if (!(subject instanceof String username)) {
            return false;
        }
        State state = state(username);
        if (state == null || !state.enabled()) {
            return false;
        }
        if (state.validAfter() == null) {
            return true;
        }
        Instant issued = issuedAt(claims);
        return issued != null && !issued.isBefore(state.validAfter());
    }

    /** Ends every token issued to {@code username} until now. */
    public void revokeAll(String username) {
        Instant now = clock.instant();
        transactions.executeWrite(status -> {
            try (PreparedStatement update = status.getConnection().prepareStatement(
                    "UPDATE account SET tokens_valid_after = ? WHERE username = ?")) {
                // As text: Connector/J takes MariaDB for a server without fractional seconds and
                // would send a LocalDateTime cut to the whole second, which let a token issued
                // earlier in that same second outlive the revocation.
                update.setString(1, LocalDateTime.ofInstant(now, ZoneOffset.UTC).format(MICROS));
                update.setString(2, username);
                update.executeUpdate();
            }
            return null;
        });
        states.remove(username);
    }

    /** Forget what this copy remembers of an account (after disabling it here, for example). */
    public void forget(String username) {
        states.remove(username);
    }

    private @Nullable State state(String username) {
        Instant now = clock.instant();
        State known = states.get(username);
        if (known != null && known.readAt().plus(recheck).isAfter(now)) {
            return known;
        }
        State read = transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement(
                    "SELECT enabled, tokens_valid_after FROM account WHERE username = ?")) {
                select.setString(1, username);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    LocalDateTime after = rs.getObject(2, LocalDateTime.class);
                    return new State(rs.getBoolean(1), after == null ? null : after.toInstant(ZoneOffset.UTC), now);
                }
            }
        });
        if (read == null) {
            states.remove(username);
            return null;
        }
        states.put(username, read);
        return read;
    }

    private static @Nullable Instant issuedAt(Claims claims) {
        Object ms = claims.get(ISSUED_MS);
        if (ms instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        Object iat = claims.get(Claims.ISSUED_AT);
        if (iat instanceof java.util.Date d) {
            return d.toInstant();
        }
        if (iat instanceof Number n) {
            return Instant.ofEpochSecond(n.longValue());
        }
        return null;
    }
}
