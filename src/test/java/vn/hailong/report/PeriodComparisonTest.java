package vn.hailong.report;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The earlier periods a report is compared with, and the interval of a change (docs/method.md §6.5), on hand-computed numbers. */
class PeriodComparisonTest {

    @Test
    void calendarPeriodsHaveTheirPreviousAndTheSamePeriodAYearEarlier() {
        ReportPeriod q1 = ReportPeriod.quarter(2026, 1);
        assertThat(q1.previous()).contains(ReportPeriod.quarter(2025, 4));
        assertThat(q1.yearEarlier()).contains(ReportPeriod.quarter(2025, 1));
        ReportPeriod march = ReportPeriod.month(YearMonth.of(2026, 3));
        assertThat(march.previous()).contains(ReportPeriod.month(YearMonth.of(2026, 2)));
        assertThat(march.yearEarlier()).contains(ReportPeriod.month(YearMonth.of(2025, 3)));
        ReportPeriod january = ReportPeriod.month(YearMonth.of(2026, 1));
        assertThat(january.previous()).contains(ReportPeriod.month(YearMonth.of(2025, 12)));
        assertThat(ReportPeriod.year(2026).previous()).contains(ReportPeriod.year(2025));
        assertThat(ReportPeriod.year(2026).yearEarlier()).contains(ReportPeriod.year(2025));
    }

    @Test
    void customDatesAreComparedWithAsManyDaysJustBeforeAndTheSameDatesAYearEarlier() {
        ReportPeriod tenDays = ReportPeriod.custom(LocalDate.of(2026, 3, 5), LocalDate.of(2026, 3, 14));
        ReportPeriod before = tenDays.previous().orElseThrow();
        assertThat(before.from()).isEqualTo(LocalDate.of(2026, 2, 23));
        assertThat(before.to()).isEqualTo(LocalDate.of(2026, 3, 4));
        assertThat(tenDays.yearEarlier().orElseThrow().from()).isEqualTo(LocalDate.of(2025, 3, 5));
        // longer than a year: the year-earlier range would overlap this one, so there is none
        ReportPeriod long_ = ReportPeriod.custom(LocalDate.of(2025, 1, 1), LocalDate.of(2026, 1, 1));
        assertThat(long_.yearEarlier()).isEmpty();
        assertThat(long_.previous()).isPresent();
    }

    @Test
    void allTimeOpenEndedDatesAndTheFirstYearHaveNothingToCompareWith() {
        assertThat(ReportPeriod.custom(null, null).previous()).isEmpty();
        assertThat(ReportPeriod.custom(LocalDate.of(2026, 1, 1), null).previous()).isEmpty();
        assertThat(ReportPeriod.custom(null, LocalDate.of(2026, 1, 1)).yearEarlier()).isEmpty();
        assertThat(ReportPeriod.quarter(2000, 1).previous()).isEmpty();
        assertThat(ReportPeriod.year(2000).yearEarlier()).isEmpty();
    }

    @Test
    void theIntervalOfAChangeAddsTheTwoVariances() {
        // Δ = 72 − 64 = 8; half-width = 1.96 · √(3² + 4²) = 1.96 · 5 = 9.8 → [−1.8, 17.8]: within noise
        IndexChange noise = IndexChange.between(new IndexEstimate(72.0, 3.0, 200, true), new IndexEstimate(64.0, 4.0, 150, true));
        assertThat(noise.delta()).isEqualTo(8.0);
        assertThat(noise.deltaCi95().get(0)).isCloseTo(-1.8, within(1e-9));
        assertThat(noise.deltaCi95().get(1)).isCloseTo(17.8, within(1e-9));
        assertThat(noise.beyondNoise()).isFalse();
        assertThat(noise.marker()).isEqualTo("noise");
        assertThat(noise.earlier()).isEqualTo(64.0);
        assertThat(noise.earlierResponses()).isEqualTo(150);

        // Δ = 60 − 70 = −10; half-width = 1.96 · √(1.5² + 2²) = 1.96 · 2.5 = 4.9 → [−14.9, −5.1]: down, beyond noise
        IndexChange down = IndexChange.between(new IndexEstimate(60.0, 1.5, 300, true), new IndexEstimate(70.0, 2.0, 300, true));
        assertThat(down.deltaCi95().get(0)).isCloseTo(-14.9, within(1e-9));
        assertThat(down.deltaCi95().get(1)).isCloseTo(-5.1, within(1e-9));
        assertThat(down.marker()).isEqualTo("down");

        // the same change is not called beyond noise when one period is below the minimum sample
        IndexChange small = IndexChange.between(new IndexEstimate(60.0, 1.5, 300, true), new IndexEstimate(70.0, 2.0, 20, false));
        assertThat(small.deltaCi95()).isEqualTo(down.deltaCi95());
        assertThat(small.marker()).isEqualTo("noise");
    }

    @Test
    void withoutAnIndexOrAStandardErrorThereIsNoChangeOrNoInterval() {
        IndexChange none = IndexChange.between(new IndexEstimate(70.0, 2.0, 40, true), new IndexEstimate(null, null, 0, false));
        assertThat(none.delta()).isNull();
        assertThat(none.deltaCi95()).isNull();
        assertThat(none.marker()).isEqualTo("none");
        IndexChange one = IndexChange.between(new IndexEstimate(70.0, 2.0, 40, true), new IndexEstimate(100.0, null, 1, false));
        assertThat(one.delta()).isEqualTo(-30.0);
        assertThat(one.deltaCi95()).isNull();
        assertThat(one.marker()).isEqualTo("noise");
    }
}
