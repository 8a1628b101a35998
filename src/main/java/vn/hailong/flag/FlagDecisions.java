package vn.hailong.flag;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import vn.hailong.audit.Actor;
import vn.hailong.audit.AuditActions;
import vn.hailong.audit.AuditEntry;
import vn.hailong.audit.AuditLog;
import vn.hailong.tally.Rollups;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * An admin's decision on a flag, all in one transaction: the flag's new state, the response taken
 * out of (or put back into) the figures, and the audit row. Either all of it happens or none.
 *
 * <p>A response counts unless at least one of its flags is confirmed; so reverting one confirmed
 * flag puts the response back only when no other confirmed flag remains.
 */
@Singleton
class FlagDecisions {

    enum Decision {
        CONFIRM, DISMISS, REVERT
    }

    enum Outcome {
        DONE, NOT_FOUND, NOT_ALLOWED
    }

    private final TransactionOperations<Connection> transactions;
    private final Rollups rollups;
    private final AuditLog audit;
    private final Clock clock;

    FlagDecisions(TransactionOperations<Connection> transactions, Rollups rollups, AuditLog audit, Clock clock) {
        this.clock = clock;
        this.transactions = transactions;
        this.rollups = rollups;
        this.audit = audit;
    }

    Outcome decide(long flagId, Decision decision, Actor actor) {
        return transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            Optional<LockedFlag> locked = lock(connection, flagId);
            if (locked.isEmpty()) {
                return Outcome.NOT_FOUND;
            }
            LockedFlag flag = locked.get();
            String next = switch (decision) {
                case CONFIRM -> "confirmed".equals(flag.state()) ? null : "confirmed";
                case DISMISS -> "open".equals(flag.state()) ? "dismissed" : null;
                case REVERT -> "open".equals(flag.state()) ? null : "open";
            };
            if (next == null) {
                return Outcome.NOT_ALLOWED;
            }
            update(connection, flagId, next, "open".equals(next) ? null : actor.name());
            boolean figuresChanged = false;
            if ("confirmed".equals(next)) {
                figuresChanged = rollups.exclude(connection, flag.responseId());
            } else if ("confirmed".equals(flag.state()) && !anyConfirmed(connection, flag.responseId())) {
                figuresChanged = rollups.include(connection, flag.responseId());
            }
            String action = switch (decision) {
                case CONFIRM -> AuditActions.FLAG_CONFIRM;
                case DISMISS -> AuditActions.FLAG_DISMISS;
                case REVERT -> AuditActions.FLAG_REVERT;
            };
            audit.record(connection, new AuditEntry(actor, action, "flag:" + flagId,
                    "response=" + flag.responseId() + "; reason=" + flag.reason() + "; agency=" + flag.agencyId()
                            + "; " + flag.state() + "->" + next + "; figures " + (figuresChanged
                            ? ("confirmed".equals(next) ? "excluded" : "included") : "unchanged")));
            return Outcome.DONE;
        });
    }

    private record LockedFlag(String responseId, long agencyId, String reason, String state) {
    }

    private static Optional<LockedFlag> lock(Connection connection, long flagId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT response_id, agency_id, reason, state FROM response_flag WHERE id = ? FOR UPDATE")) {
            select.setLong(1, flagId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next()
                        ? Optional.of(new LockedFlag(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)))
                        : Optional.empty();
            }
        }
    }

    private void update(Connection connection, long flagId, String state, String by) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE response_flag SET state = ?, decided_at = ?, decided_by = ? WHERE id = ?")) {
            update.setString(1, state);
            update.setObject(2, by == null ? null : LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            update.setString(3, by);
            update.setLong(4, flagId);
            update.executeUpdate();
        }
    }

    private static boolean anyConfirmed(Connection connection, String responseId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM response_flag WHERE response_id = ? AND state = 'confirmed'")) {
            select.setString(1, responseId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }
}
