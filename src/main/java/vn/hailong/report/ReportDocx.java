package vn.hailong.report;

import io.micronaut.context.MessageSource;
import jakarta.inject.Singleton;
import org.apache.poi.util.Units;
import org.apache.poi.xwpf.usermodel.BreakType;
import org.apache.poi.xwpf.usermodel.Document;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import vn.hailong.report.Dashboard.Priority;
import vn.hailong.report.Dashboard.RankedAgency;
import vn.hailong.report.SatisfactionReport.CriterionFigure;
import vn.hailong.report.SatisfactionReport.ElementFigure;
import vn.hailong.system.Languages;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static vn.hailong.report.ReportDocument.fmt;
import static vn.hailong.report.ReportDocument.interval;

/**
 * The report document as a Word file (Apache POI XWPF): the same sections and figures as the PDF
 * ({@link ReportPdf}), in the reader's language. Headings are set as outline levels so Word's
 * navigation pane and table of contents find them.
 */
@Singleton
class ReportDocx {

    private static final String FONT = "Arial";
    /** Charts are printed 16 cm wide. */
    private static final double CHART_WIDTH_CM = 16;

    private final MessageSource messages;
    private final ReportSections sections;

    ReportDocx(MessageSource messages, ReportSections sections) {
        this.messages = messages;
        this.sections = sections;
    }

    byte[] write(ReportDocument doc) {
        Locale locale = Languages.toLocale(doc.lang());
        try (XWPFDocument word = new XWPFDocument(); ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            word.getProperties().getCoreProperties().setTitle(m("doc.title", locale) + " · " + doc.agencyName() + " · "
                    + doc.dashboard().period().shown());
            word.getProperties().getCoreProperties().setCreator("Hailong");
            Writer w = new Writer(word, locale);
            cover(w, doc);
            method(w, doc);
            index(w, doc);
            elements(w, doc.dashboard().report());
            charts(w, doc);
            ranking(w, doc);
            priorities(w, doc);
            comments(w, doc);
            annex(w, doc);
            word.write(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void cover(Writer w, ReportDocument doc) {
        XWPFParagraph title = w.word.createParagraph();
        title.setSpacingBefore(2400);
        w.run(title, m("doc.title", w.locale), true, 22);
        for (String[] line : sections.cover(doc, w.locale)) {
            XWPFParagraph p = w.word.createParagraph();
            w.run(p, line[0] + ": ", true, 12);
            w.run(p, line[1], false, 12);
        }
        w.paragraph(m("doc.cover.note", w.locale));
        w.pageBreak();
    }

    private void method(Writer w, ReportDocument doc) {
        w.heading(m("doc.method", w.locale), 1);
        XWPFTable table = w.table(null);
        for (String[] line : sections.method(doc, w.locale)) {
            w.row(table, false, line[0], line[1]);
        }
        w.paragraph(m("doc.method.formulas", w.locale));
    }

    private void index(Writer w, ReportDocument doc) {
        w.heading(m("doc.index", w.locale), 1);
        SatisfactionReport r = doc.dashboard().report();
        w.paragraph(m("doc.index.value", w.locale, fmt(r.index()), interval(r.ci95()), String.valueOf(r.responses())));
        comparison(w, doc, doc.dashboard().report(), doc.dashboard().comparison());
    }

    /** One table per earlier period: the SIPAS index and each element, now and then, Δ, its interval and the reading. */
    private void comparison(Writer w, ReportDocument doc, SatisfactionReport report, PeriodComparison comparison) {
        List<ReportSections.ComparisonTable> tables = sections.comparison(doc, report, comparison, w.locale);
        if (tables.isEmpty()) {
            w.paragraph(m("dash.compare.none", w.locale));
            return;
        }
        for (ReportSections.ComparisonTable t : tables) {
            XWPFParagraph caption = w.word.createParagraph();
            w.run(caption, t.caption(), true, 11);
            XWPFTable table = w.table(t.headers());
            for (List<String> row : t.rows()) {
                w.row(table, false, row.toArray(String[]::new));
            }
        }
        w.paragraph(m("dash.compare.note", w.locale));
    }

    private void elements(Writer w, SatisfactionReport r) {
        w.heading(m("doc.elements", w.locale), 1);
        XWPFTable table = w.table(List.of(m("report.code", w.locale), m("report.item", w.locale), m("report.answers", w.locale),
                m("report.indexShort", w.locale), m("report.ci", w.locale), m("report.mean", w.locale)));
        for (ElementFigure e : r.elements()) {
            w.row(table, true, e.code(), e.title().in(langOf(w)), Long.toString(e.respondents()), fmt(e.index()), interval(e.ci95()), "");
            for (CriterionFigure c : e.criteria()) {
                w.row(table, false, c.code(), c.text().in(langOf(w)), Long.toString(c.answers()), fmt(c.index()), interval(c.ci95()),
                        fmt(c.mean()));
            }
        }
    }

    private void charts(Writer w, ReportDocument doc) {
        w.heading(m("doc.charts", w.locale), 1);
        w.heading(m("dash.elements", w.locale), 2);
        w.picture(doc.elementChart(), "elements.png");
        w.paragraph(m("dash.elements.chart", w.locale));
        w.heading(m("dash.trend", w.locale), 2);
        if (doc.trendChart() == null) {
            w.paragraph(m("dash.noData", w.locale));
        } else {
            w.picture(doc.trendChart(), "trend.png");
            w.paragraph(m("dash.trend.note", w.locale));
        }
    }

    private void ranking(Writer w, ReportDocument doc) {
        w.heading(m("doc.ranking", w.locale), 1);
        Dashboard d = doc.dashboard();
        if (d.ranked().isEmpty() && d.unranked().isEmpty()) {
            w.paragraph(m("doc.ranking.none", w.locale));
            return;
        }
        XWPFTable table = w.table(List.of(m("dash.col.rank", w.locale), m("dash.col.name", w.locale), m("dash.col.responses", w.locale),
                m("dash.col.target", w.locale), m("dash.col.index", w.locale), m("report.ci", w.locale)));
        List<RankedAgency> all = new ArrayList<>(d.ranked());
        all.addAll(d.unranked());
        for (RankedAgency x : all) {
            RankingRow row = x.row();
            w.row(table, false, row.rank() == null ? "—" : row.rank().toString(),
                    doc.name(row.agency()) + (row.rank() == null ? " (" + m("report.insufficientShort", w.locale) + ")" : ""),
                    Long.toString(row.responses()), x.target() == null ? "—" : Long.toString(x.target().respondents()),
                    fmt(row.index()), interval(row.ci95()));
        }
    }

    private void priorities(Writer w, ReportDocument doc) {
        w.heading(m("doc.priorities", w.locale), 1);
        w.paragraph(m("dash.priorities.note", w.locale));
        XWPFTable table = w.table(List.of(m("dash.priority", w.locale), m("report.item", w.locale), m("report.indexShort", w.locale),
                m("report.ci", w.locale), m("dash.asked", w.locale)));
        for (Priority p : doc.dashboard().priorities()) {
            w.row(table, false, p.order() == 0 ? "—" : Integer.toString(p.order()), p.code() + " " + p.title().in(doc.lang()),
                    fmt(p.index()), interval(p.ci95()), p.askedShare() == null ? "—" : fmt(p.askedShare()) + " (" + p.asked() + ")");
        }
        if (!doc.dashboard().weakestCriteria().isEmpty()) {
            w.paragraph(m("dash.weakest", w.locale) + ": " + sections.weakest(doc));
        }
    }

    private void comments(Writer w, ReportDocument doc) {
        w.heading(m("doc.comments", w.locale), 1);
        if (doc.comments().isEmpty()) {
            w.paragraph(m("doc.comments.none", w.locale));
            return;
        }
        w.paragraph(m("doc.comments.note", w.locale, String.valueOf(doc.comments().size()), String.valueOf(doc.commentTotal())));
        for (CommentsReport.Comment c : doc.comments()) {
            XWPFParagraph p = w.word.createParagraph();
            w.run(p, c.date() + " · " + c.agency() + ": ", true, 10);
            w.run(p, c.text(), false, 10);
        }
    }

    private void annex(Writer w, ReportDocument doc) {
        if (doc.annex().isEmpty()) {
            return;
        }
        w.pageBreak();
        w.heading(m("doc.annex", w.locale), 1);
        int n = 0;
        for (ReportDocument.Annex a : doc.annex()) {
            if (n++ > 0) {
                w.pageBreak();
            }
            w.heading("A." + n + " " + doc.name(a.agency()), 2);
            SatisfactionReport r = a.report();
            w.paragraph(m("doc.index.value", w.locale, fmt(r.index()), interval(r.ci95()), String.valueOf(r.responses())));
            w.paragraph(m("doc.annex.rank", w.locale) + ": " + (a.rank() == null ? m("doc.annex.unranked", w.locale) : a.rank())
                    + " · " + m("doc.method.target", w.locale) + ": "
                    + (a.target() == null ? "—" : Long.toString(a.target().respondents())));
            comparison(w, doc, r, a.comparison());
            XWPFTable table = w.table(List.of(m("report.code", w.locale), m("report.item", w.locale), m("report.answers", w.locale),
                    m("report.indexShort", w.locale), m("report.ci", w.locale)));
            for (ElementFigure e : r.elements()) {
                w.row(table, false, e.code(), e.title().in(doc.lang()), Long.toString(e.respondents()), fmt(e.index()), interval(e.ci95()));
            }
        }
    }

    private static String langOf(Writer w) {
        return w.locale.getLanguage();
    }

    private String m(String key, Locale locale, Object... args) {
        return messages.getMessage(key, locale, args).orElse(key);
    }

    /** The few POI calls every section makes, with one font and size throughout. */
    private static final class Writer {
        final XWPFDocument word;
        final Locale locale;

        Writer(XWPFDocument word, Locale locale) {
            this.word = word;
            this.locale = locale;
        }

        XWPFRun run(XWPFParagraph p, String text, boolean bold, int size) {
            XWPFRun run = p.createRun();
            run.setFontFamily(FONT);
            run.setFontSize(size);
            run.setBold(bold);
            run.setText(text);
            return run;
        }

        void heading(String text, int level) {
            XWPFParagraph p = word.createParagraph();
            p.setSpacingBefore(level == 1 ? 360 : 240);
            p.setSpacingAfter(120);
            // outline level 0 = Heading 1 in Word's navigation pane
            var properties = p.getCTP().isSetPPr() ? p.getCTP().getPPr() : p.getCTP().addNewPPr();
            properties.addNewOutlineLvl().setVal(java.math.BigInteger.valueOf(level - 1));
            run(p, text, true, level == 1 ? 15 : 13);
        }

        void paragraph(String text) {
            run(word.createParagraph(), text, false, 10);
        }

        void pageBreak() {
            word.createParagraph().createRun().addBreak(BreakType.PAGE);
        }

        /** A table with a bold header row (none when {@code headers} is null); rows are added with {@link #row}. */
        XWPFTable table(List<String> headers) {
            XWPFTable table = word.createTable();
            table.setWidth("100%");
            XWPFTableRow first = table.getRow(0);
            if (headers != null) {
                fill(first, true, headers.toArray(String[]::new));
                first.setRepeatHeader(true);
            }
            return table;
        }

        void row(XWPFTable table, boolean bold, String... cells) {
            XWPFTableRow first = table.getRow(0);
            boolean firstUnused = table.getNumberOfRows() == 1 && first.getTableCells().size() == 1
                    && first.getCell(0).getText().isEmpty();
            fill(firstUnused ? first : table.createRow(), bold, cells);
        }

        private void fill(XWPFTableRow row, boolean bold, String... cells) {
            for (int c = 0; c < cells.length; c++) {
                var cell = row.getCell(c) == null ? row.addNewTableCell() : row.getCell(c);
                XWPFParagraph p = cell.getParagraphs().get(0);
                run(p, cells[c] == null ? "" : cells[c], bold, 9);
            }
        }

        void picture(byte[] png, String name) {
            try {
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
                double widthPt = CHART_WIDTH_CM / 2.54 * 72;
                double heightPt = widthPt * image.getHeight() / image.getWidth();
                word.createParagraph().createRun().addPicture(new ByteArrayInputStream(png), Document.PICTURE_TYPE_PNG, name,
                        Units.toEMU(widthPt), Units.toEMU(heightPt));
            } catch (IOException | org.apache.poi.openxml4j.exceptions.InvalidFormatException e) {
                throw new IllegalStateException("chart image not added: " + name, e);
            }
        }
    }
}
