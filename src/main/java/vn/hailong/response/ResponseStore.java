package vn.hailong.response;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import vn.hailong.flag.FlagDetector;
import vn.hailong.flag.SubmittedResponse;
import vn.hailong.tally.Rollups;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plain JDBC for the submission path: one response row, its answers and its share of the report
 * rollups in one transaction.
 */
@Singleton
class ResponseStore {

    private final TransactionOperations<Connection> transactions;
    private final Rollups rollups;
    private final FlagDetector flags;

    ResponseStore(TransactionOperations<Connection> transactions, Rollups rollups, FlagDetector flags) {
        this.transactions = transactions;
        this.rollups = rollups;
        this.flags = flags;
    }

    /** Checks that run in the insert's transaction before the insert (per-kiosk limits); throw to refuse. */
    @FunctionalInterface
    interface Guard {
        Guard NONE = (connection, response) -> { };

        void check(Connection connection, StoredResponse response) throws SQLException;
    }

    /**
     * Inserts the response and its answers, then adds it to the rollups — last, so the rollup row
     * locks are held for as short a time as possible. A duplicate id or dossier surfaces as an
     * SQLException from the first insert, before the rollups are touched. The guard runs first.
     */
    void insert(StoredResponse response) {
        insert(response, Guard.NONE);
    }

    void insert(StoredResponse response, Guard guard) {
        transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            guard.check(connection, response);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO response (id, survey_code, survey_version_id, agency_id, channel, language, kiosk_id,
                        started_at, submitted_at, submitted_date, received_at, dossier_hash, content_hash, scores)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setString(1, response.id());
                insert.setString(2, response.surveyCode());
                insert.setLong(3, response.surveyVersionId());
                insert.setLong(4, response.agencyId());
                insert.setString(5, response.channel().word());
                insert.setString(6, response.language());
                if (response.kioskId() == null) {
                    insert.setNull(7, Types.BIGINT);
                } else {
                    insert.setLong(7, response.kioskId());
                }
                insert.setObject(8, utc(response.startedAt()));
                insert.setObject(9, utc(response.submittedAt()));
                insert.setObject(10, response.submittedDate());
                insert.setObject(11, utc(response.receivedAt()));
                insert.setString(12, response.dossierHash());
                insert.setString(13, response.contentHash());
                insert.setString(14, response.answers().scores());
                insert.executeUpdate();
            }
            // Suspicious-pattern flags commit (or roll back) with the response itself.
            flags.inspect(connection, new SubmittedResponse(response.id(), response.surveyCode(), response.agencyId(),
                    response.channel().word(), response.kioskId(), response.submittedAt(), response.agencyZone(), response.answers().scores()));
            if (!response.answers().rows().isEmpty()) {
                try (PreparedStatement answer = connection.prepareStatement(
                        "INSERT INTO answer (response_id, question_code, ordinal, value_int, value_text) VALUES (?, ?, ?, ?, ?)")) {
                    for (CheckedAnswers.Row row : response.answers().rows()) {
                        answer.setString(1, response.id());
                        answer.setString(2, row.questionCode());
                        answer.setInt(3, row.ordinal());
                        if (row.valueInt() == null) {
                            answer.setNull(4, Types.INTEGER);
                        } else {
                            answer.setInt(4, row.valueInt());
                        }
                        answer.setString(5, row.valueText());
                        answer.addBatch();
                    }
                    answer.executeBatch();
                }
            }
            Map<String, List<String>> choices = new HashMap<>();
            for (CheckedAnswers.Row row : response.answers().rows()) {
                if (row.valueText() != null) {
                    choices.computeIfAbsent(row.questionCode(), c -> new ArrayList<>()).add(row.valueText());
                }
            }
            rollups.add(connection, response.surveyCode(), response.surveyVersionId(), response.agencyId(),
                    response.submittedDate(), response.answers().scores(), choices);
            return null;
        });
    }

    /** The content hash of the response stored under {@code id}, if any. */
    Optional<String> contentHashOf(String id) {
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement("SELECT content_hash FROM response WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    boolean dossierRated(String surveyCode, String dossierHash) {
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement(
                    "SELECT 1 FROM response WHERE survey_code = ? AND dossier_hash = ?")) {
                select.setString(1, surveyCode);
                select.setString(2, dossierHash);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private static LocalDateTime utc(@Nullable Instant instant) {
        // DATETIME columns hold UTC wall-clock time; a LocalDateTime is written as is, whatever the JVM zone.
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
