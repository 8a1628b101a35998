package vn.hailong.outbox;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Appends events to the transactional outbox through the caller's connection, so an event exists
 * exactly when the change that caused it committed. Nothing is sent from here: the
 * {@link OutboxDispatcher} picks the rows up.
 */
@Singleton
public class Outbox {

    /** An event to append: what happened, to which agency, about what (a response or case id). */
    public record NewEvent(String kind, long agencyId, String subject, @Nullable String payload) {
    }

    private final Clock clock;

    Outbox(Clock clock) {
        this.clock = clock;
    }

    /** One batched insert for all {@code events}, whatever their number (the submission path's only addition). */
    public void append(Connection connection, List<NewEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO outbox_event (event_id, kind, agency_id, subject, payload, created_at, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            for (NewEvent event : events) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, event.kind());
                insert.setLong(3, event.agencyId());
                insert.setString(4, event.subject());
                if (event.payload() == null) {
                    insert.setNull(5, Types.VARCHAR);
                } else {
                    insert.setString(5, event.payload());
                }
                insert.setObject(6, now);
                insert.setObject(7, now);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
