package vn.hailong.tally;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.ScoreLine;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.system.ReportDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The rollup counts of an agency subtree and date range made straight from the response and
 * answer rows (excluded responses left out), with {@link VersionTally#addResponse}, the one
 * counting step the rollups themselves are written with: what reports read while the rollups
 * are rebuilt, for a report layout the stored counts cannot map onto, and the reference the
 * tests compare the rollups with. Each response's choice answers come with its row, so one
 * statement (one consistent read) gives the whole tally.
 */
@Singleton
public class ResponseTallies {

    /** What the responses are summed by: {@code group} is the subtree root or the parent's child, {@code day} the submission day. */
    public interface Grouping<K> {
        K key(long group, LocalDate day);
    }

    /** Separators inside the choice column: item codes are [A-Za-z0-9._-], so control characters never clash. */
    private static final char PAIR = '\u001e';
    private static final char CODE = '\u001f';

    private final ReportDatabase database;
    private final SurveyCatalog surveys;
    private final Shapes shapes;

    ResponseTallies(ReportDatabase database, SurveyCatalog surveys, Shapes shapes) {
        this.database = database;
        this.surveys = surveys;
        this.shapes = shapes;
    }

    /** Every response of {@code surveyCode} in the subtree of {@code agencyId}; group = agencyId. */
    public <K> Map<K, RollupTally> subtree(long agencyId, String surveyCode, @Nullable LocalDate from, @Nullable LocalDate to,
                                           LongFunction<VersionShape> shapeOf, Grouping<K> grouping) {
        return read("c.ancestor_id", """
                FROM agency_closure c JOIN response r ON r.agency_id = c.descendant_id
                WHERE c.ancestor_id = ?""", agencyId, surveyCode, from, to, shapeOf, grouping);
    }

    /** Every response under each direct child of {@code parentId}; group = that child's id. */
    public <K> Map<K, RollupTally> children(long parentId, String surveyCode, @Nullable LocalDate from, @Nullable LocalDate to,
                                            LongFunction<VersionShape> shapeOf, Grouping<K> grouping) {
        return read("c.ancestor_id", """
                FROM agency ch JOIN agency_closure c ON c.ancestor_id = ch.id
                JOIN response r ON r.agency_id = c.descendant_id
                WHERE ch.parent_id = ?""", parentId, surveyCode, from, to, shapeOf, grouping);
    }

    private <K> Map<K, RollupTally> read(String group, String scope, long id, String surveyCode, @Nullable LocalDate from,
                                         @Nullable LocalDate to, LongFunction<VersionShape> shapeOf, Grouping<K> grouping) {
        List<String> codes = List.copyOf(choiceCodes(surveyCode));
        return database.read(status -> count(status.getConnection(), group, scope, id, surveyCode, from, to, codes, shapeOf, grouping));
    }

    /**
     * Counts the responses of {@code scope} (a FROM … WHERE with one id parameter, response as
     * {@code r}), of the survey and in [from, to], into one tally per key: the one statement both
     * the reports' row path and {@link RollupRebuild} count with.
     */
    static <K> Map<K, RollupTally> count(Connection connection, String group, String scope, long id, String surveyCode,
                                         @Nullable LocalDate from, @Nullable LocalDate to, List<String> choiceCodes,
                                         LongFunction<VersionShape> shapeOf, Grouping<K> grouping) throws SQLException {
        List<Object> parameters = new ArrayList<>(choiceCodes);
        parameters.add(id);
        parameters.add(surveyCode);
        StringBuilder sql = new StringBuilder("SELECT ").append(group).append(", r.survey_version_id, r.submitted_date, r.scores, ")
                .append(choiceColumn(choiceCodes)).append(' ').append(scope)
                .append(" AND r.survey_code = ? AND r.excluded_at IS NULL AND ").append(ScoreLine.COUNTS_SQL);
        if (from != null) {
            sql.append(" AND r.submitted_date >= ?");
            parameters.add(from);
        }
        if (to != null) {
            sql.append(" AND r.submitted_date <= ?");
            parameters.add(to);
        }
        Map<K, RollupTally> result = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            select.setFetchSize(10_000);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    K key = grouping.key(rs.getLong(1), rs.getObject(3, LocalDate.class));
                    result.computeIfAbsent(key, k -> new RollupTally(shapeOf)).forVersion(rs.getLong(2))
                            .addResponse(rs.getString(4), choices(rs.getString(5)), 1);
                }
            }
        }
        return result;
    }

    /** The choice and multi-choice question codes of every version of the survey. */
    Set<String> choiceCodes(String surveyCode) {
        Set<String> codes = new LinkedHashSet<>();
        for (Questionnaire version : surveys.allVersions(surveyCode)) {
            VersionShape shape = shapes.of(version.id());
            for (int q = 0; q < shape.choices(); q++) {
                codes.add(shape.choiceCode(q));
            }
        }
        return codes;
    }

    /** The response's answers to {@code codes}, code and option of each, in one column (null when none). */
    private static String choiceColumn(List<String> codes) {
        if (codes.isEmpty()) {
            return "NULL";
        }
        return "(SELECT GROUP_CONCAT(CONCAT(a.question_code, '" + CODE + "', a.value_text) SEPARATOR '" + PAIR + "')"
                + " FROM answer a WHERE a.response_id = r.id AND a.value_text IS NOT NULL AND a.question_code IN ("
                + String.join(", ", codes.stream().map(c -> "?").toList()) + "))";
    }

    /** Reads {@link #choiceColumn} back: question code → options picked. */
    private static Map<String, List<String>> choices(@Nullable String column) {
        if (column == null || column.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> answers = new HashMap<>();
        for (String pair : column.split(String.valueOf(PAIR))) {
            int at = pair.indexOf(CODE);
            if (at > 0) {
                answers.computeIfAbsent(pair.substring(0, at), c -> new ArrayList<>()).add(pair.substring(at + 1));
            }
        }
        return answers;
    }
}
