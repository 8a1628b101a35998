package vn.hailong.survey;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * One version of a questionnaire exactly as its template file describes it. Stored as JSON with
 * the version and served unchanged by the surveys API.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SurveyDefinition(
        String code,
        int version,
        Text title,
        @Nullable Text intro,
        List<Scale> scales,
        String indexScale,
        List<Element> elements,
        List<Question> questions) {

    /** An answer scale: ordered options, which of them count as "satisfied", and the no-answer label. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Scale(String code, List<ScaleOption> options, @Nullable Text noAnswer) {
    }

    @Serdeable
    public record ScaleOption(int value, Text label, boolean satisfied) {
    }

    /** A SIPAS element (E1...E5): the index is the mean of its criteria's indexes. */
    @Serdeable
    public record Element(String code, Text title, List<Criterion> criteria) {
    }

    /**
     * A criterion of the index, rated on a scale. {@code required} is null unless the template says
     * {@code required: true}, so that definitions stored before the key existed keep their exact JSON
     * (and checksum).
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Criterion(String code, Text text, String scale, @Nullable Boolean required) {

        /** Whether a response must give a valid answer to this criterion. */
        public boolean mustAnswer() {
            return Boolean.TRUE.equals(required);
        }
    }

    /** A question outside the index: overall satisfaction, priorities, profile, comment... */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Question(
            String code,
            QuestionType type,
            Text text,
            boolean required,
            @Nullable String section,
            @Nullable String scale,
            @Nullable List<ChoiceOption> options,
            @Nullable Integer maxChoices,
            @Nullable Integer maxLength,
            @Nullable RequiredWhen requiredWhen) {
    }

    /**
     * The question is required when the answer to {@code question} (a criterion, scale or choice
     * question of the same version) is one of {@code values}: scale values as integers, option
     * codes as strings.
     */
    @Serdeable
    public record RequiredWhen(String question, List<Object> values) {

        /** Whether {@code answer} (a scale value or an option code, as text) is one of the values. */
        public boolean matches(@Nullable String answer) {
            return answer != null && values.stream().anyMatch(v -> text(v).equals(answer));
        }

        /** A value as the answer's text: numbers read back from stored JSON may be Integer, Long or BigDecimal. */
        static String text(Object value) {
            if (value instanceof Number number && !(value instanceof Double) && !(value instanceof Float)) {
                return new java.math.BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
            }
            if (value instanceof Number number) {
                double d = number.doubleValue();
                return d == Math.rint(d) ? Long.toString((long) d) : number.toString();
            }
            return String.valueOf(value);
        }
    }

    @Serdeable
    public record ChoiceOption(String code, Text label) {
    }
}
