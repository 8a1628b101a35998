package vn.hailong.outbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;

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

    private final AgencyTree agencies;

    WebhookFanOut(Deliveries deliveries, JsonMapper json, AgencyTree agencies) {
        this.deliveries = deliveries;
        this.agencies = agencies;
        this.json = json;
    }

    @Override
    public void handle(Connection connection, OutboxEvent event) throws SQLException {
        List<Long> hooks = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT w.id, w.events, w.agency_id FROM webhook w WHERE w.deleted_at IS NULL AND w.paused_at IS NULL ORDER BY w.id");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                // A hook of the event's agency or of one above it; the tree is the agency feature's.
                if (Webhooks.events(rs.getString(2)).contains(event.kind()) && agencies.isWithin(event.agencyId(), rs.getLong(3))) {
                    hooks.add(rs.getLong(1));
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
        body.put("agency", agencyCode(event.agencyId()));
        try {
            body.put("data", event.payload() != null ? json.readValue(event.payload(), Map.class)
                    : OutboxEvent.RESPONSE_STORED.equals(event.kind()) ? response(connection, event.subject()) : Map.of());
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private @Nullable String agencyCode(long agencyId) {
        return agencies.byId(agencyId).map(Agency::code).orElse(null);
    }

    /** What a receiver needs to fetch or count the response; its answers stay behind the reports API. */
    private Map<String, Object> response(Connection connection, String responseId) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT r.id, r.survey_code, r.channel, r.submitted_at, r.submitted_date, r.agency_id
                FROM response r WHERE r.id = ?""")) {
            select.setString(1, responseId);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    data.put("id", rs.getString(1));
                    data.put("survey", rs.getString(2));
                    data.put("channel", rs.getString(3));
                    data.put("submittedAt", rs.getObject(4, java.time.LocalDateTime.class).atOffset(ZoneOffset.UTC).toString());
                    data.put("submittedDate", rs.getObject(5, java.time.LocalDate.class).toString());
                    data.put("agency", agencyCode(rs.getLong(6)));
                }
            }
        }
        return Map.of("response", data);
    }
}
