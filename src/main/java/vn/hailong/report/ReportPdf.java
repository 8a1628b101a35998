package vn.hailong.report;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.micronaut.http.HttpRequest;
import io.micronaut.views.ViewsRenderer;
import jakarta.inject.Singleton;
import vn.hailong.system.Languages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report document as PDF: the print template {@code report/document.html} (Thymeleaf, the
 * reader's language) rendered by openhtmltopdf on PDFBox, with the bundled Noto Sans embedded
 * (subset) so every Vietnamese letter prints on any machine; charts are the same PNGs as in the DOCX.
 */
@Singleton
class ReportPdf {

    static final String FAMILY = "Noto Sans";

    private final ViewsRenderer<Map<String, Object>, HttpRequest<?>> views;
    private final ReportSections sections;

    ReportPdf(ViewsRenderer<Map<String, Object>, HttpRequest<?>> views, ReportSections sections) {
        this.views = views;
        this.sections = sections;
    }

    byte[] write(ReportDocument doc, HttpRequest<?> request) {
        Locale locale = Languages.toLocale(doc.lang());
        Map<String, Object> model = new HashMap<>();
        model.put("lang", doc.lang());
        model.put("doc", doc);
        model.put("cover", sections.cover(doc, locale));
        model.put("method", sections.method(doc, locale));
        model.put("comparisons", sections.comparison(doc, doc.dashboard().report(), doc.dashboard().comparison(), locale));
        List<List<ReportSections.ComparisonTable>> annex = new ArrayList<>();
        doc.annex().forEach(a -> annex.add(sections.comparison(doc, a.report(), a.comparison(), locale)));
        model.put("annexComparisons", annex);
        List<Dashboard.RankedAgency> ranking = new ArrayList<>(doc.dashboard().ranked());
        ranking.addAll(doc.dashboard().unranked());
        model.put("ranking", ranking);
        model.put("weakest", sections.weakest(doc));
        model.put("elementChart", dataUri(doc.elementChart()));
        model.put("trendChart", doc.trendChart() == null ? null : dataUri(doc.trendChart()));
        StringWriter html = new StringWriter();
        try {
            views.render("report/document", model, request).writeTo(html);
            ByteArrayOutputStream pdf = new ByteArrayOutputStream();
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.useFont(() -> ReportPdf.class.getResourceAsStream("/fonts/NotoSans-Regular.ttf"), FAMILY, 400, FontStyle.NORMAL, true);
            builder.useFont(() -> ReportPdf.class.getResourceAsStream("/fonts/NotoSans-Bold.ttf"), FAMILY, 700, FontStyle.NORMAL, true);
            builder.withHtmlContent(html.toString(), null);
            builder.toStream(pdf);
            builder.run();
            return pdf.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String dataUri(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }
}
