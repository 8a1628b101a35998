package vn.hailong.alert;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.hailong.outbox.OutboxEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Escalates cases past their deadline, once each: the conditional UPDATE of escalated_at lets only
 * one copy win, and the alert.escalated event (e-mail to the parent agency's reviewers, webhooks)
 * commits with it. "Overdue" itself is computed from the deadline wherever a case is shown.
 */
@Singleton
@Requires(property = "hailong.outbox.enabled", notEquals = "false")
class CaseDeadlines {

    private static final Logger LOG = LoggerFactory.getLogger(CaseDeadlines.class);

    private final TransactionOperations<Connection> transactions;
    private final Cases cases;
    private final CaseEvents events;
    private final Clock clock;

    CaseDeadlines(TransactionOperations<Connection> transactions, Cases cases, CaseEvents events, Clock clock) {
        this.transactions = transactions;
        this.cases = cases;
        this.events = events;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${hailong.alerts.deadline-check:1m}", initialDelay = "${hailong.outbox.initial-delay:1s}")
    void scheduled() {
        try {
            escalateOverdue();
        } catch (RuntimeException e) {
            LOG.warn("deadline check failed: {}", e.toString());
        }
    }

    /** Escalates every case now past its deadline; returns how many this copy escalated. */
    int escalateOverdue() {
        return escalateOverdue(clock.instant());
    }

    /** As of {@code now} (tests pass a fixed instant). */
    int escalateOverdue(Instant now) {
        List<Long> due = transactions.executeRead(status -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement select = status.getConnection().prepareStatement(
                    "SELECT id FROM alert_case WHERE status <> 'resolved' AND escalated_at IS NULL AND deadline < ? ORDER BY id LIMIT 500")) {
                select.setObject(1, Cases.utc(now));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            return ids;
        });
        int escalated = 0;
        for (long id : due) {
            boolean won = transactions.executeWrite(status -> {
                Connection connection = status.getConnection();
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE alert_case SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL AND status <> 'resolved'")) {
                    update.setObject(1, Cases.utc(now));
                    update.setLong(2, id);
                    if (update.executeUpdate() != 1) {
                        return false;
                    }
                }
                events.append(connection, OutboxEvent.ALERT_ESCALATED, cases.find(connection, id).orElseThrow(), now);
                return true;
            });
            escalated += won ? 1 : 0;
        }
        return escalated;
    }
}
