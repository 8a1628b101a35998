package vn.hailong.alert;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The alert_case tables, always through the caller's connection (inside its transaction). */
@Singleton
class Cases {

    private static final String COLUMNS = "c.id, c.rule_id, r.kind, c.agency_id, a.code, a.name_vi, a.name_en, c.opened_day, "
            + "c.status, c.opened_at, c.deadline, c.escalated_at, c.owner, c.note, c.figures, c.response_count";
    private static final String FROM = " FROM alert_case c JOIN alert_rule r ON r.id = c.rule_id JOIN agency a ON a.id = c.agency_id";

    /** The case opened now, or the one of the same rule, agency and day that already exists. */
    record Opening(AlertCase alertCase, boolean opened) {
    }

    /**
     * The rule's row is locked first, so copies dispatching events of one rule at once queue here
     * and the second finds the first one's case instead of failing on the unique key.
     */
    Opening openOrFind(Connection connection, AlertRule rule, long agencyId, ZoneId zone, Instant now,
                       @Nullable String figures) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM alert_rule WHERE id = ? FOR UPDATE")) {
            lock.setLong(1, rule.id());
            lock.executeQuery().close();
        }
        LocalDate day = now.atZone(zone).toLocalDate();
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM alert_case WHERE rule_id = ? AND agency_id = ? AND opened_day = ?")) {
            select.setLong(1, rule.id());
            select.setLong(2, agencyId);
            select.setObject(3, day);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    return new Opening(find(connection, rs.getLong(1)).orElseThrow(), false);
                }
            }
        }
        long id;
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO alert_case (rule_id, agency_id, opened_day, status, opened_at, deadline, figures, response_count)
                VALUES (?, ?, ?, 'open', ?, ?, ?, 0)""", Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, rule.id());
            insert.setLong(2, agencyId);
            insert.setObject(3, day);
            insert.setObject(4, utc(now));
            insert.setObject(5, utc(WorkingDays.deadline(now, rule.deadlineHours(), zone)));
            insert.setString(6, figures);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        return new Opening(find(connection, id).orElseThrow(), true);
    }

    void link(Connection connection, long caseId, String responseId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO alert_case_response (case_id, response_id) VALUES (?, ?)");
             PreparedStatement count = connection.prepareStatement(
                     "UPDATE alert_case SET response_count = response_count + 1 WHERE id = ?")) {
            insert.setLong(1, caseId);
            insert.setString(2, responseId);
            insert.executeUpdate();
            count.setLong(1, caseId);
            count.executeUpdate();
        }
    }

    Optional<AlertCase> find(Connection connection, long id) throws SQLException {
        return select(connection, " WHERE c.id = ?", List.of(id)).stream().findFirst();
    }

    /** Cases of the agencies below (and including) {@code scopeAgencyId}, or all when null; newest first. */
    List<AlertCase> list(Connection connection, @Nullable Long scopeAgencyId, @Nullable String status) throws SQLException {
        return list(connection, scopeAgencyId, status == null ? List.of() : List.of(status), null, 500);
    }

    /**
     * As above, with any of {@code statuses} (all when empty) and, when {@code overdueAt} is given,
     * only the cases not resolved and past their deadline at that instant.
     */
    List<AlertCase> list(Connection connection, @Nullable Long scopeAgencyId, List<String> statuses, @Nullable Instant overdueAt,
                         int limit) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        StringBuilder where = new StringBuilder(scope(scopeAgencyId, parameters));
        if (!statuses.isEmpty()) {
            where.append(" AND c.status IN (").append(String.join(", ", statuses.stream().map(x -> "?").toList())).append(")");
            parameters.addAll(statuses);
        }
        if (overdueAt != null) {
            where.append(" AND c.status <> 'resolved' AND c.deadline < ?");
            parameters.add(utc(overdueAt));
        }
        parameters.add(limit);
        return select(connection, where + " ORDER BY c.opened_at DESC, c.id DESC LIMIT ?", parameters);
    }

    /** Cases not yet resolved, and those of them past their deadline at {@code now}, in an agency subtree. */
    CaseCounts.Counts count(Connection connection, long scopeAgencyId, Instant now) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        parameters.add(utc(now));
        String where = scope(scopeAgencyId, parameters);
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.deadline < ? THEN 1 ELSE 0 END), 0)"
                + " FROM alert_case c" + where + " AND c.status <> 'resolved'")) {
            bind(select, parameters);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return new CaseCounts.Counts(rs.getInt(1), rs.getInt(2));
            }
        }
    }

    private static String scope(@Nullable Long scopeAgencyId, List<Object> parameters) {
        if (scopeAgencyId == null) {
            return " WHERE 1 = 1";
        }
        parameters.add(scopeAgencyId);
        parameters.add(scopeAgencyId);
        return " WHERE (c.agency_id = ? OR EXISTS (SELECT 1 FROM agency_closure ac WHERE ac.ancestor_id = ? AND ac.descendant_id = c.agency_id))";
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }

    /** Moves a case on; false when it is not in {@code from} (already moved by someone else). */
    boolean move(Connection connection, long id, List<String> from, String to, String owner, @Nullable String note,
                 Instant now) throws SQLException {
        String stamp = AlertCase.RESOLVED.equals(to) ? "resolved_at" : "acknowledged_at";
        try (PreparedStatement update = connection.prepareStatement("UPDATE alert_case SET status = ?, owner = ?, "
                + stamp + " = ?, note = COALESCE(?, note) WHERE id = ? AND status IN ('" + String.join("', '", from) + "')")) {
            update.setString(1, to);
            update.setString(2, owner);
            update.setObject(3, utc(now));
            update.setString(4, note);
            update.setLong(5, id);
            return update.executeUpdate() == 1;
        }
    }

    List<String> responseIds(Connection connection, long caseId, int limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT response_id FROM alert_case_response WHERE case_id = ? ORDER BY response_id LIMIT " + limit)) {
            select.setLong(1, caseId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static List<AlertCase> select(Connection connection, String where, List<Object> parameters) throws SQLException {
        List<AlertCase> cases = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + FROM + where)) {
            bind(select, parameters);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    cases.add(new AlertCase(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getObject(8, LocalDate.class), rs.getString(9),
                            instant(rs.getObject(10, LocalDateTime.class)), instant(rs.getObject(11, LocalDateTime.class)),
                            instant(rs.getObject(12, LocalDateTime.class)), rs.getString(13), rs.getString(14), rs.getString(15),
                            rs.getInt(16)));
                }
            }
        }
        return cases;
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(@Nullable LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }
}
