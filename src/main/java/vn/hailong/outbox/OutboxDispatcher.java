package vn.hailong.outbox;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Takes events off the outbox. Each claimed event is handed to every {@link OutboxHandler} in one
 * transaction that first re-reads the event under a row lock and ends by setting dispatched_at:
 * a copy whose claim ran out meanwhile (another copy took the event) finds it already dispatched
 * and changes nothing, so the handlers' work happens once per event. A failing handler rolls the
 * transaction back; the event is tried again after an exponentially growing pause.
 */
@Singleton
@Requires(property = "hailong.outbox.enabled", notEquals = "false")
class OutboxDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);

    private final TransactionOperations<Connection> transactions;
    private final List<OutboxHandler> handlers;
    private final DeliverySettings settings;
    private final Clock clock;

    OutboxDispatcher(TransactionOperations<Connection> transactions, List<OutboxHandler> handlers,
                     DeliverySettings settings, Clock clock) {
        this.transactions = transactions;
        this.handlers = handlers;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${hailong.outbox.poll:2s}", initialDelay = "${hailong.outbox.initial-delay:1s}")
    void poll() {
        try {
            while (dispatchDue() == settings.batch) {
                // a full batch: more may be waiting
            }
        } catch (RuntimeException e) {
            // the database may be down; the next poll tries again
            LOG.warn("outbox dispatch failed: {}", e.toString());
        }
    }

    /** Claims and dispatches the due events; returns how many were claimed. */
    int dispatchDue() {
        String token = UUID.randomUUID().toString();
        Instant now = clock.instant();
        List<Long> claimed = transactions.executeWrite(status -> Claims.claim(status.getConnection(), "outbox_event",
                "dispatched_at IS NULL", token, now, now.plus(settings.lease), settings.batch));
        for (long id : claimed) {
            try {
                transactions.executeWrite(status -> dispatch(status.getConnection(), id, token));
            } catch (RuntimeException e) {
                LOG.warn("outbox event {} failed, will retry: {}", id, e.toString());
                transactions.executeWrite(status -> postpone(status.getConnection(), id, token, e));
            }
        }
        return claimed.size();
    }

    private boolean dispatch(Connection connection, long id, String token) throws SQLException {
        OutboxEvent event;
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT event_id, kind, agency_id, subject, payload, created_at FROM outbox_event
                WHERE id = ? AND claimed_by = ? AND dispatched_at IS NULL FOR UPDATE""")) {
            select.setLong(1, id);
            select.setString(2, token);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                event = new OutboxEvent(id, rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getObject(6, java.time.LocalDateTime.class).toInstant(ZoneOffset.UTC));
            }
        }
        for (OutboxHandler handler : handlers) {
            handler.handle(connection, event);
        }
        try (PreparedStatement done = connection.prepareStatement(
                "UPDATE outbox_event SET dispatched_at = ?, claimed_by = NULL, last_error = NULL WHERE id = ?")) {
            done.setObject(1, Claims.utc(clock.instant()));
            done.setLong(2, id);
            done.executeUpdate();
        }
        return true;
    }

    private Void postpone(Connection connection, long id, String token, RuntimeException failure) throws SQLException {
        int attempts = 1;
        try (PreparedStatement select = connection.prepareStatement("SELECT attempts FROM outbox_event WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    attempts = rs.getInt(1);
                }
            }
        }
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE outbox_event SET next_attempt_at = ?, claimed_by = NULL, last_error = ?
                WHERE id = ? AND claimed_by = ? AND dispatched_at IS NULL""")) {
            update.setObject(1, Claims.utc(clock.instant().plus(settings.backoff(attempts))));
            update.setString(2, Claims.shorten(failure.toString(), 500));
            update.setLong(3, id);
            update.setString(4, token);
            update.executeUpdate();
        }
        return null;
    }
}
