package vn.hailong.report;

import io.micronaut.context.MessageSource;
import jakarta.inject.Singleton;
import vn.hailong.report.Dashboard.RankedAgency;
import vn.hailong.report.SatisfactionReport.ChoiceFigure;
import vn.hailong.report.SatisfactionReport.CriterionFigure;
import vn.hailong.report.SatisfactionReport.ElementFigure;
import vn.hailong.report.SatisfactionReport.OptionFigure;
import vn.hailong.report.SatisfactionReport.QuestionFigure;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.survey.Text;
import vn.hailong.system.Languages;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tables behind the exports, made from the same {@link Dashboard} as the page: the figures,
 * the ranking and the comments. Headings, row kinds, labels and yes/no are in the page's language
 * (never an internal code: questions and options are named by their wording, surveys by their
 * title); numbers are the API's (four decimals), not the page's two, so a spreadsheet can
 * recompute; dates are dates and times are local to the response's agency, its zone named.
 */
@Singleton
class ExportTables {

    /** The first column of the figures table: what a row is. */
    static final String INFO = "info";
    static final String OVERALL = "sipas";
    static final String ELEMENT = "element";
    static final String CRITERION = "criterion";
    static final String QUESTION = "question";
    static final String OPTION = "option";

    private final MessageSource messages;
    private final SurveyCatalog surveys;

    ExportTables(MessageSource messages, SurveyCatalog surveys) {
        this.messages = messages;
        this.surveys = surveys;
    }

    /** One table: info rows, the SIPAS index, each element followed by its criteria, the other scale questions, choice options. */
    ExportTable figures(Dashboard d, String lang) {
        Locale locale = Languages.toLocale(lang);
        List<String> headers = new ArrayList<>(Arrays.asList(
                m("export.kind", locale), m("report.code", locale), m("report.item", locale), "n",
                m("export.satisfied", locale), m("export.index", locale), m("export.ciLow", locale), m("export.ciHigh", locale),
                m("report.mean", locale), "1", "2", "3", "4", "5"));
        SatisfactionReport r = d.report();
        List<List<Object>> rows = new ArrayList<>();
        rows.add(info("agency", d.agency().code() + " · " + d.agency().name(lang), locale));
        rows.add(info("survey", surveyTitle(d.survey(), lang), locale));
        rows.add(info("period", d.period().label().equals("all") ? m("dash.period.all", locale) : d.period().label(), locale));
        rows.add(info("from", d.period().from(), locale));
        rows.add(info("to", d.period().to(), locale));
        rows.add(info("versions", String.join(", ", r.versions().stream().map(String::valueOf).toList()), locale));
        if (d.target() != null) {
            rows.add(info("dossiers", d.target().dossiers(), locale));
            rows.add(info("sampleTarget", d.target().respondents(), locale));
        }
        rows.add(info("minimumSampleReached", yesNo(r.sufficientSample(), locale), locale));
        rows.add(row(kind(OVERALL, locale), "SIPAS", m("report.index", locale), r.responses(), null, r.index(), r.ci95(), null, null));
        for (ElementFigure e : r.elements()) {
            rows.add(row(kind(ELEMENT, locale), e.code(), text(e.title(), lang), e.respondents(), null, e.index(), e.ci95(), null, null));
            for (CriterionFigure c : e.criteria()) {
                rows.add(row(kind(CRITERION, locale), c.code(), text(c.text(), lang), c.answers(), c.satisfied(), c.index(), c.ci95(), c.mean(), c.distribution()));
            }
        }
        for (QuestionFigure q : r.questions()) {
            rows.add(row(kind(QUESTION, locale), "", text(q.text(), lang), q.answers(), q.satisfied(), q.index(), q.ci95(), q.mean(), q.distribution()));
        }
        for (ChoiceFigure q : r.choices()) {
            for (OptionFigure o : q.options()) {
                // n = respondents who answered the question; index column = share of them who chose this option
                rows.add(row(kind(OPTION, locale), "", text(q.text(), lang) + " — " + text(o.label(), lang),
                        q.answered(), o.count(), o.share(), null, null, null));
            }
        }
        return new ExportTable(m("export.sheet.figures", locale), headers, rows);
    }

    ExportTable ranking(Dashboard d, String lang) {
        Locale locale = Languages.toLocale(lang);
        List<String> headers = List.of(m("dash.col.rank", locale), m("report.code", locale), m("report.agency", locale),
                m("report.responses", locale), m("export.dossiers", locale), m("dash.col.target", locale),
                m("export.index", locale), m("export.ciLow", locale), m("export.ciHigh", locale), m("dash.col.width", locale),
                m("export.sufficient", locale));
        List<List<Object>> rows = new ArrayList<>();
        List<RankedAgency> all = new ArrayList<>(d.ranked());
        all.addAll(d.unranked());
        for (RankedAgency x : all) {
            RankingRow row = x.row();
            rows.add(Arrays.asList(row.rank(), row.agency().code(), "en".equals(lang) ? row.agency().nameEn() : row.agency().nameVi(),
                    row.responses(), x.target() == null ? null : x.target().dossiers(), x.target() == null ? null : x.target().respondents(),
                    row.index(), row.ci95() == null ? null : row.ci95().get(0), row.ci95() == null ? null : row.ci95().get(1),
                    x.width() == null ? null : SatisfactionReports.round(x.width()), yesNo(row.sufficientSample(), locale)));
        }
        return new ExportTable(m("export.sheet.ranking", locale), headers, rows);
    }

    /** One row per value of the dimension; below the minimum sample the index and interval cells stay empty, as on the page. */
    ExportTable breakdown(Breakdown b, String lang) {
        Locale locale = Languages.toLocale(lang);
        List<String> headers = List.of(m("dash.breakdown.by", locale), m("report.code", locale), m("dash.breakdown.name", locale),
                m("report.agency", locale), m("report.responses", locale), m("export.index", locale), m("export.ciLow", locale),
                m("export.ciHigh", locale), m("export.sufficient", locale));
        String dimension = m("dash.dim." + b.by().value(), locale);
        List<List<Object>> rows = new ArrayList<>();
        for (BreakdownRow row : b.rows()) {
            rows.add(Arrays.asList(dimension, row.key(), row.name(), row.agency(), row.responses(), row.index(),
                    row.ci95() == null ? null : row.ci95().get(0), row.ci95() == null ? null : row.ci95().get(1),
                    yesNo(row.sufficientSample(), locale)));
        }
        return new ExportTable(m("export.sheet.breakdown", locale), headers, rows);
    }

    /** One row per period of a trend (the API's {@code /reports/trend} as a table). */
    ExportTable trend(List<TrendPoint> points, String lang) {
        Locale locale = Languages.toLocale(lang);
        List<String> headers = List.of(m("export.period", locale), m("export.from", locale), m("export.to", locale),
                m("report.responses", locale), m("export.index", locale), m("export.ciLow", locale), m("export.ciHigh", locale),
                m("export.sufficient", locale));
        List<List<Object>> rows = new ArrayList<>();
        for (TrendPoint p : points) {
            rows.add(Arrays.asList(p.period(), p.from().toString(), p.to().toString(), p.responses(), p.index(),
                    p.ci95() == null ? null : p.ci95().get(0), p.ci95() == null ? null : p.ci95().get(1),
                    yesNo(p.sufficientSample(), locale)));
        }
        return new ExportTable(m("export.sheet.trend", locale), headers, rows);
    }

    ExportTable comments(List<CommentsReport.Comment> comments, Map<String, String> agencyNames, String lang) {
        Locale locale = Languages.toLocale(lang);
        List<String> headers = List.of(m("export.date", locale), m("report.code", locale), m("report.agency", locale),
                m("comments.rating", locale), m("export.question", locale), m("export.comment", locale),
                m("report.survey", locale), m("export.submittedLocal", locale), m("export.timeZone", locale),
                m("export.responseId", locale));
        List<List<Object>> rows = new ArrayList<>();
        Map<String, String> titles = new java.util.HashMap<>();
        for (CommentsReport.Comment c : comments) {
            ZoneId zone = ZoneId.of(c.timeZone());
            rows.add(Arrays.asList(c.date(), c.agency(), agencyNames.getOrDefault(c.agency(), ""), c.rating(),
                    c.questionText().in(lang), c.text(), titles.computeIfAbsent(c.survey(), code -> surveyTitle(code, lang)),
                    Instant.parse(c.submittedAt()).atZone(zone).toLocalDateTime(), zone.getId(), c.responseId()));
        }
        return new ExportTable(m("export.sheet.comments", locale), headers, rows);
    }

    /** The survey's title (newest version) in the reader's language; the code only if the survey is unknown. */
    private String surveyTitle(String code, String lang) {
        return surveys.allVersions(code).stream().max(java.util.Comparator.comparingInt(Questionnaire::version))
                .map(Questionnaire::title).map(t -> t.in(lang)).orElse(code);
    }

    private String kind(String kind, Locale locale) {
        return m("export.kind." + kind, locale);
    }

    private String yesNo(boolean value, Locale locale) {
        return m(value ? "export.yes" : "export.no", locale);
    }

    /** An information row: its label in the first columns (never the internal name), its value in the third. */
    private List<Object> info(String what, Object value, Locale locale) {
        return Arrays.asList(kind(INFO, locale), m("export.info." + what, locale), value, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static List<Object> row(String kind, String code, String item, long n, Long satisfied, Double index,
                                    List<Double> ci, Double mean, Map<String, Long> distribution) {
        List<Object> row = new ArrayList<>(Arrays.asList(kind, code, item, n, satisfied, index,
                ci == null ? null : ci.get(0), ci == null ? null : ci.get(1), mean));
        for (int v = 1; v <= 5; v++) {
            row.add(distribution == null ? null : distribution.get(Integer.toString(v)));
        }
        return row;
    }

    private static String text(Text text, String lang) {
        return "en".equals(lang) ? text.en() : text.vi();
    }

    private String m(String key, Locale locale) {
        return messages.getMessage(key, locale).orElse(key);
    }
}
