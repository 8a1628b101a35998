package vn.hailong.report;

import io.micronaut.context.MessageSource;
import jakarta.inject.Singleton;
import vn.hailong.report.SatisfactionReport.ElementFigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static vn.hailong.report.ReportDocument.fmt;
import static vn.hailong.report.ReportDocument.interval;
import static vn.hailong.report.ReportDocument.signed;

/**
 * The text of the report document's labelled sections (cover, method, comparison tables), made
 * once for both the DOCX and the PDF so the two files say the same words and numbers.
 */
@Singleton
class ReportSections {

    /** A comparison with one earlier period: caption, column headings, and a row for the SIPAS index and each element. */
    public record ComparisonTable(String caption, List<String> headers, List<List<String>> rows) {
    }

    private final MessageSource messages;

    ReportSections(MessageSource messages) {
        this.messages = messages;
    }

    List<String[]> cover(ReportDocument doc, Locale locale) {
        ReportPeriod period = doc.dashboard().period();
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[]{m("doc.cover.agency", locale), doc.agencyName()});
        lines.add(new String[]{m("doc.cover.survey", locale), doc.text(doc.surveyTitle())});
        lines.add(new String[]{m("doc.cover.period", locale), withDates(doc, period, locale)});
        lines.add(new String[]{m("doc.cover.prepared", locale), doc.prepared().toString()});
        return lines;
    }

    List<String[]> method(ReportDocument doc, Locale locale) {
        Dashboard d = doc.dashboard();
        SatisfactionReport r = d.report();
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[]{m("doc.method.n", locale), Long.toString(r.responses())});
        lines.add(new String[]{m("doc.method.target", locale), d.target() == null ? m("doc.method.noTarget", locale)
                : m("doc.method.targetValue", locale, String.valueOf(d.target().respondents()), String.valueOf(d.target().dossiers()), String.valueOf(r.responses()))});
        lines.add(new String[]{m("doc.method.rate", locale), doc.served() == null ? m("doc.method.rateUnknown", locale)
                : m("doc.method.rateValue", locale, ReportDocument.percent((double) doc.served().rated() / doc.served().served()),
                String.valueOf(doc.served().rated()), String.valueOf(doc.served().served()))});
        lines.add(new String[]{m("doc.method.versions", locale), r.versions().isEmpty() ? "—"
                : r.versions().stream().map(String::valueOf).collect(Collectors.joining(", "))});
        lines.add(new String[]{m("doc.method.minimum", locale), m("doc.method.minimumValue", locale, String.valueOf(d.minimumSample()),
                m(r.sufficientSample() ? "doc.method.reached" : "doc.method.notReached", locale))});
        return lines;
    }

    List<ComparisonTable> comparison(ReportDocument doc, SatisfactionReport report, PeriodComparison comparison, Locale locale) {
        List<ComparisonTable> tables = new ArrayList<>();
        add(tables, doc, report, comparison.previous(), "dash.compare.previous", locale);
        add(tables, doc, report, comparison.yearEarlier(), "dash.compare.yearEarlier", locale);
        return tables;
    }

    private void add(List<ComparisonTable> tables, ReportDocument doc, SatisfactionReport report, PeriodComparison.Side side,
                     String captionKey, Locale locale) {
        if (side == null) {
            return;
        }
        String caption = m(captionKey, locale) + ": " + withDates(doc, side.period(), locale);
        List<String> headers = List.of(m("dash.compare.col.item", locale), m("dash.compare.col.now", locale),
                m("dash.compare.col.earlier", locale), m("dash.compare.col.delta", locale), m("dash.compare.col.deltaCi", locale),
                m("dash.compare.col.marker", locale));
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("SIPAS", report.index(), side.overall(), locale));
        for (ElementFigure e : report.elements()) {
            IndexChange change = side.element(e.code());
            if (change != null) {
                rows.add(row(e.code() + " " + e.title().in(doc.lang()), e.index(), change, locale));
            }
        }
        tables.add(new ComparisonTable(caption, headers, rows));
    }

    private List<String> row(String item, Double now, IndexChange change, Locale locale) {
        return List.of(item, fmt(now), fmt(change.earlier()) + " (n = " + change.earlierResponses() + ")", signed(change.delta()),
                interval(change.deltaCi95()), m("dash.compare.marker." + change.marker(), locale));
    }

    String weakest(ReportDocument doc) {
        return doc.dashboard().weakestCriteria().stream().map(c -> c.code() + " (" + fmt(c.index()) + ")")
                .collect(Collectors.joining(", "));
    }

    /** A calendar period with its dates ("2026-Q1 (2026-01-01 – 2026-03-31)"), custom dates alone, or "all time". */
    private String withDates(ReportDocument doc, ReportPeriod period, Locale locale) {
        return switch (period.kind()) {
            case ALL -> m("dash.period.all", locale);
            case CUSTOM -> period.shown();
            default -> period.label() + " (" + doc.periodDates(period) + ")";
        };
    }

    private String m(String key, Locale locale, Object... args) {
        return messages.getMessage(key, locale, args).orElse(key);
    }
}
