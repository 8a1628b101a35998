package vn.hailong.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import vn.hailong.report.SatisfactionReport.AgencyRef;

import java.time.LocalDate;
import java.util.List;

/**
 * The one-stop rating report (issue 13 §5; NĐ 61/2018, TT 01/2018/TT-VPCP): the share of each of
 * the three levels, the share not satisfied, the reasons as shares of the not-satisfied ratings,
 * per day and per counter. Shares are percentages with Wilson 95 % intervals (docs/method.md §5);
 * labels are in the reader's language. Nulls are written (a figure that does not exist is null, not missing).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record OneStopReport(
        AgencyRef agency,
        String survey,
        @Nullable LocalDate from,
        @Nullable LocalDate to,
        Filters filters,
        long responses,
        boolean sufficientSample,
        List<Level> levels,
        Share notSatisfied,
        List<Reason> reasons,
        List<Day> byDay,
        List<Counter> byCounter) {

    /** The dimension filters applied (null: not filtered). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Filters(@Nullable String procedure, @Nullable String field, @Nullable String counter,
                          @Nullable String officer, @Nullable String channel) {
    }

    /** One rating level: {@code share} = 100 · count / responses. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Level(int value, String label, boolean satisfied, long count, @Nullable Double share,
                        @Nullable List<Double> ci95) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Share(long count, @Nullable Double share, @Nullable List<Double> ci95) {
    }

    /** A reason for "not satisfied": {@code share} = 100 · count / not-satisfied ratings. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Reason(String code, String label, long count, @Nullable Double share) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Day(LocalDate date, long responses, long notSatisfied, @Nullable Double notSatisfiedShare) {
    }

    /**
     * The ratings of one counter (of one agency: counter codes are per agency). {@code counter} is
     * null for the ratings that carry no counter (no rating code, or a dossier sent without one).
     * Below the minimum sample the share and its interval are null (never shown, never ranked).
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Counter(@Nullable String agency, @Nullable String counter, @Nullable String name, long responses,
                          long notSatisfied, @Nullable Double notSatisfiedShare, @Nullable List<Double> ci95,
                          boolean sufficientSample) {
    }
}
