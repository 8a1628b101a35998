package vn.hailong.tally;

import io.micronaut.core.annotation.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pending rollup changes of table {@code rollup_delta}: counts of one (agency, survey, day)
 * appended by a submission group, not yet added into the rollup rows (see {@link Rollups}).
 * Every delta holds a positive number of responses; a day's deltas and its rows add up to the
 * day's figures.
 */
final class RollupDeltas {

    static final String TABLE = "rollup_delta";
    static final String COLUMN = "on_day";

    private RollupDeltas() {
    }

    /** Appends one delta per day, in one statement. */
    static void append(Connection connection, Map<RollupKey, RollupTally> days) throws SQLException {
        if (days.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("INSERT INTO " + TABLE + " (agency_id, survey_code, " + COLUMN + ", responses, tally) VALUES ");
        for (int i = 0; i < days.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?)");
        }
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            int at = 1;
            for (Map.Entry<RollupKey, RollupTally> day : days.entrySet()) {
                insert.setLong(at++, day.getKey().agencyId());
                insert.setString(at++, day.getKey().surveyCode());
                insert.setObject(at++, day.getKey().start());
                insert.setLong(at++, day.getValue().responses());
                insert.setBytes(at++, day.getValue().encode());
            }
            insert.executeUpdate();
        }
    }

    /** The oldest pending deltas (ids) and the month rows they belong to, in key order: a plain read, nothing locked. */
    record Oldest(List<Long> ids, List<RollupKey> months) {
    }

    static Oldest oldest(Connection connection, int limit) throws SQLException {
        List<Long> ids = new ArrayList<>();
        TreeSet<RollupKey> months = new TreeSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, agency_id, survey_code, " + COLUMN + " FROM " + TABLE + " ORDER BY id LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    months.add(new RollupKey(rs.getLong(2), rs.getString(3), rs.getObject(4, LocalDate.class).withDayOfMonth(1)));
                }
            }
        }
        return new Oldest(ids, new ArrayList<>(months));
    }

    /** Deltas taken out of the table: their ids and their counts summed per day. */
    record Taken(List<Long> ids, Map<RollupKey, RollupTally> byDay) {
    }

    /**
     * Locks, reads and deletes the deltas of {@code ids} that are still there (the caller holds
     * their month rows' locks); returns what it took.
     */
    static Taken take(Connection connection, Shapes shapes, List<Long> ids) throws SQLException {
        List<Long> taken = new ArrayList<>();
        Map<RollupKey, RollupTally> byDay = new TreeMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, agency_id, survey_code, " + COLUMN + ", tally FROM "
                + TABLE + " WHERE id IN (" + marks(ids.size()) + ") FOR UPDATE")) {
            for (int i = 0; i < ids.size(); i++) {
                select.setLong(i + 1, ids.get(i));
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    taken.add(rs.getLong(1));
                    byDay.computeIfAbsent(new RollupKey(rs.getLong(2), rs.getString(3), rs.getObject(4, LocalDate.class)),
                            k -> shapes.newTally()).addEncoded(rs.getBytes(5));
                }
            }
        }
        if (!taken.isEmpty()) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE id IN (" + marks(taken.size()) + ")")) {
                for (int i = 0; i < taken.size(); i++) {
                    delete.setLong(i + 1, taken.get(i));
                }
                delete.executeUpdate();
            }
        }
        return new Taken(taken, byDay);
    }

    /** Locks, reads and deletes every pending delta of one day (the caller holds its month row's lock); null when none. */
    static @Nullable RollupTally takeDay(Connection connection, Shapes shapes, RollupKey day) throws SQLException {
        RollupTally sum = null;
        try (PreparedStatement select = connection.prepareStatement("SELECT tally FROM " + TABLE
                + " WHERE agency_id = ? AND survey_code = ? AND " + COLUMN + " = ? FOR UPDATE")) {
            select.setLong(1, day.agencyId());
            select.setString(2, day.surveyCode());
            select.setObject(3, day.start());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (sum == null) {
                        sum = shapes.newTally();
                    }
                    sum.addEncoded(rs.getBytes(1));
                }
            }
        }
        if (sum != null) {
            delete(connection, day.agencyId(), day.surveyCode(), day.start(), day.start());
        }
        return sum;
    }

    /** Deletes the pending deltas of one agency and survey in [first, last] (a rebuild, which recounted them). */
    static void delete(Connection connection, long agencyId, String surveyCode, LocalDate first, LocalDate last) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE
                + " WHERE agency_id = ? AND survey_code = ? AND " + COLUMN + " >= ? AND " + COLUMN + " <= ?")) {
            delete.setLong(1, agencyId);
            delete.setString(2, surveyCode);
            delete.setObject(3, first);
            delete.setObject(4, last);
            delete.executeUpdate();
        }
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
