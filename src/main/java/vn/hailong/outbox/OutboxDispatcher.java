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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Takes events off the outbox. Each claimed event is handed to every {@link OutboxHandler} in a
 * transaction that first re-reads the event under a row lock and sets dispatched_at after the
 * handlers: a copy whose claim ran out meanwhile (another copy took the event) finds it already
 * dispatched and changes nothing, so the handlers' work happens once per event. The events of one
 * claim (up to {@code hailong.outbox.batch}) share that transaction; when it fails, it is rolled
 * back and each event is dispatched again in a transaction of its own, so a failing handler rolls
 * back only its event, which is tried again after an exponentially growing pause.
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
        if (claimed.isEmpty()) {
            return 0;
        }
        try {
            // The whole claim in one transaction: one commit (one flush of the redo log) for up to a
            // batch of events instead of one each. With a response.stored event per submission, a
            // commit per event was as many commits as the submissions' own, on the same server.
            transactions.executeWrite(status -> dispatch(status.getConnection(), claimed, token));
        } catch (RuntimeException batchFailed) {
            // Rolled back, so no handler's work of this claim happened: each event again on its own,
            // so that only the failing one waits for its retry.
            LOG.debug("outbox batch of {} failed ({}); dispatching its events one by one", claimed.size(), batchFailed.toString());
            for (long id : claimed) {
                dispatchAlone(id, token);
            }
        }
        return claimed.size();
    }

    private void dispatchAlone(long id, String token) {
        try {
            transactions.executeWrite(status -> dispatch(status.getConnection(), List.of(id), token));
        } catch (RuntimeException e) {
            LOG.warn("outbox event {} failed, will retry: {}", id, e.toString());
            transactions.executeWrite(status -> postpone(status.getConnection(), id, token, e));
        }
    }

    /**
     * Dispatches those of {@code ids} that this claim still holds, in the caller's transaction: locks
     * and reads them with one statement, hands each to every handler, marks them all dispatched with
     * one statement.
     */
    private int dispatch(Connection connection, List<Long> ids, String token) throws SQLException {
        List<OutboxEvent> events = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, event_id, kind, agency_id, subject, payload, created_at"
                + " FROM outbox_event WHERE id IN (" + Claims.marks(ids.size()) + ") AND claimed_by = ? AND dispatched_at IS NULL"
                + " ORDER BY id FOR UPDATE")) {
            select.setString(Claims.bindIds(select, 1, ids), token);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    events.add(new OutboxEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                            rs.getString(6), rs.getObject(7, java.time.LocalDateTime.class).toInstant(ZoneOffset.UTC)));
                }
            }
        }
        if (events.isEmpty()) {
            return 0;
        }
        for (OutboxEvent event : events) {
            for (OutboxHandler handler : handlers) {
                handler.handle(connection, event);
            }
        }
        try (PreparedStatement done = connection.prepareStatement("UPDATE outbox_event SET dispatched_at = ?, claimed_by = NULL,"
                + " last_error = NULL WHERE id IN (" + Claims.marks(events.size()) + ")")) {
            done.setObject(1, Claims.utc(clock.instant()));
            Claims.bindIds(done, 2, events.stream().map(OutboxEvent::id).toList());
            done.executeUpdate();
        }
        return events.size();
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
