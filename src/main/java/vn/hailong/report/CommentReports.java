package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.hailong.system.ReportDatabase;
import vn.hailong.agency.Agency;
import vn.hailong.report.CommentsReport.Comment;
import vn.hailong.survey.QuestionType;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.survey.SurveyDefinition.Question;
import vn.hailong.system.ApiProblemException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Free-text comments: answers to the questions that are of type text in the response's own survey
 * version, in an agency subtree and date range, newest first. No GROUP BY, so ONLY_FULL_GROUP_BY
 * has nothing to object to.
 */
@Singleton
class CommentReports {

    private static final String OVERALL = "overall";

    private final ReportDatabase database;
    private final SurveyCatalog surveys;

    CommentReports(ReportDatabase database, SurveyCatalog surveys) {
        this.database = database;
        this.surveys = surveys;
    }

    CommentsReport comments(Agency agency, @Nullable String survey, @Nullable LocalDate from, @Nullable LocalDate to,
                            int page, int size) {
        return comments(agency, survey, from, to, null, page, size);
    }

    /**
     * As above, keeping only comments that contain {@code search} (with the column's collation:
     * on MySQL/MariaDB case- and accent-insensitive, so "tot" finds "tốt").
     */
    CommentsReport comments(Agency agency, @Nullable String survey, @Nullable LocalDate from, @Nullable LocalDate to,
                            @Nullable String search, int page, int size) {
        List<Questionnaire> versions = survey == null ? surveys.all() : surveys.allVersions(survey);
        if (survey != null && versions.isEmpty()) {
            throw ApiProblemException.notFound("survey", "No survey with code '" + survey + "'.");
        }
        Map<Long, Questionnaire> byId = new LinkedHashMap<>();
        Map<Long, List<String>> textCodes = new LinkedHashMap<>();
        for (Questionnaire version : versions) {
            byId.put(version.id(), version);
            List<String> codes = version.definition().questions().stream()
                    .filter(q -> q.type() == QuestionType.TEXT).map(Question::code).toList();
            if (!codes.isEmpty()) {
                textCodes.put(version.id(), codes);
            }
        }
        if (textCodes.isEmpty()) {
            return new CommentsReport(SatisfactionReports.ref(agency), from, to, page, size, 0, List.of());
        }

        StringBuilder scope = new StringBuilder("""
                 FROM agency_closure c JOIN response r ON r.agency_id = c.descendant_id
                 JOIN agency g ON g.id = r.agency_id
                 JOIN answer a ON a.response_id = r.id
                 WHERE c.ancestor_id = ? AND a.value_text IS NOT NULL AND a.value_text <> ''""");
        List<Object> parameters = new ArrayList<>();
        parameters.add(agency.id());
        if (survey != null) {
            scope.append(" AND r.survey_code = ?");
            parameters.add(survey);
        }
        if (from != null) {
            scope.append(" AND r.submitted_date >= ?");
            parameters.add(from);
        }
        if (to != null) {
            scope.append(" AND r.submitted_date <= ?");
            parameters.add(to);
        }
        if (search != null && !search.isBlank()) {
            scope.append(" AND a.value_text LIKE ? ESCAPE '!'");
            parameters.add("%" + search.strip().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        List<String> perVersion = new ArrayList<>();
        textCodes.forEach((versionId, codes) -> {
            perVersion.add("(r.survey_version_id = ? AND a.question_code IN ("
                    + String.join(", ", codes.stream().map(c -> "?").toList()) + "))");
            parameters.add(versionId);
            parameters.addAll(codes);
        });
        scope.append(" AND (").append(String.join(" OR ", perVersion)).append(")");

        String count = "SELECT COUNT(*) " + scope;
        String rows = "SELECT r.id, g.code, r.survey_code, a.question_code, a.value_text, r.submitted_at, r.submitted_date,"
                + " r.survey_version_id, r.scores " + scope
                + " ORDER BY r.submitted_at DESC, r.id DESC, a.question_code, a.ordinal LIMIT ? OFFSET ?";
        return database.read(status -> {
            Connection connection = status.getConnection();
            long total;
            try (PreparedStatement statement = connection.prepareStatement(count)) {
                bind(statement, parameters);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Comment> comments = new ArrayList<>();
            long offset = (long) (page - 1) * size;
            if (offset < total) {
                try (PreparedStatement statement = connection.prepareStatement(rows)) {
                    List<Object> paged = new ArrayList<>(parameters);
                    paged.add(size);
                    paged.add(offset);
                    bind(statement, paged);
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            LocalDateTime submitted = rs.getObject(6, LocalDateTime.class);
                            comments.add(new Comment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5), submitted.toInstant(ZoneOffset.UTC).toString(),
                                    rs.getObject(7, LocalDate.class), rating(byId.get(rs.getLong(8)), rs.getString(9))));
                        }
                    }
                }
            }
            return new CommentsReport(SatisfactionReports.ref(agency), from, to, page, size, total, comments);
        });
    }

    /** The overall answer if given, else the mean of the answered criteria to one decimal, else null. */
    static @Nullable Double rating(@Nullable Questionnaire version, @Nullable String scores) {
        if (version == null || scores == null) {
            return null;
        }
        Question overall = version.questions().get(OVERALL);
        if (overall != null && overall.type() == QuestionType.SCALE) {
            int value = digit(scores, version.scorePosition(OVERALL));
            if (value > 0) {
                return (double) value;
            }
        }
        int sum = 0;
        int answered = 0;
        for (String criterion : version.criteria().keySet()) {
            int value = digit(scores, version.scorePosition(criterion));
            if (value > 0) {
                sum += value;
                answered++;
            }
        }
        return answered == 0 ? null : Math.round(10.0 * sum / answered) / 10.0;
    }

    private static int digit(String scores, int position) {
        if (position >= scores.length()) {
            return 0;
        }
        char c = scores.charAt(position);
        return c >= '1' && c <= '9' ? c - '0' : 0;
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }
}
