package vn.hailong.outbox;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDateTime;

/**
 * Queues deliveries of an event (one row per destination) inside the caller's transaction, normally
 * an {@link OutboxHandler}'s. The {@link DeliveryDispatcher} sends them.
 */
@Singleton
public class Deliveries {

    static final String WEBHOOK = "webhook";
    static final String MAIL = "mail";

    private final Clock clock;

    Deliveries(Clock clock) {
        this.clock = clock;
    }

    /** An e-mail to {@code address}, already written in its reader's language. */
    public void mail(Connection connection, OutboxEvent event, String address, String subject, String body) throws SQLException {
        insert(connection, event, MAIL, address, null, subject, body);
    }

    void webhook(Connection connection, OutboxEvent event, long webhookId, String body) throws SQLException {
        insert(connection, event, WEBHOOK, String.valueOf(webhookId), webhookId, null, body);
    }

    private void insert(Connection connection, OutboxEvent event, String channel, String target, @Nullable Long webhookId,
                        @Nullable String subject, String body) throws SQLException {
        LocalDateTime now = Claims.utc(clock.instant());
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO delivery (event_id, event_kind, channel, target, webhook_id, subject, body, status,
                    next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)""")) {
            insert.setString(1, event.eventId());
            insert.setString(2, event.kind());
            insert.setString(3, channel);
            insert.setString(4, target);
            if (webhookId == null) {
                insert.setNull(5, Types.BIGINT);
            } else {
                insert.setLong(5, webhookId);
            }
            insert.setString(6, subject);
            insert.setString(7, body);
            insert.setObject(8, now);
            insert.setObject(9, now);
            insert.executeUpdate();
        }
    }
}
