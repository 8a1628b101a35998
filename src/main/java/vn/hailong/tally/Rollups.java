package vn.hailong.tally;

import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Keeps the rollups in step with the responses, inside the caller's transaction: a stored
 * response is added, an excluded one taken out, an included one put back.
 *
 * <p>Stored responses are added as <em>pending deltas</em> (ADR 0006, amended for issue 17): one
 * appended {@code rollup_delta} row per (agency, survey, day) of the caller's group, not a
 * read-modify-write of the rollup rows, which every submission of an agency's day and month used
 * to queue for until the previous one committed. {@link #fold} adds the deltas into the rollup rows
 * later (RollupFolder, in the background) and deletes them in the same transaction; every
 * report read sums the rollup rows and the pending deltas of its range (RollupReader), so the
 * figures are exact at every moment. Rows and deltas only ever hold non-negative counts: an
 * exclusion folds the day's pending deltas first (any committed one, and one in flight once it
 * commits: the locking read waits for it).
 *
 * <p>Locking: every change to the rollup rows of (agency, survey, month) first locks that month's
 * row, then the day's row — always in this order, so two such transactions cannot deadlock on each
 * other. Submissions lock no rollup row at all: they only insert response rows and new deltas, so
 * they neither wait for each other nor for a fold. A rebuild must still see each submission of its
 * months either committed (its delta then deleted by the rebuild) or not begun: it first locks the
 * agency's row exclusively, which waits for every submission of the agency in flight — each holds a
 * shared lock on that row from the foreign key check of its response insert until its commit
 * ("Locks Set by Different SQL Statements in InnoDB", MySQL manual: a foreign key check sets shared
 * record locks on the parent rows it reads) — and holds back the next ones until the rebuild's
 * unit commits.
 */
@Singleton
public class Rollups {

    private final Shapes shapes;
    private final Clock clock;

    Rollups(Shapes shapes, Clock clock) {
        this.clock = clock;
        this.shapes = shapes;
    }

    /** One just-inserted response, as the rollups need it. {@code choices}: see {@link #add}. */
    public record Addition(String surveyCode, long versionId, long agencyId, LocalDate date, String scores,
                           Map<String, ? extends List<String>> choices) {
    }

    /**
     * Adds one just-inserted response. {@code choices}: the choice answers, question code → option
     * codes (other answers may be included; they are ignored).
     */
    public void add(Connection connection, String surveyCode, long versionId, long agencyId, LocalDate date,
                    String scores, Map<String, ? extends List<String>> choices) throws SQLException {
        addAll(connection, List.of(new Addition(surveyCode, versionId, agencyId, date, scores, choices)));
    }

    /**
     * Adds responses inserted together in the caller's transaction (after their response rows):
     * one pending delta per (agency, survey, day) they fall on, appended with one statement.
     * Nothing is read, and no row that another transaction writes is written.
     */
    public void addAll(Connection connection, List<Addition> additions) throws SQLException {
        Map<RollupKey, RollupTally> days = new TreeMap<>();
        for (Addition a : additions) {
            // Counted straight into the group's change of each day: no tally per response.
            days.computeIfAbsent(new RollupKey(a.agencyId(), a.surveyCode(), a.date()),
                    k -> shapes.newTally()).forVersion(a.versionId()).addResponse(a.scores(), a.choices(), 1);
        }
        days.values().removeIf(tally -> tally.responses() == 0); // responses counted nowhere (no scale answer)
        // No lock of a rollup row: the response rows inserted before this hold a shared lock on their
        // agency's row (the foreign key check), which is what a rebuild waits for (see the class comment).
        RollupDeltas.append(connection, days);
        // A late one (a day of a month that has ended, e.g. a kiosk's outbox or a paper form sent in
        // after the month) changes a closed month's sums: its epoch moves with this commit, so no
        // copy uses a cached sum of it again (MonthCache). Months not yet ended are never cached.
        Map<String, TreeSet<LocalDate>> late = new TreeMap<>();
        Instant now = clock.instant();
        for (RollupKey day : days.keySet()) {
            if (MonthEpochs.ended(day.start(), now)) {
                late.computeIfAbsent(day.surveyCode(), s -> new TreeSet<>()).add(day.start().withDayOfMonth(1));
            }
        }
        for (Map.Entry<String, TreeSet<LocalDate>> survey : late.entrySet()) {
            MonthEpochs.bump(connection, survey.getKey(), survey.getValue());
        }
    }

    /**
     * Adds up to {@code limit} of the oldest pending deltas into the rollup rows and deletes them,
     * in the caller's transaction; returns how many it folded. The deltas are chosen by a plain
     * read, their month rows then locked (exclusively, key order, as every writer orders them),
     * and only then the deltas locked and read again: one that another fold or a rebuild took
     * meanwhile is gone and is skipped.
     */
    public int fold(Connection connection, int limit) throws SQLException {
        RollupDeltas.Oldest oldest = RollupDeltas.oldest(connection, limit);
        if (oldest.ids().isEmpty()) {
            return 0;
        }
        RollupTable.MONTH.ensure(connection, oldest.months());
        RollupDeltas.Taken taken = RollupDeltas.take(connection, shapes, oldest.ids());
        if (taken.ids().isEmpty()) {
            return 0;
        }
        Map<RollupKey, RollupTally> byMonth = new TreeMap<>();
        taken.byDay().forEach((day, tally) -> byMonth.computeIfAbsent(
                new RollupKey(day.agencyId(), day.surveyCode(), day.start().withDayOfMonth(1)), k -> shapes.newTally()).add(tally, 1));
        addTo(connection, RollupTable.MONTH, byMonth);
        addTo(connection, RollupTable.DAY, taken.byDay());
        return taken.ids().size();
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
        RollupTally change = shapes.newTally();
        change.add(contribution, sign);
        // The day's pending deltas go into the rows first (the month row locked before them), so
        // that taking a response out never leaves a row below zero while its delta is pending.
        RollupKey day = new RollupKey(agencyId, surveyCode, date);
        RollupTable.MONTH.ensure(connection, List.of(new RollupKey(agencyId, surveyCode, date.withDayOfMonth(1))));
        RollupTally pending = RollupDeltas.takeDay(connection, shapes, day);
        if (pending != null) {
            change.add(pending, 1);
        }
        // Month first, then day: the fixed order every writer follows.
        addTo(connection, RollupTable.MONTH, Map.of(new RollupKey(agencyId, surveyCode, date.withDayOfMonth(1)), change));
        addTo(connection, RollupTable.DAY, Map.of(day, change));
        // Last, after every rollup lock (MonthEpochs.bump): any month, ended or not — exclusions are rare.
        MonthEpochs.bump(connection, surveyCode, List.of(date));
    }

    /**
     * Adds each change to its row of {@code table}: creates the rows that are missing and locks all
     * of them in key order (one upsert), reads them with a locking read (the latest committed
     * counts, whatever this transaction's snapshot), and writes the sums back in one statement.
     */
    private void addTo(Connection connection, RollupTable table, Map<RollupKey, RollupTally> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        List<RollupKey> keys = changes.keySet().stream().sorted().toList();
        table.ensure(connection, keys);
        Map<RollupKey, RollupTally> rows = new HashMap<>();
        StringBuilder select = new StringBuilder("SELECT agency_id, survey_code, ").append(table.column)
                .append(", tally FROM ").append(table.table).append(" WHERE ");
        for (int i = 0; i < keys.size(); i++) {
            select.append(i == 0 ? "" : " OR ").append("(agency_id = ? AND survey_code = ? AND ").append(table.column).append(" = ?)");
        }
        try (PreparedStatement read = connection.prepareStatement(select.append(" FOR UPDATE").toString())) {
            int at = 1;
            for (RollupKey key : keys) {
                read.setLong(at++, key.agencyId());
                read.setString(at++, key.surveyCode());
                read.setObject(at++, key.start());
            }
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    RollupTally tally = shapes.newTally();
                    tally.addEncoded(rs.getBytes(4));
                    rows.put(new RollupKey(rs.getLong(1), rs.getString(2), rs.getObject(3, LocalDate.class)), tally);
                }
            }
        }
        StringBuilder write = new StringBuilder("INSERT INTO ").append(table.table).append(" (agency_id, survey_code, ")
                .append(table.column).append(", responses, tally) VALUES ");
        for (int i = 0; i < keys.size(); i++) {
            write.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?)");
        }
        write.append(" ON DUPLICATE KEY UPDATE responses = VALUES(responses), tally = VALUES(tally)");
        try (PreparedStatement update = connection.prepareStatement(write.toString())) {
            int at = 1;
            for (RollupKey key : keys) {
                RollupTally tally = rows.get(key);
                if (tally == null) {
                    throw new IllegalStateException("rollup row " + key + " vanished after it was ensured");
                }
                tally.add(changes.get(key), 1);
                update.setLong(at++, key.agencyId());
                update.setString(at++, key.surveyCode());
                update.setObject(at++, key.start());
                update.setLong(at++, tally.responses());
                update.setBytes(at++, tally.encode());
            }
            update.executeUpdate();
        }
    }
}
