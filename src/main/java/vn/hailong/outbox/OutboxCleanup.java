package vn.hailong.outbox;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Deletes what the outbox no longer needs: events dispatched, and deliveries delivered, longer ago
 * than the retention. Undispatched events and pending or failed deliveries are never touched (the
 * failed ones stay in the hooks' delivery log). Deleted in small batches, each its own short
 * transaction, so the dispatchers and submissions never wait behind one large delete; several
 * copies may run it at once (a row deleted twice is simply not found).
 */
@Singleton
@Requires(property = "hailong.outbox.enabled", notEquals = "false")
class OutboxCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxCleanup.class);

    private final TransactionOperations<Connection> transactions;
    private final Clock clock;
    private final Duration retention;
    private final int batch;

    OutboxCleanup(TransactionOperations<Connection> transactions, Clock clock,
                  @Value("${hailong.outbox.retention-days:30}") int retentionDays,
                  @Value("${hailong.outbox.cleanup-batch:500}") int batch) {
        this.transactions = transactions;
        this.clock = clock;
        this.retention = Duration.ofDays(Math.max(1, retentionDays));
        this.batch = Math.max(1, batch);
    }

    @Scheduled(fixedDelay = "${hailong.outbox.cleanup:1h}", initialDelay = "${hailong.outbox.initial-delay:1s}")
    void scheduled() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.warn("outbox cleanup failed: {}", e.toString());
        }
    }

    int purge() {
        return purge(clock.instant());
    }

    /** Deletes rows older than the retention as of {@code now}; returns how many (events and deliveries). */
    int purge(Instant now) {
        Instant before = now.minus(retention);
        return drain("outbox_event", "dispatched_at IS NOT NULL AND dispatched_at < ?", before)
                + drain("delivery", "status = 'delivered' AND delivered_at < ?", before);
    }

    private int drain(String table, String condition, Instant before) {
        int deleted = 0;
        while (true) {
            int n = transactions.executeWrite(status -> {
                Connection connection = status.getConnection();
                List<Long> ids = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT id FROM " + table + " WHERE " + condition + " ORDER BY id LIMIT " + batch)) {
                    select.setObject(1, Claims.utc(before));
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                        }
                    }
                }
                if (ids.isEmpty()) {
                    return 0;
                }
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE id IN ("
                        + ids.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ") AND " + condition)) {
                    delete.setObject(1, Claims.utc(before));
                    return delete.executeUpdate();
                }
            });
            deleted += n;
            if (n < batch) {
                return deleted;
            }
        }
    }
}
