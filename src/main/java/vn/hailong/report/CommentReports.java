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
import vn.hailong.survey.Text;
import vn.hailong.system.Refusal;
import vn.hailong.system.Folding;
import vn.hailong.system.PersonalData;

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
import java.util.Set;
import java.util.TreeSet;

/**
 * Free-text comments: answers to the questions that are of type text in the response's own survey
 * version (the "which procedure" answers only when asked for), in an agency subtree and date range,
 * newest first, masked. No GROUP BY, so ONLY_FULL_GROUP_BY
 * has nothing to object to.
 */
@Singleton
class CommentReports {

    private static final String OVERALL = "overall";
    /**
     * The text question that asks which procedure the citizen came for (sipas-2017): its answers
     * are names of procedures, not opinions, so they are listed apart (question=procedure) and never
     * mixed into the comments.
     */
    static final String PROCEDURE = "procedure";

    private final ReportDatabase database;
    private final SurveyCatalog surveys;

    CommentReports(ReportDatabase database, SurveyCatalog surveys) {
        this.database = database;
        this.surveys = surveys;
    }

    CommentsReport comments(Agency agency, @Nullable String survey, @Nullable LocalDate from, @Nullable LocalDate to,
                            int page, int size) {
        return comments(agency, CommentFilter.of(survey, from, to), page, size);
    }

    /**
     * One page of the comments the filter asks for. Texts leave masked ({@link PersonalData}); the
     * words searched for are looked up in the masked text, so a search cannot find a hidden number.
     * The search and the rating band are applied here, not in SQL: the database's collation ignores
     * accents but not đ/d, and the rating is computed from the score line.
     */
    CommentsReport comments(Agency agency, CommentFilter filter, int page, int size) {
        String survey = filter.survey();
        List<Questionnaire> versions = survey == null ? surveys.all() : surveys.allVersions(survey);
        if (survey != null && versions.isEmpty()) {
            throw Refusal.notFound("survey", "survey.none", "No survey with code '" + survey + "'.", survey);
        }
        Map<Long, Questionnaire> byId = new LinkedHashMap<>();
        Map<Long, List<String>> textCodes = new LinkedHashMap<>();
        Set<String> allTextCodes = new TreeSet<>();
        for (Questionnaire version : versions) {
            byId.put(version.id(), version);
            List<String> every = textQuestions(version).stream().map(Question::code).toList();
            allTextCodes.addAll(every);
            List<String> codes = every.stream()
                    .filter(code -> filter.question() == null ? !PROCEDURE.equals(code) : filter.question().equals(code)).toList();
            if (!codes.isEmpty()) {
                textCodes.put(version.id(), codes);
            }
        }
        if (filter.question() != null && !allTextCodes.contains(filter.question())) {
            throw Refusal.malformed("question", "question.notText", "must be a text question of the survey: " + String.join(", ", allTextCodes),
                    String.join(", ", allTextCodes));
        }
        if (textCodes.isEmpty()) {
            return new CommentsReport(SatisfactionReports.ref(agency), filter.from(), filter.to(), page, size, 0, List.of());
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
        if (filter.from() != null) {
            scope.append(" AND r.submitted_date >= ?");
            parameters.add(filter.from());
        }
        if (filter.to() != null) {
            scope.append(" AND r.submitted_date <= ?");
            parameters.add(filter.to());
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
                + " r.survey_version_id, r.scores, g.time_zone " + scope
                + " ORDER BY r.submitted_at DESC, r.id DESC, a.question_code, a.ordinal";
        String words = filter.search() == null ? null : Folding.fold(filter.search());
        long offset = (long) (page - 1) * size;
        return database.read(status -> {
            Connection connection = status.getConnection();
            List<Comment> comments = new ArrayList<>();
            long total;
            if (filter.filtersInJava()) {
                total = 0;
                try (PreparedStatement statement = connection.prepareStatement(rows)) {
                    bind(statement, parameters);
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            Comment comment = comment(rs, byId);
                            if (filter.ratingMatches(comment.rating())
                                    && (words == null || Folding.fold(comment.text()).contains(words))) {
                                if (total >= offset && comments.size() < size) {
                                    comments.add(comment);
                                }
                                total++;
                            }
                        }
                    }
                }
            } else {
                try (PreparedStatement statement = connection.prepareStatement(count)) {
                    bind(statement, parameters);
                    try (ResultSet rs = statement.executeQuery()) {
                        rs.next();
                        total = rs.getLong(1);
                    }
                }
                if (offset < total) {
                    try (PreparedStatement statement = connection.prepareStatement(rows + " LIMIT ? OFFSET ?")) {
                        List<Object> paged = new ArrayList<>(parameters);
                        paged.add(size);
                        paged.add(offset);
                        bind(statement, paged);
                        try (ResultSet rs = statement.executeQuery()) {
                            while (rs.next()) {
                                comments.add(comment(rs, byId));
                            }
                        }
                    }
                }
            }
            return new CommentsReport(SatisfactionReports.ref(agency), filter.from(), filter.to(), page, size, total, comments);
        });
    }

    /** The text questions of a survey's versions, newest version's wording and order first: what the question picker offers. */
    List<Question> textQuestionsOf(@Nullable String survey) {
        List<Questionnaire> versions = new ArrayList<>(survey == null ? List.of() : surveys.allVersions(survey));
        versions.sort(java.util.Comparator.comparingInt(Questionnaire::version).reversed());
        Map<String, Question> byCode = new LinkedHashMap<>();
        versions.forEach(v -> textQuestions(v).forEach(q -> byCode.putIfAbsent(q.code(), q)));
        return List.copyOf(byCode.values());
    }

    /** The text questions of a version in its order. */
    static List<Question> textQuestions(Questionnaire version) {
        return version.definition().questions().stream().filter(q -> q.type() == QuestionType.TEXT).toList();
    }

    private static Comment comment(ResultSet rs, Map<Long, Questionnaire> byId) throws SQLException {
        LocalDateTime submitted = rs.getObject(6, LocalDateTime.class);
        Questionnaire version = byId.get(rs.getLong(8));
        String code = rs.getString(4);
        Question question = version == null ? null : version.questions().get(code);
        return new Comment(rs.getString(1), rs.getString(2), rs.getString(3), code,
                question == null ? new Text(code, code) : question.text(),
                PersonalData.mask(rs.getString(5)), submitted.toInstant(ZoneOffset.UTC).toString(),
                rs.getObject(7, LocalDate.class), rs.getString(10), rating(version, rs.getString(9)));
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
