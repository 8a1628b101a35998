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
 * Reads the score lines of the responses rated by code, each labelled with a dossier dimension
 * (procedure, field, counter, officer, channel), for {@link DimensionBreakdowns}: those
 * dimensions are not keys of the rollup rows. The subtree, child and choice counts of every other
 * report come from {@link TallySource}.
 */
@Singleton
class ResponseScan {

    private final ReportDatabase database;

    ResponseScan(ReportDatabase database) {
        this.database = database;
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

    private static void bind(PreparedStatement statement, List<Object> parameters) throws java.sql.SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }

    private static String range(@Nullable LocalDate from, @Nullable LocalDate to) {
        return (from == null ? "" : " AND r.submitted_date >= ?") + (to == null ? "" : " AND r.submitted_date <= ?");
    }
}
