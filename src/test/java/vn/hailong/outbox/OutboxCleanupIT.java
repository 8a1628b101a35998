package vn.hailong.outbox;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox cleanup deletes dispatched events and delivered deliveries past the retention, and nothing else. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxCleanupIT implements DatabaseTest {

    static final Instant NOW = Instant.parse("2026-06-15T03:00:00Z");

    @Inject
    OutboxCleanup cleanup;

    @Override
    public Map<String, String> extraProperties() {
        // no dispatcher or scheduled cleanup touches the rows this test writes; batches of 2
        return Map.of("hailong.outbox.initial-delay", "1h", "hailong.outbox.retention-days", "30",
                "hailong.outbox.cleanup-batch", "2");
    }

    @Test
    void onlyOldDispatchedEventsAndOldDeliveredDeliveriesAreDeleted() throws SQLException {
        List<String> oldDispatched = new ArrayList<>();
        try (Connection c = Rows.connect()) {
            for (int i = 0; i < 5; i++) {
                oldDispatched.add(event(c, NOW.minus(Duration.ofDays(40)), NOW.minus(Duration.ofDays(31))));
            }
            String recentDispatched = event(c, NOW.minus(Duration.ofDays(40)), NOW.minus(Duration.ofDays(29)));
            String oldWaiting = event(c, NOW.minus(Duration.ofDays(40)), null);
            delivery(c, "delivered", NOW.minus(Duration.ofDays(31)));
            delivery(c, "delivered", NOW.minus(Duration.ofDays(31)));
            delivery(c, "delivered", NOW.minus(Duration.ofDays(31)));
            String recentDelivered = delivery(c, "delivered", NOW.minus(Duration.ofDays(29)));
            String oldPending = delivery(c, "pending", null);
            String oldFailed = delivery(c, "failed", null);

            assertThat(cleanup.purge(NOW)).isEqualTo(5 + 3);
            assertThat(cleanup.purge(NOW)).isZero();
            assertThat(ids("SELECT event_id FROM outbox_event")).containsExactlyInAnyOrder(recentDispatched, oldWaiting);
            assertThat(ids("SELECT event_id FROM delivery")).containsExactlyInAnyOrder(recentDelivered, oldPending, oldFailed);
        }
    }

    private static String event(Connection c, Instant created, Instant dispatched) throws SQLException {
        String id = UUID.randomUUID().toString();
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO outbox_event (event_id, kind, agency_id, subject, created_at, next_attempt_at, dispatched_at)
                VALUES (?, 'response.stored', 1, 'x', ?, ?, ?)""")) {
            insert.setString(1, id);
            insert.setObject(2, utc(created));
            insert.setObject(3, utc(created));
            insert.setObject(4, dispatched == null ? null : utc(dispatched));
            insert.executeUpdate();
        }
        return id;
    }

    /** A delivery created 40 days ago, delivered at {@code delivered} (null: never). */
    private static String delivery(Connection c, String status, Instant delivered) throws SQLException {
        String id = UUID.randomUUID().toString();
        Instant created = NOW.minus(Duration.ofDays(40));
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO delivery (event_id, event_kind, channel, target, body, status, next_attempt_at, created_at, delivered_at)
                VALUES (?, 'alert.opened', 'mail', 'a@example.vn', 'b', ?, ?, ?, ?)""")) {
            insert.setString(1, id);
            insert.setString(2, status);
            insert.setObject(3, utc(created));
            insert.setObject(4, utc(created));
            insert.setObject(5, delivered == null ? null : utc(delivered));
            insert.executeUpdate();
        }
        return id;
    }

    private static List<String> ids(String sql) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = Rows.connect(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
