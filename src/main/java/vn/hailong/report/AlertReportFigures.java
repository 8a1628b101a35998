package vn.hailong.report;

import jakarta.inject.Singleton;
import vn.hailong.agency.Agency;
import vn.hailong.alert.ReportFigures;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** The alerts' view of {@link SatisfactionReports#report}: the same figures the dashboard shows. */
@Singleton
class AlertReportFigures implements ReportFigures {

    private final SatisfactionReports reports;

    AlertReportFigures(SatisfactionReports reports) {
        this.reports = reports;
    }

    @Override
    public Snapshot snapshot(Agency agency, String survey, LocalDate from, LocalDate to) {
        SatisfactionReport report = reports.report(agency, survey, from, to);
        Map<String, Measure> elements = new LinkedHashMap<>();
        Map<String, Measure> criteria = new LinkedHashMap<>();
        for (SatisfactionReport.ElementFigure element : report.elements()) {
            elements.put(element.code(), new Measure(element.index(), element.respondents()));
            for (SatisfactionReport.CriterionFigure criterion : element.criteria()) {
                criteria.put(criterion.code(), new Measure(criterion.index(), criterion.answers()));
            }
        }
        return new Snapshot(new Measure(report.index(), report.responses()), elements, criteria);
    }

    @Override
    public int minimumSample() {
        return reports.minimumSample();
    }
}
