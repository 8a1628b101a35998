package vn.hailong.outbox;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done once for each outbox event, inside the transaction that marks the event dispatched:
 * whatever a handler writes (cases, further events, deliveries) commits exactly when the event is
 * taken off the outbox, or not at all (and the event is tried again).
 */
public interface OutboxHandler {

    void handle(Connection connection, OutboxEvent event) throws SQLException;
}
