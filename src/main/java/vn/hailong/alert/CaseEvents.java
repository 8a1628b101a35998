package vn.hailong.alert;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import vn.hailong.outbox.Outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Puts alert.opened / escalated / resolved on the outbox, in the transaction that changed the case. */
@Singleton
class CaseEvents {

    private final Outbox outbox;
    private final JsonMapper json;

    CaseEvents(Outbox outbox, JsonMapper json) {
        this.outbox = outbox;
        this.json = json;
    }

    void append(Connection connection, String kind, AlertCase alertCase, Instant now) throws SQLException {
        String payload;
        try {
            payload = json.writeValueAsString(Map.of("case", CaseView.of(alertCase, now)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        outbox.append(connection, List.of(new Outbox.NewEvent(kind, alertCase.agencyId(), String.valueOf(alertCase.id()), payload)));
    }
}
