package vn.hailong.dossier;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.audit.Actor;
import vn.hailong.audit.AuditEntry;
import vn.hailong.audit.AuditLog;
import vn.hailong.system.Hashing;

import java.time.Clock;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * The dossier and queue systems allowed to call the API. A key is a long random string shown
 * once; only its SHA-256 is stored. Every request reads the client's row again
 * ({@link #authenticate}), so a revocation takes effect on every copy with the next request —
 * one primary-key look-up per call, cheap beside what a batch of dossiers costs.
 */
@Singleton
public class IntegrationClients {

    static final String PREFIX = "hi_";
    static final String ACTION_CREATE = "integration.create";
    static final String ACTION_REVOKE = "integration.revoke";
    /** Last use is written at most this often per client: a busy feed must not write a row per request. */
    private static final Duration LAST_USE_STEP = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TransactionOperations<Connection> transactions;
    /** For the key check of every request: two single statements in auto-commit, no transaction around them. */
    private final DataSource dataSource;
    private final AuditLog audit;
    private final Clock clock;

    private final AgencyTree agencies;

    IntegrationClients(TransactionOperations<Connection> transactions, DataSource dataSource, AuditLog audit, Clock clock,
                       AgencyTree agencies) {
        this.agencies = agencies;
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.clock = clock;
        this.transactions = transactions;
        this.audit = audit;
    }

    /** A client as listed: never its key. */
    @Serdeable
    public record Client(long id, String name, String agency, Instant createdAt, String createdBy,
                         @Nullable Instant revokedAt, @Nullable Instant lastUsedAt) {
        public boolean revoked() {
            return revokedAt != null;
        }
    }

    /** A new client and its key, which is shown in this answer only. */
    @Serdeable
    public record Created(long id, String name, String agency, String key) {
    }

    /** What an accepted key stands for. */
    record Authenticated(long id, long agencyId) {
    }

    public Created create(String name, Agency agency, Actor by) {
        String key = newKey();
        return transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            long id;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO integration_client (name, agency_id, key_hash, created_at, created_by)"
                    + " VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, name);
                insert.setLong(2, agency.id());
                insert.setString(3, Hashing.sha256(key));
                insert.setObject(4, utc(clock.instant()));
                insert.setString(5, by.name());
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            // The key is never audited: it is shown once, to the caller only.
            audit.record(c, new AuditEntry(by, ACTION_CREATE, "integration:" + id, "agency " + agency.code() + "; name " + name));
            return new Created(id, name, agency.code(), key);
        });
    }

    public List<Client> all() {
        return transactions.executeRead(status -> {
            List<Client> clients = new ArrayList<>();
            try (PreparedStatement select = status.getConnection().prepareStatement("""
                    SELECT i.id, i.name, i.agency_id, i.created_at, i.created_by, i.revoked_at, i.last_used_at
                    FROM integration_client i ORDER BY i.id""");
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    // The agency's code from the agency feature, which owns the agency table.
                    String code = agencies.byId(rs.getLong(3)).map(Agency::code).orElseThrow();
                    clients.add(new Client(rs.getLong(1), rs.getString(2), code, instant(rs.getTimestamp(4)),
                            rs.getString(5), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7))));
                }
            }
            return clients;
        });
    }

    public Optional<Client> byId(long id) {
        return all().stream().filter(c -> c.id() == id).findFirst();
    }

    /** Revokes the client's key (audited in the same transaction); false when there is no such client. */
    public boolean revoke(long id, Actor by) {
        return transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE integration_client SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                update.setObject(1, utc(clock.instant()));
                update.setLong(2, id);
                if (update.executeUpdate() == 0) {
                    return exists(c, id);
                }
            }
            audit.record(c, new AuditEntry(by, ACTION_REVOKE, "integration:" + id, null));
            return true;
        });
    }

    /** True when {@code key} is the one of client {@code id} (its hash matches). */
    public boolean isKeyOf(long id, String key) {
        return key.startsWith(PREFIX) && transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement(
                    "SELECT 1 FROM integration_client WHERE id = ? AND key_hash = ?")) {
                select.setLong(1, id);
                select.setString(2, Hashing.sha256(key));
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** The client this key belongs to, unless unknown or revoked. Read from the database on every call. */
    Optional<Authenticated> authenticate(String key) {
        if (key == null || !key.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String hash = Hashing.sha256(key);
        // A transaction would cost three more round trips per request (auto-commit off, commit, on again)
        // for what are single-row statements, each atomic by itself.
        try (Connection c = dataSource.getConnection()) {
            Authenticated found = null;
            boolean stale = false;
            Instant now = clock.instant();
            // The last use is read with the key, so the update (a row write) is sent only about once a minute.
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT id, agency_id, last_used_at FROM integration_client WHERE key_hash = ? AND revoked_at IS NULL")) {
                select.setString(1, hash);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        found = new Authenticated(rs.getLong(1), rs.getLong(2));
                        Instant used = instant(rs.getTimestamp(3));
                        stale = used == null || used.isBefore(now.minus(LAST_USE_STEP));
                    }
                }
            }
            if (found != null && stale) {
                try (PreparedStatement touch = c.prepareStatement("UPDATE integration_client SET last_used_at = ?"
                        + " WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")) {
                    touch.setObject(1, utc(now));
                    touch.setLong(2, found.id());
                    touch.setObject(3, utc(now.minus(LAST_USE_STEP)));
                    touch.executeUpdate();
                }
            }
            return Optional.ofNullable(found);
        } catch (SQLException e) {
            throw new DataAccessException("Integration key not checked: " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection c, long id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM integration_client WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        // DATETIME columns hold UTC wall-clock time.
        return timestamp == null ? null : timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }
}
