package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.hailong.survey.ScoreLine;
import vn.hailong.system.ReportDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the score lines of the responses in an agency subtree and date range, one narrow row per
 * response through a covering index. Ranking reads the same rows labelled with the direct child
 * of the parent they fall under. Choice questions are counted in the database, per option.
 */
@Singleton
class ResponseScan {

    interface RowHandler {
        void row(long group, long versionId, String scores, LocalDate date);
    }

    private final ReportDatabase database;

    ResponseScan(ReportDatabase database) {
        this.database = database;
    }

    /** Every response of {@code surveyCode} in the subtree of {@code agencyId}; group = agencyId. */
    void subtree(long agencyId, String surveyCode, @Nullable LocalDate from, @Nullable LocalDate to, RowHandler handler) {
        String sql = """
                SELECT c.ancestor_id, r.survey_version_id, r.scores, r.submitted_date
                FROM agency_closure c JOIN response r ON r.agency_id = c.descendant_id
                WHERE c.ancestor_id = ? AND r.survey_code = ? AND r.excluded_at IS NULL""" + " AND " + ScoreLine.COUNTS_SQL + range(from, to);
        run(sql, agencyId, surveyCode, from, to, handler);
    }

    /** Every response under each direct child of {@code parentId}; group = that child's id. */
    void children(long parentId, String surveyCode, @Nullable LocalDate from, @Nullable LocalDate to, RowHandler handler) {
        String sql = """
                SELECT c.ancestor_id, r.survey_version_id, r.scores, r.submitted_date
                FROM agency ch JOIN agency_closure c ON c.ancestor_id = ch.id
                JOIN response r ON r.agency_id = c.descendant_id
                WHERE ch.parent_id = ? AND r.survey_code = ? AND r.excluded_at IS NULL""" + " AND " + ScoreLine.COUNTS_SQL + range(from, to);
        run(sql, parentId, surveyCode, from, to, handler);
    }

    interface KeyedRowHandler {
        /** {@code key}: the dimension's code (null when the dossier did not send it); {@code agency}: the counter's or officer's agency code. */
        void row(@Nullable String key, @Nullable String name, @Nullable String agency, long versionId, String scores);
    }

    /**
     * The score lines of the responses rated by code (those with a {@code response_dossier} row)
     * in the subtree of {@code agencyId}, narrowed by {@code filter}, each labelled with its value
     * of {@code by} and that value's registry name. Counters and officers are per agency: their
     * rows carry the agency code too.
     */
    void byDimension(long agencyId, String surveyCode, @Nullable LocalDate from, @Nullable LocalDate to, Dimension by,
                     DimensionFilter filter, KeyedRowHandler handler) {
        String label = switch (by) {
            case PROCEDURE -> "p.code, p.name, NULL FROM %s LEFT JOIN dossier_procedure p ON p.id = rd.procedure_id";
            case FIELD -> "p.field, p.field, NULL FROM %s LEFT JOIN dossier_procedure p ON p.id = rd.procedure_id";
            case COUNTER -> "d.code, d.name, g.code FROM %s LEFT JOIN dossier_counter d ON d.id = rd.counter_id"
                    + " LEFT JOIN agency g ON g.id = d.agency_id";
            case OFFICER -> "d.code, d.name, g.code FROM %s LEFT JOIN dossier_officer d ON d.id = rd.officer_id"
                    + " LEFT JOIN agency g ON g.id = d.agency_id";
            case CHANNEL -> "NULLIF(rd.channel, ''), NULL, NULL FROM %s";
        };
        DimensionFilter.Condition condition = filter.on("rd");
        String sql = "SELECT r.survey_version_id, r.scores, " + label.formatted(
                "agency_closure c JOIN response r ON r.agency_id = c.descendant_id JOIN response_dossier rd ON rd.response_id = r.id")
                + " WHERE c.ancestor_id = ? AND r.survey_code = ? AND r.excluded_at IS NULL AND " + ScoreLine.COUNTS_SQL
                + range(from, to) + condition.sql();
        List<Object> parameters = new ArrayList<>(List.of(agencyId, surveyCode));
        if (from != null) {
            parameters.add(from);
        }
        if (to != null) {
            parameters.add(to);
        }
        parameters.addAll(condition.parameters());
        database.read(status -> {
            try (PreparedStatement statement = status.getConnection().prepareStatement(sql)) {
                bind(statement, parameters);
                statement.setFetchSize(10_000);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        handler.row(rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(1), rs.getString(2));
                    }
                }
            }
            return null;
        });
    }

    /** Respondents per (version, question, option), and per (version, question) who answered it at all. */
    record ChoiceCounts(List<OptionCount> options, List<OptionCount> answered) {
    }

    /** {@code value} is the option code, or null in {@link ChoiceCounts#answered()}. */
    record OptionCount(long versionId, String question, @Nullable String value, long respondents) {
    }

    /**
     * Answer counts of the questions {@code codes} over the same scope as {@link #subtree}: how many
     * respondents picked each option, and how many answered each question. Grouped by version too,
     * so the caller can keep only versions in which the code is a choice question.
     */
    ChoiceCounts choices(long agencyId, String surveyCode, @Nullable LocalDate from, @Nullable LocalDate to, List<String> codes) {
        if (codes.isEmpty()) {
            return new ChoiceCounts(List.of(), List.of());
        }
        String scope = """
                FROM agency_closure c JOIN response r ON r.agency_id = c.descendant_id
                JOIN answer a ON a.response_id = r.id
                WHERE c.ancestor_id = ? AND r.survey_code = ? AND r.excluded_at IS NULL""" + " AND " + ScoreLine.COUNTS_SQL + range(from, to)
                + " AND a.question_code IN (" + String.join(", ", codes.stream().map(c -> "?").toList()) + ")";
        String options = "SELECT r.survey_version_id, a.question_code, a.value_text, COUNT(DISTINCT a.response_id) " + scope
                + " GROUP BY r.survey_version_id, a.question_code, a.value_text";
        String answered = "SELECT r.survey_version_id, a.question_code, COUNT(DISTINCT a.response_id) " + scope
                + " GROUP BY r.survey_version_id, a.question_code";
        List<Object> parameters = new ArrayList<>(List.of(agencyId, surveyCode));
        if (from != null) {
            parameters.add(from);
        }
        if (to != null) {
            parameters.add(to);
        }
        parameters.addAll(codes);
        return database.read(status -> {
            List<OptionCount> picked = new ArrayList<>();
            List<OptionCount> any = new ArrayList<>();
            try (PreparedStatement statement = status.getConnection().prepareStatement(options)) {
                bind(statement, parameters);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        picked.add(new OptionCount(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                    }
                }
            }
            try (PreparedStatement statement = status.getConnection().prepareStatement(answered)) {
                bind(statement, parameters);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        any.add(new OptionCount(rs.getLong(1), rs.getString(2), null, rs.getLong(3)));
                    }
                }
            }
            return new ChoiceCounts(picked, any);
        });
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws java.sql.SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }

    private static String range(@Nullable LocalDate from, @Nullable LocalDate to) {
        return (from == null ? "" : " AND r.submitted_date >= ?") + (to == null ? "" : " AND r.submitted_date <= ?");
    }

    private void run(String sql, long id, String surveyCode, @Nullable LocalDate from, @Nullable LocalDate to,
                     RowHandler handler) {
        database.read(status -> {
            try (PreparedStatement statement = status.getConnection().prepareStatement(sql)) {
                List<Object> parameters = new ArrayList<>(List.of(id, surveyCode));
                if (from != null) {
                    parameters.add(from);
                }
                if (to != null) {
                    parameters.add(to);
                }
                bind(statement, parameters);
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
