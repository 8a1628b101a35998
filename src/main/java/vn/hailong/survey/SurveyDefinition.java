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

        /** Whether the options carry points (then every option does: the parser checks it). */
        public boolean scored() {
            return !options.isEmpty() && options.stream().allMatch(o -> o.points() != null);
        }
    }

    /**
     * One option of a scale. {@code points} is null unless the template gives {@code points}: the
     * score an evaluation text assigns to this answer (e.g. TT 01/2018/TT-VPCP Điều 13), used by the
     * evaluation score report and never by the satisfaction index. Null keeps the JSON (and checksum)
     * of definitions stored before the key existed.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScaleOption(int value, Text label, boolean satisfied, @Nullable Integer points) {

        public ScaleOption(int value, Text label, boolean satisfied) {
            this(value, label, satisfied, null);
        }
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
    public record Criterion(String code, Text text, String scale, @Nullable Boolean required, @Nullable String fromDossier) {

        /**
         * {@code fromDossier: dueDate} (null otherwise): when a response carries a rating code whose
         * served dossier has a due and a return time and leaves this criterion unanswered, the answer
         * is the dossier's — its 3-option scale's lowest value when returned after the due date, the
         * middle one on the due date, the highest before it (TT 01/2018/TT-VPCP Điều 13 khoản 1).
         */
        public static final String DUE_DATE = "dueDate";

        public Criterion(String code, Text text, String scale, @Nullable Boolean required) {
            this(code, text, scale, required, null);
        }

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
