package vn.hailong.alert;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.hailong.survey.QuestionType;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.survey.SurveyDefinition;
import vn.hailong.survey.Text;
import vn.hailong.system.PersonalData;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The responses linked to a case as the case page shows them, newest first: when and where, and of
 * their answers the ones worth a reviewer's look — scale answers at the lowest level, the reasons
 * chosen and the comments written — worded in the reader's language from the response's own
 * questionnaire version; profile answers (gender, age band...) are left out. Comments are shown as
 * written: no masking helper exists yet (docs/alerts.md).
 */
@Singleton
class LinkedResponses {

    /** One answer line: the question and what was answered. */
    public record Line(String question, String answer) {
    }

    /** One linked response. */
    public record Shown(String id, String agencyCode, String submitted, String zone, String submittedIso, String channel,
                        List<Line> lines) {
    }

    private final SurveyCatalog surveys;

    LinkedResponses(SurveyCatalog surveys) {
        this.surveys = surveys;
    }

    List<Shown> of(Connection connection, long caseId, String language, int limit) throws SQLException {
        record Row(String id, String agency, ZoneId zone, LocalDateTime submittedUtc, String channel, long versionId) {
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT r.id, g.code, g.time_zone, r.submitted_at, r.channel, r.survey_version_id
                FROM alert_case_response l JOIN response r ON r.id = l.response_id JOIN agency g ON g.id = r.agency_id
                WHERE l.case_id = ? ORDER BY r.submitted_at DESC, r.id LIMIT ?""")) {
            select.setLong(1, caseId);
            select.setInt(2, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getString(2), ZoneId.of(rs.getString(3)),
                            rs.getObject(4, LocalDateTime.class), rs.getString(5), rs.getLong(6)));
                }
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<String[]>> answers = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT response_id, question_code, value_int, value_text FROM answer"
                + " WHERE response_id IN (" + String.join(", ", rows.stream().map(r -> "?").toList()) + ")"
                + " ORDER BY response_id, question_code, ordinal")) {
            for (int i = 0; i < rows.size(); i++) {
                select.setString(i + 1, rows.get(i).id());
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    int value = rs.getInt(3);
                    String valueInt = rs.wasNull() ? null : String.valueOf(value);
                    answers.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new String[] {rs.getString(2), valueInt, rs.getString(4)});
                }
            }
        }
        List<Shown> shown = new ArrayList<>();
        for (Row row : rows) {
            Optional<Questionnaire> questionnaire = surveys.byId(row.versionId());
            List<Line> lines = new ArrayList<>();
            for (String[] answer : answers.getOrDefault(row.id(), List.of())) {
                Line line = questionnaire.map(q -> line(q, answer[0], answer[1], answer[2], language)).orElse(null);
                if (line != null) {
                    lines.add(line);
                }
            }
            var at = row.submittedUtc().toInstant(ZoneOffset.UTC);
            shown.add(new Shown(row.id(), row.agency(), CaseRow.WHEN.format(at.atZone(row.zone())), row.zone().getId(),
                    at.toString(), row.channel(), lines));
        }
        return shown;
    }

    /** The answer as a line, or null when it is not one the page shows. */
    private static @Nullable Line line(Questionnaire q, String code, @Nullable String valueInt, @Nullable String valueText,
                                       String language) {
        Text question = q.isCriterion(code) ? q.criteria().get(code).text()
                : q.questions().containsKey(code) ? q.questions().get(code).text() : null;
        if (question == null) {
            return null;
        }
        if (valueInt != null) {
            int value = Integer.parseInt(valueInt);
            Optional<SurveyDefinition.Scale> scale = q.scaleOf(code);
            if (scale.isEmpty()) {
                return null;
            }
            int lowest = scale.get().options().stream().mapToInt(SurveyDefinition.ScaleOption::value).min().orElse(Integer.MIN_VALUE);
            if (value != lowest) {
                return null;
            }
            String label = scale.get().options().stream().filter(o -> o.value() == value).findFirst()
                    .map(o -> o.label().in(language)).orElse("");
            return new Line(question.in(language), label + " (" + value + ")");
        }
        if (valueText == null || valueText.isBlank()) {
            return null;
        }
        SurveyDefinition.Question asked = q.questions().get(code);
        if (asked == null) {
            return null;
        }
        if (asked.type() == QuestionType.TEXT) {
            // personal data a citizen typed (phone, e-mail, ID number) is masked wherever a reviewer reads it
            return new Line(question.in(language), PersonalData.mask(valueText));
        }
        // who the citizen is (gender, age band...) is not needed to follow a case up: profile answers stay out
        if ("profile".equals(asked.section())) {
            return null;
        }
        if ((asked.type() == QuestionType.CHOICE || asked.type() == QuestionType.MULTI_CHOICE) && asked.options() != null) {
            String label = asked.options().stream().filter(o -> o.code().equals(valueText)).findFirst()
                    .map(o -> o.label().in(language)).orElse(valueText);
            return new Line(question.in(language), label);
        }
        return null;
    }
}
