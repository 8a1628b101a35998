package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import vn.hailong.agency.Agency;
import vn.hailong.dossier.ServedCounts;
import vn.hailong.report.SatisfactionReport.AgencyRef;
import vn.hailong.survey.Text;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * Everything the report document holds (issue 15 §1), for one agency, survey and period: the
 * dashboard's own figures ({@link Dashboard}: report, ranking, trend, priorities, comparison), the
 * response rate from the dossier system when it sends served dossiers, a selection of comments
 * (masked), the two charts as PNG (no trend chart without any response), and an annex page per sub-agency. The DOCX ({@link ReportDocx})
 * and the PDF ({@link ReportPdf}) are both written from it, and format numbers through it, so they
 * cannot disagree with each other or with the page.
 */
public record ReportDocument(Dashboard dashboard, Text surveyTitle, String lang, LocalDate prepared,
                      @Nullable ServedCounts.Counts served, List<CommentsReport.Comment> comments, long commentTotal,
                      List<Annex> annex, byte[] elementChart, @Nullable byte[] trendChart) {

    /** The comments shown: the newest this many of the period (the count of all is stated beside them). */
    static final int COMMENTS = 20;

    /** One sub-agency's page: its own figures and comparison, and its place in the ranking (null: not ranked). */
    public record Annex(AgencyRef agency, SatisfactionReport report, @Nullable SampleTargets.Target target,
                 PeriodComparison comparison, @Nullable Integer rank) {
    }

    public Agency agency() {
        return dashboard.agency();
    }

    public String agencyName() {
        return dashboard.agency().code() + " · " + dashboard.agency().name(lang);
    }

    public String name(AgencyRef ref) {
        return ref.code() + " · " + ("en".equals(lang) ? ref.nameEn() : ref.nameVi());
    }

    public String text(@Nullable Text text) {
        return text == null ? "" : text.in(lang);
    }

    /** The period as the page names it: its label (or "all time"), with its dates. */
    public String periodDates(ReportPeriod period) {
        if (period.from() == null && period.to() == null) {
            return "";
        }
        return (period.from() == null ? "…" : period.from().toString()) + " – " + (period.to() == null ? "…" : period.to().toString());
    }

    /** {@link #fmt} for the print template. */
    public String number(@Nullable Double value) {
        return fmt(value);
    }

    /** {@link #interval} for the print template. */
    public String range(@Nullable List<Double> ci) {
        return interval(ci);
    }

    /** Two decimals with a decimal point, as on the page; a dash for no figure. */
    static String fmt(@Nullable Double value) {
        return value == null ? "—" : String.format(Locale.ROOT, "%.2f", value);
    }

    /** A change in points with its sign (+1.25, -0.40). */
    static String signed(@Nullable Double value) {
        return value == null ? "—" : String.format(Locale.ROOT, "%+.2f", value);
    }

    static String interval(@Nullable List<Double> ci) {
        return ci == null ? "—" : fmt(ci.get(0)) + " – " + fmt(ci.get(1));
    }

    /** A response rate (a share 0..1) as a percentage with one decimal. */
    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f", 100 * share);
    }
}
