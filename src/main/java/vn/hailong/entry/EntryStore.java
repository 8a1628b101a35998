package vn.hailong.entry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Plain JDBC for rounds, sheets and keyings, in the caller's transaction. */
@Singleton
class EntryStore {

    static final String WAITING = "waiting";
    static final String MISMATCH = "mismatch";
    static final String COUNTED = "counted";

    static final String KEY = "key";
    static final String RESOLVE = "resolve";

    /** A sheet number's state; {@code keyings} oldest first. */
    record Sheet(long roundId, int sheetNo, boolean doubleKeyed, String status, @Nullable String responseId,
                 @Nullable String resolvedBy, List<Keying> keyings) {
    }

    record Keying(long id, String purpose, String keyedBy, LocalDate date, Map<String, String> fields, Instant keyedAt) {
    }

    private final AgencyTree agencies;
    private final SurveyCatalog surveys;
    private final JsonMapper json;

    EntryStore(AgencyTree agencies, SurveyCatalog surveys, JsonMapper json) {
        this.agencies = agencies;
        this.surveys = surveys;
        this.json = json;
    }

    long createRound(Connection c, long agencyId, long surveyVersionId, String name, int doublePercent, String by, Instant at)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO entry_round (agency_id, survey_version_id, name, double_percent, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?)""", PreparedStatement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, agencyId);
            insert.setLong(2, surveyVersionId);
            insert.setString(3, name);
            insert.setInt(4, doublePercent);
            insert.setString(5, by);
            insert.setObject(6, utc(at));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    Optional<EntryRound> round(Connection c, long id) throws SQLException {
        List<EntryRound> found = rounds(c, "WHERE r.id = ?", id);
        return found.stream().findFirst();
    }

    /** Every round, newest first, with its counts. */
    List<EntryRound> rounds(Connection c) throws SQLException {
        return rounds(c, "", null);
    }

    private List<EntryRound> rounds(Connection c, String where, @Nullable Long id) throws SQLException {
        List<EntryRound> rounds = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("""
                SELECT r.id, r.agency_id, r.survey_version_id, r.name, r.double_percent, r.created_by, r.created_at,
                    (SELECT COUNT(*) FROM entry_sheet s WHERE s.round_id = r.id AND s.status = 'counted'),
                    (SELECT COUNT(*) FROM entry_sheet s WHERE s.round_id = r.id AND s.status = 'waiting'),
                    (SELECT COUNT(*) FROM entry_sheet s WHERE s.round_id = r.id AND s.status = 'mismatch')
                FROM entry_round r
                """ + where + " ORDER BY r.id DESC")) {
            if (id != null) {
                select.setLong(1, id);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Agency agency = agencies.byId(rs.getLong(2)).orElseThrow();
                    // The version's code and number from the survey feature, which owns survey_version.
                    Questionnaire version = surveys.byId(rs.getLong(3)).orElseThrow();
                    rounds.add(new EntryRound(rs.getLong(1), agency, rs.getLong(3), version.code(), version.version(), rs.getString(4),
                            rs.getInt(5), rs.getString(6), instant(rs.getObject(7, LocalDateTime.class)),
                            new EntryRound.Counts(rs.getInt(8), rs.getInt(9), rs.getInt(10))));
                }
            }
        }
        return rounds;
    }

    /**
     * The sheet's row, made if it is new, and locked until the transaction ends: every keying of
     * one sheet is decided one after the other, on every copy of the app.
     */
    Sheet lockSheet(Connection c, long roundId, int sheetNo, boolean doubleKeyed, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO entry_sheet (round_id, sheet_no, double_keyed, status, updated_at) VALUES (?, ?, ?, 'new', ?)
                ON DUPLICATE KEY UPDATE round_id = round_id""")) {
            insert.setLong(1, roundId);
            insert.setInt(2, sheetNo);
            insert.setBoolean(3, doubleKeyed);
            insert.setObject(4, utc(now));
            insert.executeUpdate();
        }
        return sheet(c, roundId, sheetNo, true).orElseThrow();
    }

    Optional<Sheet> sheet(Connection c, long roundId, int sheetNo, boolean lock) throws SQLException {
        Sheet sheet = null;
        try (PreparedStatement select = c.prepareStatement("""
                SELECT double_keyed, status, response_id, resolved_by FROM entry_sheet WHERE round_id = ? AND sheet_no = ?"""
                + (lock ? " FOR UPDATE" : ""))) {
            select.setLong(1, roundId);
            select.setInt(2, sheetNo);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    sheet = new Sheet(roundId, sheetNo, rs.getBoolean(1), rs.getString(2), rs.getString(3), rs.getString(4), List.of());
                }
            }
        }
        if (sheet == null) {
            return Optional.empty();
        }
        return Optional.of(new Sheet(roundId, sheetNo, sheet.doubleKeyed(), sheet.status(), sheet.responseId(), sheet.resolvedBy(),
                keyings(c, roundId, sheetNo)));
    }

    private List<Keying> keyings(Connection c, long roundId, int sheetNo) throws SQLException {
        List<Keying> keyings = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("""
                SELECT id, purpose, keyed_by, sheet_date, fields, keyed_at FROM entry_keying
                WHERE round_id = ? AND sheet_no = ? ORDER BY id""")) {
            select.setLong(1, roundId);
            select.setInt(2, sheetNo);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    keyings.add(new Keying(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class),
                            fields(rs.getString(5)), instant(rs.getObject(6, LocalDateTime.class))));
                }
            }
        }
        return keyings;
    }

    void addKeying(Connection c, long roundId, TypedSheet sheet, String purpose, String by, Instant at) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO entry_keying (round_id, sheet_no, purpose, keyed_by, sheet_date, fields, keyed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setLong(1, roundId);
            insert.setInt(2, sheet.sheetNo());
            insert.setString(3, purpose);
            insert.setString(4, by);
            insert.setObject(5, sheet.date());
            insert.setString(6, text(sheet.fields()));
            insert.setObject(7, utc(at));
            insert.executeUpdate();
        }
    }

    void setStatus(Connection c, long roundId, int sheetNo, String status, @Nullable String responseId, @Nullable String resolvedBy,
                   Instant at) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE entry_sheet SET status = ?, response_id = ?, resolved_by = ?, updated_at = ? WHERE round_id = ? AND sheet_no = ?""")) {
            update.setString(1, status);
            update.setString(2, responseId);
            update.setString(3, resolvedBy);
            update.setObject(4, utc(at));
            update.setLong(5, roundId);
            update.setInt(6, sheetNo);
            update.executeUpdate();
        }
    }

    /** The sheet numbers of a round in one state, lowest first. */
    List<Integer> sheetNumbers(Connection c, long roundId, String status) throws SQLException {
        List<Integer> numbers = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT sheet_no FROM entry_sheet WHERE round_id = ? AND status = ? ORDER BY sheet_no")) {
            select.setLong(1, roundId);
            select.setString(2, status);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    numbers.add(rs.getInt(1));
                }
            }
        }
        return numbers;
    }

    private String text(Map<String, String> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> fields(String text) {
        try {
            Map<String, String> read = json.readValue(text, Argument.mapOf(String.class, String.class));
            return read == null ? Map.of() : new LinkedHashMap<>(read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(LocalDateTime utc) {
        return utc.toInstant(ZoneOffset.UTC);
    }
}
