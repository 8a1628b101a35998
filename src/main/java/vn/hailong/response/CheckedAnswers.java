package vn.hailong.response;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * Answers that passed the survey version's rules, as rows to store, plus the response's score
 * line (see {@link vn.hailong.survey.Questionnaire}) and a canonical text used to tell a replay
 * from a different submission with the same id.
 */
record CheckedAnswers(List<Row> rows, String scores, String canonical) {

    record Row(String questionCode, int ordinal, @Nullable Integer valueInt, @Nullable String valueText) {
    }
}
