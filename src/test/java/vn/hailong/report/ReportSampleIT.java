package vn.hailong.report;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report document of the demo data (the demo profile's province, communes, responses and the
 * dossier system's served dossiers), for the last 60 days: its response rate is the API's, and the
 * files are left in target/report-samples — docs/samples holds a copy of them.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportSampleIT implements DatabaseTest {

    static final Path SAMPLES = Path.of("target", "report-samples");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> extraProperties() {
        try {
            return Map.of("hailong.demo.enabled", "true", "hailong.data-dir", Files.createTempDirectory("hailong-demo-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theDemoReportStatesTheResponseRateOfTheServedDossiersAndTheApiIndex() throws Exception {
        Api api = new Api(client, json);
        String token = api.login("reviewer", "demo-reviewer-2026");
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));
        String from = today.minusDays(60).toString();
        String to = today.minusDays(1).toString();
        String query = "?agency=DEMO&survey=sipas-2017&period=custom&from=" + from + "&to=" + to;
        Files.createDirectories(SAMPLES);

        byte[] docx = client.toBlocking().retrieve(HttpRequest.GET("/reports/export/report.docx" + query + "&lang=vi").bearerAuth(token),
                byte[].class);
        Files.write(SAMPLES.resolve("hailong-report-DEMO-vi.docx"), docx);
        JsonNode figures = api.get("/api/v1/reports/satisfaction" + query.replace("&period=custom", ""), token).json();
        JsonNode rate = api.get("/api/v1/reports/response-rate?agency=DEMO&from=" + from + "&to=" + to, token).json();
        long served = rate.get("servedDossiers").getLongValue();
        long rated = rate.get("ratedDossiers").getLongValue();
        assertThat(served).as("the demo's dossier feed").isPositive();
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(docx))) {
            List<String> rateRow = doc.getTables().get(0).getRows().stream()
                    .map(r -> r.getTableCells().stream().map(XWPFTableCell::getText).toList())
                    .filter(r -> r.get(0).equals("Tỷ lệ phản hồi")).findFirst().orElseThrow();
            assertThat(rateRow.get(1)).isEqualTo(ReportDocument.percent((double) rated / served) + " % (" + rated + " trong " + served
                    + " hồ sơ đã trả kết quả được đánh giá bằng mã đánh giá)");
            assertThat(doc.getParagraphs().stream().map(XWPFParagraph::getText))
                    .anyMatch(p -> p.startsWith("Chỉ số SIPAS: " + ReportDocumentIT.two(figures.get("index").getNumberValue().doubleValue())));
        }

        for (String lang : List.of("vi", "en")) {
            byte[] pdf = client.toBlocking().retrieve(HttpRequest.GET("/reports/export/report.pdf" + query + "&lang=" + lang)
                    .bearerAuth(token), byte[].class);
            Files.write(SAMPLES.resolve("hailong-report-DEMO-" + lang + ".pdf"), pdf);
            try (PDDocument read = Loader.loadPDF(pdf)) {
                String text = new PDFTextStripper().getText(read).replaceAll("\\s+", " ");
                assertThat(text).contains(lang.equals("vi") ? "Trung tâm Phục vụ hành chính công" : "Public Service Centre");
                assertThat(text).contains(ReportDocumentIT.two(figures.get("index").getNumberValue().doubleValue()));
            }
        }
    }
}
