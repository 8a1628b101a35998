package vn.hailong.outbox;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Queues one delivery per active webhook that subscribed to the event's kind for the event's agency
 * or one above it. The body is fixed here, once, so every retry sends the same bytes.
 */
@Singleton
class WebhookFanOut implements OutboxHandler {

    private final Deliveries deliveries;
    private final JsonMapper json;

    WebhookFanOut(Deliveries deliveries, JsonMapper json) {
        this.deliveries = deliveries;
        this.json = json;
    }

    @Override
    public void handle(Connection connection, OutboxEvent event) throws SQLException {
        List<Long> hooks = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT w.id, w.events FROM webhook w
                WHERE w.deleted_at IS NULL AND w.paused_at IS NULL
                  AND (w.agency_id = ? OR EXISTS (SELECT 1 FROM agency_closure c
                                                  WHERE c.ancestor_id = w.agency_id AND c.descendant_id = ?))
                ORDER BY w.id""")) {
            select.setLong(1, event.agencyId());
            select.setLong(2, event.agencyId());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (Webhooks.events(rs.getString(2)).contains(event.kind())) {
                        hooks.add(rs.getLong(1));
                    }
                }
            }
        }
        if (hooks.isEmpty()) {
            return;
        }
        String body = body(connection, event);
        for (long hook : hooks) {
            deliveries.webhook(connection, event, hook, body);
        }
    }

    private String body(Connection connection, OutboxEvent event) throws SQLException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", event.eventId());
        body.put("type", event.kind());
        body.put("createdAt", event.createdAt().atOffset(ZoneOffset.UTC).toString());
        body.put("agency", agencyCode(connection, event.agencyId()));
        try {
            body.put("data", event.payload() != null ? json.readValue(event.payload(), Map.class)
                    : OutboxEvent.RESPONSE_STORED.equals(event.kind()) ? response(connection, event.subject()) : Map.of());
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String agencyCode(Connection connection, long agencyId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT code FROM agency WHERE id = ?")) {
            select.setLong(1, agencyId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** What a receiver needs to fetch or count the response; its answers stay behind the reports API. */
    private static Map<String, Object> response(Connection connection, String responseId) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT r.id, r.survey_code, r.channel, r.submitted_at, r.submitted_date, a.code
                FROM response r JOIN agency a ON a.id = r.agency_id WHERE r.id = ?""")) {
            select.setString(1, responseId);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    data.put("id", rs.getString(1));
                    data.put("survey", rs.getString(2));
                    data.put("channel", rs.getString(3));
                    data.put("submittedAt", rs.getObject(4, java.time.LocalDateTime.class).atOffset(ZoneOffset.UTC).toString());
                    data.put("submittedDate", rs.getObject(5, java.time.LocalDate.class).toString());
                    data.put("agency", rs.getString(6));
                }
            }
        }
        return Map.of("response", data);
    }
}
