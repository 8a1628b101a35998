package vn.hailong.tally;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/** The two rollup tables: per day and per calendar month (keyed by its first day). Their pending deltas: {@link RollupDeltas}. */
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
        ensure(connection, starts.stream().map(start -> new RollupKey(agencyId, surveyCode, start)).toList());
    }

    /** {@link #ensure(Connection, long, String, List)} for rows of any agencies and surveys, locked in the order given. */
    void ensure(Connection connection, List<RollupKey> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table)
                .append(" (agency_id, survey_code, ").append(column).append(", responses, tally) VALUES ");
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, 0, ?)");
        }
        sql.append(" ON DUPLICATE KEY UPDATE responses = responses");
        byte[] empty = RollupTally.empty();
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            int at = 1;
            for (RollupKey key : keys) {
                insert.setLong(at++, key.agencyId());
                insert.setString(at++, key.surveyCode());
                insert.setObject(at++, key.start());
                insert.setBytes(at++, empty);
            }
            insert.executeUpdate();
        }
    }
}
