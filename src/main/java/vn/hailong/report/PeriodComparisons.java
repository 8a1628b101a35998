package vn.hailong.report;

import jakarta.inject.Singleton;
import vn.hailong.agency.Agency;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Computes a {@link PeriodComparison} from the same tallies and formulas as every report (no second counting path). */
@Singleton
class PeriodComparisons {

    private final SatisfactionReports reports;

    PeriodComparisons(SatisfactionReports reports) {
        this.reports = reports;
    }

    PeriodComparison of(Agency agency, String survey, ReportPeriod period) {
        Optional<ReportPeriod> previous = period.previous();
        Optional<ReportPeriod> yearEarlier = period.yearEarlier();
        if (previous.isEmpty() && yearEarlier.isEmpty()) {
            return PeriodComparison.NONE;
        }
        IndexEstimate.Group now = reports.estimates(agency, survey, period.from(), period.to());
        return new PeriodComparison(previous.map(p -> side(agency, survey, p, now)).orElse(null),
                yearEarlier.map(p -> side(agency, survey, p, now)).orElse(null));
    }

    private PeriodComparison.Side side(Agency agency, String survey, ReportPeriod earlier, IndexEstimate.Group now) {
        IndexEstimate.Group then = reports.estimates(agency, survey, earlier.from(), earlier.to());
        Map<String, IndexChange> elements = new LinkedHashMap<>();
        now.elements().forEach((code, estimate) -> elements.put(code, IndexChange.between(estimate, then.elements().get(code))));
        return new PeriodComparison.Side(earlier, IndexChange.between(now.overall(), then.overall()), elements);
    }
}
