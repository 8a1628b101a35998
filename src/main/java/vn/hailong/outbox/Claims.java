package vn.hailong.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
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
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM " + table + " WHERE "
                + dueCondition + " AND next_attempt_at <= ? ORDER BY id LIMIT " + limit)) {
            select.setObject(1, at);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    candidates.add(rs.getLong(1));
                }
            }
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        // One conditional UPDATE for all candidates (not one per row: at a submission's rate of
        // events the round trips were most of the claim's time); the rows another copy changed
        // meanwhile no longer meet the condition and keep that copy's token.
        String ids = marks(candidates.size());
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table
                + " SET next_attempt_at = ?, claimed_by = ?, attempts = attempts + 1 WHERE id IN (" + ids + ") AND "
                + dueCondition + " AND next_attempt_at <= ?")) {
            update.setObject(1, utc(leaseEnd));
            update.setString(2, token);
            update.setObject(bindIds(update, 3, candidates), at);
            update.executeUpdate();
        }
        return withToken(connection, table, candidates, token);
    }

    /** Those of {@code ids} that this claim's token holds, in id order. */
    private static List<Long> withToken(Connection connection, String table, List<Long> ids, String token) throws SQLException {
        List<Long> won = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM " + table + " WHERE id IN ("
                + marks(ids.size()) + ") AND claimed_by = ? ORDER BY id")) {
            select.setString(bindIds(select, 1, ids), token);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    won.add(rs.getLong(1));
                }
            }
        }
        return won;
    }

    /** Binds {@code ids} (an IN list of {@link #marks}) from parameter {@code first}; returns the next parameter's index. */
    static int bindIds(PreparedStatement statement, int first, List<Long> ids) throws SQLException {
        int p = first;
        for (long id : ids) {
            statement.setLong(p++, id);
        }
        return p;
    }

    /** {@code n} parameter marks for an IN list. */
    static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
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
