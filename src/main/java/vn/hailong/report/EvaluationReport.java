package vn.hailong.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import vn.hailong.report.SatisfactionReport.AgencyRef;

import java.time.LocalDate;
import java.util.List;

/**
 * The evaluation scores of a survey whose answers carry points (issue 15 §2; the template's
 * {@code points}, for legal-evaluation those of TT 01/2018/TT-VPCP Điều 13): per criterion the
 * dossiers at each point level and the mean points, and the mean dossier score. No grade: the
 * cited texts give none that could be found (docs/method.md §12). Nulls are written.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EvaluationReport(
        AgencyRef agency,
        String survey,
        List<Integer> versions,
        @Nullable LocalDate from,
        @Nullable LocalDate to,
        @Schema(description = "Responses (evaluated dossiers) counted")
        long responses,
        boolean sufficientSample,
        @Schema(description = "The most a dossier can score: the sum of the criteria's highest points")
        int maxScore,
        @Schema(description = "Mean dossier score = the sum of the criteria's mean points, given only when every counted response "
                + "answered every scored criterion (then it equals the mean of the dossiers' own scores); null otherwise")
        @Nullable Double meanScore,
        List<CriterionScore> criteria) {

    /** A scored criterion: {@code meanPoints} = Σ points × dossiers / answers. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CriterionScore(String code, String text, long answers, int maxPoints, @Nullable Double meanPoints,
                                 List<Level> levels) {
    }

    /** One answer of the criterion's scale, its points, and how many dossiers got it ({@code share} of the answers, %). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Level(int value, String label, int points, long count, @Nullable Double share) {
    }
}
