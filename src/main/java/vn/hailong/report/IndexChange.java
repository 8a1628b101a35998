package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * How an index moved from an earlier period to the reported one (docs/method.md §6.5): the earlier
 * index, the difference in points and the 95 % interval of the difference,
 * Δ ± 1.96·√(se_now² + se_then²) — the two periods hold different responses, so their estimates
 * are independent and the variances add. The change is <em>beyond noise</em> when that interval
 * leaves out 0 and both periods reach the minimum sample (§7); otherwise it may be noise.
 */
public record IndexChange(@Nullable Double earlier, long earlierResponses, @Nullable Double delta,
                          @Nullable List<Double> deltaCi95, boolean beyondNoise) {

    static IndexChange between(IndexEstimate now, IndexEstimate then) {
        Double delta = now.index() == null || then.index() == null ? null : now.index() - then.index();
        List<Double> interval = null;
        if (delta != null && now.se() != null && then.se() != null) {
            double half = SatisfactionCalculator.Z * Math.sqrt(now.se() * now.se() + then.se() * then.se());
            interval = List.of(SatisfactionReports.round(delta - half), SatisfactionReports.round(delta + half));
        }
        boolean beyond = interval != null && now.sufficientSample() && then.sufficientSample()
                && (interval.get(0) > 0 || interval.get(1) < 0);
        return new IndexChange(SatisfactionReports.round(then.index()), then.responses(), SatisfactionReports.round(delta),
                interval, beyond);
    }

    /** What the pages mark the change with: {@code up} or {@code down} beyond noise, {@code noise}, or {@code none} without a difference. */
    public String marker() {
        if (delta == null) {
            return "none";
        }
        if (!beyondNoise) {
            return "noise";
        }
        return delta > 0 ? "up" : "down";
    }
}
