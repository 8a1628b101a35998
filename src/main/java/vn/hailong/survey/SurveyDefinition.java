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

    /** A criterion of the index, rated on a scale. */
    @Serdeable
    public record Criterion(String code, Text text, String scale) {
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
            @Nullable Integer maxLength) {
    }

    @Serdeable
    public record ChoiceOption(String code, Text label) {
    }
}
