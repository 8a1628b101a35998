package vn.hailong.report;

import jakarta.inject.Singleton;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.dossier.ServedCounts;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.survey.Text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles a {@link ReportDocument} from what the dashboard shows ({@link Dashboards}), the
 * comparisons of the sub-agencies ({@link PeriodComparisons}), the served dossiers and the masked
 * comments ({@link CommentReports}): the same figures through the same code, nothing counted twice.
 */
@Singleton
class ReportDocuments {

    private final Dashboards dashboards;
    private final SatisfactionReports reports;
    private final PeriodComparisons comparisons;
    private final AgencyTree agencies;
    private final CommentReports comments;
    private final ServedCounts served;
    private final SurveyCatalog surveys;

    ReportDocuments(Dashboards dashboards, SatisfactionReports reports, PeriodComparisons comparisons, AgencyTree agencies,
                    CommentReports comments, ServedCounts served, SurveyCatalog surveys) {
        this.dashboards = dashboards;
        this.reports = reports;
        this.comparisons = comparisons;
        this.agencies = agencies;
        this.comments = comments;
        this.served = served;
        this.surveys = surveys;
    }

    ReportDocument build(Agency agency, DashboardQuery query, String lang, java.time.LocalDate today) {
        Dashboard d = dashboards.build(agency, query);
        ReportPeriod period = query.period();
        Map<String, Dashboard.RankedAgency> ranking = new HashMap<>();
        d.ranked().forEach(r -> ranking.put(r.row().agency().code(), r));
        d.unranked().forEach(r -> ranking.put(r.row().agency().code(), r));
        List<ReportDocument.Annex> annex = new ArrayList<>();
        for (Agency child : agencies.children(agency.id())) {
            Dashboard.RankedAgency place = ranking.get(child.code());
            annex.add(new ReportDocument.Annex(SatisfactionReports.ref(child),
                    reports.report(child, query.survey(), period.from(), period.to()),
                    place == null ? null : place.target(), comparisons.of(child, query.survey(), period),
                    place == null ? null : place.row().rank()));
        }
        ServedCounts.Counts counts = served.of(agency.id(), period.from(), period.to());
        CommentsReport selection = comments.comments(agency, CommentFilter.of(query.survey(), period.from(), period.to()),
                1, ReportDocument.COMMENTS);
        Text title = surveys.allVersions(query.survey()).stream().max(Comparator.comparingInt(Questionnaire::version))
                .map(Questionnaire::title).orElse(new Text(query.survey(), query.survey()));
        return new ReportDocument(d, title, lang, today, counts.served() == 0 ? null : counts, selection.comments(),
                selection.total(), annex, ChartImages.elements(Charts.elements(d.report().elements(), lang)),
                d.trend().isEmpty() ? null : ChartImages.trend(Charts.trend(d.trend())));
    }
}
