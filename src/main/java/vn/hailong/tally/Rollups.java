package vn.hailong.tally;

import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Keeps the rollups in step with the responses, inside the caller's transaction: a stored
 * response is added, an excluded one taken out, an included one put back.
 *
 * <p>Locking (ADR 0006): every change to the rollups of (agency, survey, month) first locks that
 * month's row, then the day's row — always in this order, so two such transactions cannot
 * deadlock on each other; a rebuild takes the same month locks. Rows are created race-free by an
 * {@code INSERT … ON DUPLICATE KEY UPDATE} of an empty row, which also takes the lock.
 */
@Singleton
public class Rollups {

    private final Shapes shapes;
    private final Clock clock = Clock.systemUTC();

    Rollups(Shapes shapes) {
        this.shapes = shapes;
    }

    /**
     * Adds one just-inserted response. {@code choices}: the choice answers, question code → option
     * codes (other answers may be included; they are ignored).
     */
    public void add(Connection connection, String surveyCode, long versionId, long agencyId, LocalDate date,
                    String scores, Map<String, ? extends List<String>> choices) throws SQLException {
        VersionTally contribution = new VersionTally(shapes.of(versionId));
        contribution.addResponse(scores, choices, 1);
        apply(connection, agencyId, surveyCode, date, contribution, 1);
    }

    /**
     * Marks the response excluded (e.g. confirmed suspicious) and takes it out of the rollups, in the
     * caller's transaction. Excluding an excluded response changes nothing.
     *
     * @return whether anything changed
     * @throws NoSuchElementException when no response has this id
     */
    public boolean exclude(Connection connection, String responseId) throws SQLException {
        return change(connection, responseId, true);
    }

    /** Reverses {@link #exclude}: clears excluded_at and puts the response back. Idempotent too. */
    public boolean include(Connection connection, String responseId) throws SQLException {
        return change(connection, responseId, false);
    }

    private boolean change(Connection connection, String responseId, boolean exclude) throws SQLException {
        String surveyCode;
        long versionId;
        long agencyId;
        LocalDate date;
        String scores;
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT survey_code, survey_version_id, agency_id, submitted_date, scores, excluded_at
                FROM response WHERE id = ? FOR UPDATE""")) {
            select.setString(1, responseId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new NoSuchElementException("no response with id " + responseId);
                }
                boolean excluded = rs.getObject(6) != null;
                if (excluded == exclude) {
                    return false;
                }
                surveyCode = rs.getString(1);
                versionId = rs.getLong(2);
                agencyId = rs.getLong(3);
                date = rs.getObject(4, LocalDate.class);
                scores = rs.getString(5);
            }
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE response SET excluded_at = ? WHERE id = ?")) {
            update.setObject(1, exclude ? LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC) : null);
            update.setString(2, responseId);
            update.executeUpdate();
        }
        VersionTally contribution = new VersionTally(shapes.of(versionId));
        contribution.addResponse(scores, choiceAnswers(connection, responseId), 1);
        apply(connection, agencyId, surveyCode, date, contribution, exclude ? -1 : 1);
        return true;
    }

    private static Map<String, List<String>> choiceAnswers(Connection connection, String responseId) throws SQLException {
        Map<String, List<String>> answers = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT question_code, value_text FROM answer WHERE response_id = ? AND value_text IS NOT NULL")) {
            select.setString(1, responseId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    answers.computeIfAbsent(rs.getString(1), c -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return answers;
    }

    private void apply(Connection connection, long agencyId, String surveyCode, LocalDate date,
                       VersionTally contribution, int sign) throws SQLException {
        // Month first, then day: the fixed order every writer follows.
        update(connection, RollupTable.MONTH, agencyId, surveyCode, date.withDayOfMonth(1), contribution, sign);
        update(connection, RollupTable.DAY, agencyId, surveyCode, date, contribution, sign);
    }

    private void update(Connection connection, RollupTable table, long agencyId, String surveyCode, LocalDate start,
                        VersionTally contribution, int sign) throws SQLException {
        table.ensure(connection, agencyId, surveyCode, List.of(start));
        RollupTally tally = shapes.newTally();
        try (PreparedStatement select = connection.prepareStatement("SELECT tally FROM " + table.table
                + " WHERE agency_id = ? AND survey_code = ? AND " + table.column + " = ? FOR UPDATE")) {
            select.setLong(1, agencyId);
            select.setString(2, surveyCode);
            select.setObject(3, start);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("rollup row vanished after it was ensured");
                }
                tally.addEncoded(rs.getBytes(1));
            }
        }
        tally.add(contribution, sign);
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table.table
                + " SET responses = ?, tally = ? WHERE agency_id = ? AND survey_code = ? AND " + table.column + " = ?")) {
            update.setLong(1, tally.responses());
            update.setBytes(2, tally.encode());
            update.setLong(3, agencyId);
            update.setString(4, surveyCode);
            update.setObject(5, start);
            update.executeUpdate();
        }
    }
}
