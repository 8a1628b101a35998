package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the score lines of the responses in an agency subtree and date range, one narrow row per
 * response through a covering index. Ranking reads the same rows labelled with the direct child
 * of the parent they fall under.
 */
@Singleton
class ResponseScan {

    interface RowHandler {
        void row(long group, long versionId, String scores, LocalDate date);
    }

    private final TransactionOperations<Connection> transactions;

    ResponseScan(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /** Every response of {@code surveyCode} in the subtree of {@code agencyId}; group = agencyId. */
    void subtree(long agencyId, String surveyCode, @Nullable LocalDate from, @Nullable LocalDate to, RowHandler handler) {
        String sql = """
                SELECT c.ancestor_id, r.survey_version_id, r.scores, r.submitted_date
                FROM agency_closure c JOIN response r ON r.agency_id = c.descendant_id
                WHERE c.ancestor_id = ? AND r.survey_code = ?""" + range(from, to);
        run(sql, agencyId, surveyCode, from, to, handler);
    }

    /** Every response under each direct child of {@code parentId}; group = that child's id. */
    void children(long parentId, String surveyCode, @Nullable LocalDate from, @Nullable LocalDate to, RowHandler handler) {
        String sql = """
                SELECT c.ancestor_id, r.survey_version_id, r.scores, r.submitted_date
                FROM agency ch JOIN agency_closure c ON c.ancestor_id = ch.id
                JOIN response r ON r.agency_id = c.descendant_id
                WHERE ch.parent_id = ? AND r.survey_code = ?""" + range(from, to);
        run(sql, parentId, surveyCode, from, to, handler);
    }

    private static String range(@Nullable LocalDate from, @Nullable LocalDate to) {
        return (from == null ? "" : " AND r.submitted_date >= ?") + (to == null ? "" : " AND r.submitted_date <= ?");
    }

    private void run(String sql, long id, String surveyCode, @Nullable LocalDate from, @Nullable LocalDate to,
                     RowHandler handler) {
        transactions.executeRead(status -> {
            try (PreparedStatement statement = status.getConnection().prepareStatement(sql)) {
                List<Object> parameters = new ArrayList<>(List.of(id, surveyCode));
                if (from != null) {
                    parameters.add(from);
                }
                if (to != null) {
                    parameters.add(to);
                }
                for (int i = 0; i < parameters.size(); i++) {
                    statement.setObject(i + 1, parameters.get(i));
                }
                statement.setFetchSize(10_000);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        handler.row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getObject(4, LocalDate.class));
                    }
                }
            }
            return null;
        });
    }
}
