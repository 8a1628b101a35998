package vn.hailong.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Claims due rows of a queue table (outbox_event, delivery) for one copy of the app. A row is due
 * when its next_attempt_at has passed; claiming it moves next_attempt_at one lease ahead in a
 * single conditional UPDATE, so of several copies reading the same due row only one changes it.
 * A copy that dies holding a claim simply lets the lease run out: the row is due again.
 * Run in a short transaction of its own; portable (MySQL, MariaDB, H2); no lock is held while
 * the work itself is done.
 */
final class Claims {

    private Claims() {
    }

    static List<Long> claim(Connection connection, String table, String dueCondition, String token,
                            Instant now, Instant leaseEnd, int limit) throws SQLException {
        LocalDateTime at = utc(now);
        List<Long> candidates = new ArrayList<>();
        List<Long> won = new ArrayList<>();
        {
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM " + table + " WHERE "
                    + dueCondition + " AND next_attempt_at <= ? ORDER BY id LIMIT " + limit)) {
                select.setObject(1, at);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(rs.getLong(1));
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + table
                    + " SET next_attempt_at = ?, claimed_by = ?, attempts = attempts + 1 WHERE id = ? AND "
                    + dueCondition + " AND next_attempt_at <= ?")) {
                for (long id : candidates) {
                    update.setObject(1, utc(leaseEnd));
                    update.setString(2, token);
                    update.setLong(3, id);
                    update.setObject(4, at);
                    if (update.executeUpdate() == 1) {
                        won.add(id);
                    }
                }
            }
        }
        return won;
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static String shorten(String text, int max) {
        if (text == null) {
            return null;
        }
        return text.length() <= max ? text : text.substring(0, max);
    }
}
