package vn.hailong.tally;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/** The two rollup tables: per day and per calendar month (keyed by its first day). */
enum RollupTable {
    DAY("rollup_day", "on_day"),
    MONTH("rollup_month", "month_start");

    final String table;
    final String column;

    RollupTable(String table, String column) {
        this.table = table;
        this.column = column;
    }

    /**
     * Makes sure a row exists for each start (an empty one if not) and locks them, in the order
     * given: an upsert either inserts the row or, on the duplicate key, updates it to itself —
     * both leave it locked by this transaction, and neither can fail on a concurrent insert.
     */
    void ensure(Connection connection, long agencyId, String surveyCode, List<LocalDate> starts) throws SQLException {
        if (starts.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table)
                .append(" (agency_id, survey_code, ").append(column).append(", responses, tally) VALUES ");
        for (int i = 0; i < starts.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, 0, ?)");
        }
        sql.append(" ON DUPLICATE KEY UPDATE responses = responses");
        byte[] empty = RollupTally.empty();
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            int at = 1;
            for (LocalDate start : starts) {
                insert.setLong(at++, agencyId);
                insert.setString(at++, surveyCode);
                insert.setObject(at++, start);
                insert.setBytes(at++, empty);
            }
            insert.executeUpdate();
        }
    }
}
