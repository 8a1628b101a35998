package vn.hailong.alert;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The alert_rule table. Deleting a rule keeps it (its cases still name it) but it no longer fires. */
@Singleton
class AlertRules {

    private static final String COLUMNS = "r.id, r.agency_id, a.code, r.kind, r.survey_code, r.recipients, r.threshold, "
            + "r.days, r.element, r.drop_points, r.words, r.deadline_hours, r.created_by, r.created_at";

    private final TransactionOperations<Connection> transactions;
    private final Clock clock;

    AlertRules(TransactionOperations<Connection> transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    long create(long agencyId, String kind, String survey, List<String> recipients, @Nullable BigDecimal threshold,
                @Nullable Integer days, @Nullable String element, @Nullable BigDecimal drop, List<String> words,
                int deadlineHours, String createdBy) {
        return transactions.executeWrite(status -> {
            try (PreparedStatement insert = status.getConnection().prepareStatement("""
                    INSERT INTO alert_rule (agency_id, kind, survey_code, recipients, threshold, days, element, drop_points,
                        words, deadline_hours, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
                insert.setLong(1, agencyId);
                insert.setString(2, kind);
                insert.setString(3, survey);
                insert.setString(4, String.join("\n", recipients));
                insert.setBigDecimal(5, threshold);
                if (days == null) {
                    insert.setNull(6, Types.INTEGER);
                } else {
                    insert.setInt(6, days);
                }
                insert.setString(7, element);
                insert.setBigDecimal(8, drop);
                insert.setString(9, words.isEmpty() ? null : String.join("\n", words));
                insert.setInt(10, deadlineHours);
                insert.setString(11, createdBy);
                insert.setObject(12, LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    List<AlertRule> all() {
        return transactions.executeRead(status -> select(status.getConnection(),
                "r.deleted_at IS NULL ORDER BY r.id"));
    }

    Optional<AlertRule> find(long id) {
        return transactions.executeRead(status -> select(status.getConnection(), "r.deleted_at IS NULL AND r.id = " + id))
                .stream().findFirst();
    }

    boolean delete(long id) {
        return transactions.executeWrite(status -> {
            try (PreparedStatement update = status.getConnection().prepareStatement(
                    "UPDATE alert_rule SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL")) {
                update.setObject(1, LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                update.setLong(2, id);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Live rules of these kinds for a survey that watch {@code agencyId} (their agency or one above it). */
    static List<AlertRule> watching(Connection connection, long agencyId, String survey, List<String> kinds) throws SQLException {
        List<AlertRule> rules = new ArrayList<>();
        for (AlertRule rule : select(connection, "r.deleted_at IS NULL AND r.survey_code = '" + survey.replace("'", "")
                + "' AND (r.agency_id = " + agencyId + " OR EXISTS (SELECT 1 FROM agency_closure c "
                + "WHERE c.ancestor_id = r.agency_id AND c.descendant_id = " + agencyId + ")) ORDER BY r.id")) {
            if (kinds.contains(rule.kind())) {
                rules.add(rule);
            }
        }
        return rules;
    }

    static Optional<AlertRule> byId(Connection connection, long id) throws SQLException {
        return select(connection, "r.id = " + id).stream().findFirst();
    }

    private static List<AlertRule> select(Connection connection, String where) throws SQLException {
        List<AlertRule> rules = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM alert_rule r JOIN agency a ON a.id = r.agency_id WHERE " + where);
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                Integer days = rs.getObject(8) == null ? null : rs.getInt(8);
                rules.add(new AlertRule(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        lines(rs.getString(6)), rs.getBigDecimal(7), days, rs.getString(9),
                        rs.getBigDecimal(10), lines(rs.getString(11)), rs.getInt(12), rs.getString(13),
                        rs.getObject(14, LocalDateTime.class).toInstant(ZoneOffset.UTC)));
            }
        }
        return rules;
    }

    private static List<String> lines(@Nullable String text) {
        return text == null ? List.of() : Arrays.stream(text.split("\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
