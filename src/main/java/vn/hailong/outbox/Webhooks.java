package vn.hailong.outbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The webhooks table: hooks, their state and their delivery log. */
@Singleton
public class Webhooks {

    static final Set<String> EVENTS = Set.of(OutboxEvent.RESPONSE_STORED, OutboxEvent.ALERT_OPENED,
            OutboxEvent.ALERT_ESCALATED, OutboxEvent.ALERT_RESOLVED);

    public record Hook(long id, long agencyId, String agencyCode, String url, List<String> events, int failuresInRow,
                @Nullable Instant pausedAt, Instant createdAt) {
    }

    public record Attempted(long id, String eventId, String eventKind, String status, int attempts, @Nullable String lastError,
                     Instant createdAt, @Nullable Instant deliveredAt) {
    }

    private final TransactionOperations<Connection> transactions;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private final AgencyTree agencies;

    Webhooks(TransactionOperations<Connection> transactions, Clock clock, AgencyTree agencies) {
        this.agencies = agencies;
        this.transactions = transactions;
        this.clock = clock;
    }

    static List<String> events(String lines) {
        return Arrays.stream(lines.split("\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Stores a hook; returns its id and its secret (kept for signing, shown to the caller only now). */
    Object[] create(long agencyId, String url, List<String> events, String createdBy) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = "whsec_" + HexFormat.of().formatHex(bytes);
        long id = transactions.executeWrite(status -> {
            try (PreparedStatement insert = status.getConnection().prepareStatement("""
                    INSERT INTO webhook (agency_id, url, events, secret, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
                insert.setLong(1, agencyId);
                insert.setString(2, url);
                insert.setString(3, String.join("\n", events));
                insert.setString(4, secret);
                insert.setString(5, createdBy);
                insert.setObject(6, now());
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
        return new Object[] {id, secret};
    }

    public List<Hook> list() {
        return transactions.executeRead(status -> {
            List<Hook> hooks = new ArrayList<>();
            try (PreparedStatement select = status.getConnection().prepareStatement("""
                    SELECT w.id, w.agency_id, w.url, w.events, w.failures_in_row, w.paused_at, w.created_at
                    FROM webhook w WHERE w.deleted_at IS NULL ORDER BY w.id""");
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    // The agency's code from the agency feature, which owns the agency table.
                    String code = agencies.byId(rs.getLong(2)).map(Agency::code).orElseThrow();
                    hooks.add(new Hook(rs.getLong(1), rs.getLong(2), code, rs.getString(3), events(rs.getString(4)),
                            rs.getInt(5), instant(rs.getObject(6, LocalDateTime.class)), instant(rs.getObject(7, LocalDateTime.class))));
                }
            }
            return hooks;
        });
    }

    Optional<Hook> find(long id) {
        return list().stream().filter(h -> h.id() == id).findFirst();
    }

    boolean delete(long id) {
        return update("UPDATE webhook SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL", id);
    }

    boolean resume(long id) {
        return update("UPDATE webhook SET paused_at = NULL, failures_in_row = 0 WHERE id = ? AND deleted_at IS NULL", id);
    }

    public List<Attempted> deliveries(long hookId, int limit) {
        return transactions.executeRead(status -> {
            List<Attempted> log = new ArrayList<>();
            try (PreparedStatement select = status.getConnection().prepareStatement("""
                    SELECT id, event_id, event_kind, status, attempts, last_error, created_at, delivered_at
                    FROM delivery WHERE webhook_id = ? ORDER BY id DESC""" + " LIMIT " + limit)) {
                select.setLong(1, hookId);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        log.add(new Attempted(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                                rs.getString(6), instant(rs.getObject(7, LocalDateTime.class)),
                                instant(rs.getObject(8, LocalDateTime.class))));
                    }
                }
            }
            return log;
        });
    }

    private boolean update(String sql, long id) {
        return transactions.executeWrite(status -> {
            try (PreparedStatement update = status.getConnection().prepareStatement(sql)) {
                int i = 1;
                if (sql.startsWith("UPDATE webhook SET deleted_at")) {
                    update.setObject(i++, now());
                }
                update.setLong(i, id);
                return update.executeUpdate() == 1;
            }
        });
    }

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static Instant instant(@Nullable LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }
}
