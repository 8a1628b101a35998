package vn.hailong.alert;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import vn.hailong.outbox.Deliveries;
import vn.hailong.outbox.OutboxEvent;
import vn.hailong.outbox.OutboxHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;

/** Queues the e-mail of a {@code digest.weekly} event, written by {@link WeeklyDigest} in its reader's language. */
@Singleton
class DigestMail implements OutboxHandler {

    private final Deliveries deliveries;
    private final JsonMapper json;

    DigestMail(Deliveries deliveries, JsonMapper json) {
        this.deliveries = deliveries;
        this.json = json;
    }

    @Override
    public void handle(Connection connection, OutboxEvent event) throws SQLException {
        if (!OutboxEvent.DIGEST_WEEKLY.equals(event.kind()) || event.payload() == null) {
            return;
        }
        JsonNode mail;
        try {
            mail = json.readValue(event.payload(), JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        deliveries.mail(connection, event, mail.get("to").getStringValue(), mail.get("subject").getStringValue(),
                mail.get("body").getStringValue());
    }
}
