package vn.hailong.report;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFPictureData;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;
import vn.hailong.system.PersonalData;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static vn.hailong.report.ComparisonFixture.CURRENT;
import static vn.hailong.report.ComparisonFixture.PREVIOUS;
import static vn.hailong.report.ComparisonFixture.QUARTER;
import static vn.hailong.report.ComparisonFixture.YEAR_EARLIER;

/**
 * The report document read back: the Word file with Apache POI, the PDF with PDFBox's text
 * extraction. Its figures equal the API's for the same scope and period, and its comparison with
 * the previous quarter and the same quarter a year earlier equals what this test computes from the
 * API's figures of the three quarters (docs/method.md §6.5: Δ ± 1.96·√(se₁² + se₂²), with each
 * se read back from the API's interval as its half-width / 1.96).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportDocumentIT implements DatabaseTest {

    /** Where the files of the last run are left, to look at (docs/samples holds a copy made from demo data). */
    static final Path OUTPUT = Path.of("target", "report-documents");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;
    String token;

    @BeforeAll
    void data() throws IOException {
        api = new Api(client, json);
        ComparisonFixture.load(api);
        token = api.login("rd-reviewer", "reviewer-password");
        Files.createDirectories(OUTPUT);
    }

    private byte[] download(String path, String contentType) throws IOException {
        HttpResponse<byte[]> response = client.toBlocking().exchange(HttpRequest.GET(path).bearerAuth(token), byte[].class);
        assertThat(response.code()).isEqualTo(200);
        assertThat(response.getContentType().orElseThrow().toString()).startsWith(contentType);
        assertThat(response.header("Content-Disposition")).contains("hailong-report-RD-2026-Q2.");
        byte[] body = response.body();
        Files.write(OUTPUT.resolve(Path.of(path.substring(path.lastIndexOf('/') + 1)).toString()
                .replaceAll("[^A-Za-z0-9.]+", "_")), body);
        return body;
    }

    private JsonNode satisfaction(String agency, String[] dates) {
        return api.get("/api/v1/reports/satisfaction?agency=" + agency + "&survey=sipas-2017&from=" + dates[0] + "&to=" + dates[1],
                token).json();
    }

    /** What the document must say for one index against one earlier period, computed here from the API's figures. */
    record Expected(String now, String earlier, long earlierN, double delta, double low, double high, String marker) {
    }

    static Expected expected(JsonNode now, JsonNode then, long nowN, long thenN, boolean english) {
        double a = now.get("index").getNumberValue().doubleValue();
        double b = then.get("index").getNumberValue().doubleValue();
        double seA = halfWidth(now.get("ci95")) / 1.96;
        double seB = halfWidth(then.get("ci95")) / 1.96;
        double half = 1.96 * Math.sqrt(seA * seA + seB * seB);
        double delta = a - b;
        boolean beyond = nowN >= 30 && thenN >= 30 && (delta - half > 0 || delta + half < 0);
        String marker = beyond ? (delta > 0 ? (english ? "up, beyond noise" : "tăng, vượt mức nhiễu")
                : (english ? "down, beyond noise" : "giảm, vượt mức nhiễu")) : (english ? "within noise" : "trong mức nhiễu");
        return new Expected(two(a), two(b), thenN, delta, delta - half, delta + half, marker);
    }

    private static double halfWidth(JsonNode ci) {
        double low = ci.get(0).getNumberValue().doubleValue();
        double high = ci.get(1).getNumberValue().doubleValue();
        assertThat(low).as("interval not clipped, so its half-width is 1.96 se").isGreaterThan(0);
        assertThat(high).isLessThan(100);
        return (high - low) / 2;
    }

    static String two(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** A comparison row as [item, now, earlier (n = …), Δ, low – high, reading]: checked against {@code e} to the document's two decimals. */
    static void assertRow(List<String> cells, String item, Expected e) {
        assertThat(cells.get(0)).startsWith(item);
        assertThat(cells.get(1)).isEqualTo(e.now());
        assertThat(cells.get(2)).isEqualTo(e.earlier() + " (n = " + e.earlierN() + ")");
        assertThat(Double.parseDouble(cells.get(3))).as(item + " Δ").isCloseTo(e.delta(), within(0.011));
        assertThat(cells.get(3)).startsWith(e.delta() >= 0 ? "+" : "-");
        String[] interval = cells.get(4).split(" – ");
        assertThat(Double.parseDouble(interval[0])).as(item + " Δ low").isCloseTo(e.low(), within(0.011));
        assertThat(Double.parseDouble(interval[1])).as(item + " Δ high").isCloseTo(e.high(), within(0.011));
        assertThat(cells.get(5)).as(item + " reading").isEqualTo(e.marker());
    }

    private static List<String> cells(XWPFTableRow row) {
        return row.getTableCells().stream().map(XWPFTableCell::getText).toList();
    }

    /** The document's tables whose header row has {@code heading}, in document order. */
    private static List<XWPFTable> tablesWith(XWPFDocument doc, String heading) {
        return doc.getTables().stream().filter(t -> cells(t.getRow(0)).contains(heading)).toList();
    }

    private static List<String> rowOf(XWPFTable table, String first) {
        for (XWPFTableRow row : table.getRows()) {
            List<String> cells = cells(row);
            if (cells.get(0).equals(first) || cells.get(0).startsWith(first + " ")) {
                return cells;
            }
        }
        throw new AssertionError("no row " + first + " in table " + cells(table.getRow(0)));
    }

    @Test
    void theWordDocumentCarriesTheApiFiguresAndItsComparisonsWithThePreviousQuarterAndAYearEarlier() throws Exception {
        byte[] bytes = download("/reports/export/report.docx?agency=RD&survey=sipas-2017&period=" + QUARTER + "&lang=vi",
                ReportDocumentController.DOCX);
        JsonNode now = satisfaction("RD", CURRENT);
        JsonNode previous = satisfaction("RD", PREVIOUS);
        JsonNode yearEarlier = satisfaction("RD", YEAR_EARLIER);
        long nowN = now.get("responses").getLongValue();
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(bytes))) {
            List<String> paragraphs = doc.getParagraphs().stream().map(XWPFParagraph::getText).toList();
            // cover
            assertThat(paragraphs).contains("Cơ quan: RD · Cơ quan RD", "Kỳ báo cáo: 2026-Q2 (2026-04-01 – 2026-06-30)");
            assertThat(paragraphs).anyMatch(p -> p.startsWith("Ngày lập báo cáo: 20"));
            // the section headings are outline levels (Word's navigation pane and table of contents find them)
            XWPFParagraph heading = doc.getParagraphs().stream().filter(p -> p.getText().equals("1. Phương pháp và mẫu")).findFirst().orElseThrow();
            assertThat(heading.getCTP().getPPr().getOutlineLvl().getVal().intValue()).isZero();
            assertThat(doc.getProperties().getCoreProperties().getTitle()).contains("RD · Cơ quan RD").contains("2026-Q2");
            // the headline: index, interval and n as the API gives them
            assertThat(paragraphs).contains("Chỉ số SIPAS: " + two(num(now, "index")) + " (KTC 95%: " + two(num(now.get("ci95"), 0))
                    + " – " + two(num(now.get("ci95"), 1)) + "), n = " + nowN);
            // method: n, no Slovin target entered, response rate unknown without served dossiers, versions, minimum sample
            XWPFTable method = doc.getTables().get(0);
            assertThat(rowOf(method, "Số phiếu hợp lệ (n)").get(1)).isEqualTo(Long.toString(nowN));
            assertThat(rowOf(method, "Tỷ lệ phản hồi").get(1)).startsWith("không rõ");
            assertThat(rowOf(method, "Phiên bản phiếu").get(1)).isEqualTo("1");
            assertThat(rowOf(method, "Số phiếu tối thiểu để công bố").get(1)).isEqualTo("30 phiếu; kỳ này đạt");

            // comparisons: the previous quarter first, then the same quarter a year earlier
            List<XWPFTable> comparisons = tablesWith(doc, "Δ (điểm)");
            assertThat(comparisons).hasSize(2 + 2 * 2); // RD, then RD-1 and RD-2 in the annex
            assertThat(paragraphs).contains("So với kỳ trước: 2026-Q1 (2026-01-01 – 2026-03-31)",
                    "So với cùng kỳ năm trước: 2025-Q2 (2025-04-01 – 2025-06-30)");
            JsonNode[] earlier = {previous, yearEarlier};
            for (int side = 0; side < 2; side++) {
                JsonNode then = earlier[side];
                long thenN = then.get("responses").getLongValue();
                Expected overall = expected(now, then, nowN, thenN, false);
                assertRow(rowOf(comparisons.get(side), "SIPAS"), "SIPAS", overall);
                for (int e = 0; e < 5; e++) {
                    JsonNode element = now.get("elements").get(e);
                    assertRow(rowOf(comparisons.get(side), element.get("code").getStringValue()), element.get("code").getStringValue(),
                            expected(element, then.get("elements").get(e), nowN, thenN, false));
                }
            }
            // the data was made so: far above the first quarter, about as a year earlier
            assertThat(rowOf(comparisons.get(0), "SIPAS").get(5)).isEqualTo("tăng, vượt mức nhiễu");
            assertThat(rowOf(comparisons.get(1), "SIPAS").get(5)).isEqualTo("trong mức nhiễu");

            // elements and criteria, every figure as the API's
            XWPFTable criteria = tablesWith(doc, "Điểm TB").get(0);
            for (JsonNode element : now.get("elements").values()) {
                List<String> row = rowOf(criteria, element.get("code").getStringValue());
                assertThat(row.get(2)).isEqualTo(Long.toString(element.get("respondents").getLongValue()));
                assertThat(row.get(3)).isEqualTo(two(num(element, "index")));
                for (JsonNode criterion : element.get("criteria").values()) {
                    List<String> c = rowOf(criteria, criterion.get("code").getStringValue());
                    assertThat(c.get(2)).isEqualTo(Long.toString(criterion.get("answers").getLongValue()));
                    assertThat(c.get(3)).isEqualTo(two(num(criterion, "index")));
                    assertThat(c.get(4)).isEqualTo(two(num(criterion.get("ci95"), 0)) + " – " + two(num(criterion.get("ci95"), 1)));
                    assertThat(c.get(5)).isEqualTo(two(num(criterion, "mean")));
                }
            }

            // the ranking as the API ranks
            JsonNode ranking = api.get("/api/v1/reports/ranking?parent=RD&survey=sipas-2017&from=" + CURRENT[0] + "&to=" + CURRENT[1],
                    token).json();
            XWPFTable ranked = tablesWith(doc, "Hạng").get(0);
            for (JsonNode row : ranking.values()) {
                List<String> cells = ranked.getRows().stream().map(ReportDocumentIT::cells)
                        .filter(c -> c.get(1).startsWith(row.get("agency").get("code").getStringValue() + " ")).findFirst().orElseThrow();
                assertThat(cells.get(0)).isEqualTo(Integer.toString(row.get("rank").getIntValue()));
                assertThat(cells.get(4)).isEqualTo(two(num(row, "index")));
            }

            // the two charts are pictures, drawn at twice the page's 640 units
            List<XWPFPictureData> pictures = doc.getAllPictures();
            assertThat(pictures).hasSize(2);
            for (XWPFPictureData picture : pictures) {
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(picture.getData()));
                assertThat(image.getWidth()).isEqualTo(1280);
            }

            // comments: masked like everywhere else
            String all = String.join("\n", paragraphs);
            assertThat(all).doesNotContain(ComparisonFixture.PHONE).contains(PersonalData.mask(ComparisonFixture.PHONE));
            assertThat(all).contains("Phòng chờ đông, cần thêm ghế ngồi");

            // annex: one page per commune, with the commune's own API figures
            for (String commune : List.of("RD-1", "RD-2")) {
                JsonNode figures = satisfaction(commune, CURRENT);
                int at = paragraphs.indexOf(paragraphs.stream().filter(p -> p.matches("A\\.\\d " + commune + " · .*")).findFirst().orElseThrow());
                assertThat(paragraphs.get(at + 1)).isEqualTo("Chỉ số SIPAS: " + two(num(figures, "index")) + " (KTC 95%: "
                        + two(num(figures.get("ci95"), 0)) + " – " + two(num(figures.get("ci95"), 1)) + "), n = "
                        + figures.get("responses").getLongValue());
            }
        }
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'export.docx' AND actor = 'rd-reviewer' "
                + "AND target = 'agency:RD' AND details LIKE 'report survey=sipas-2017 period=2026-Q2 lang=vi%'")).isEqualTo(1);
    }

    @Test
    void thePdfSaysTheSameInEnglishWithAnEmbeddedFontThatHasTheVietnameseLetters() throws Exception {
        byte[] bytes = download("/reports/export/report.pdf?agency=RD&survey=sipas-2017&period=" + QUARTER + "&lang=en",
                ReportDocumentController.PDF);
        JsonNode now = satisfaction("RD", CURRENT);
        JsonNode previous = satisfaction("RD", PREVIOUS);
        long nowN = now.get("responses").getLongValue();
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            String text = stripper.getText(pdf).replaceAll("\\s+", " ");
            assertThat(text).contains("Report on satisfaction with the administrative service (SIPAS)")
                    .contains("Agency: RD · Agency RD").contains("Reporting period: 2026-Q2 (2026-04-01 – 2026-06-30)");
            assertThat(text).contains("SIPAS index: " + two(num(now, "index")) + " (95% CI: " + two(num(now.get("ci95"), 0))
                    + " – " + two(num(now.get("ci95"), 1)) + "), n = " + nowN);
            assertThat(text).contains("vs the previous period: 2026-Q1 (2026-01-01 – 2026-03-31)")
                    .contains("vs the same period a year earlier: 2025-Q2 (2025-04-01 – 2025-06-30)");
            Expected e = expected(now, previous, nowN, previous.get("responses").getLongValue(), true);
            String row = text.substring(text.indexOf("SIPAS " + e.now() + " " + e.earlier() + " (n = " + e.earlierN() + ")"));
            String[] parts = row.split(" ");
            // SIPAS now earlier (n = N) Δ low – high reading…
            assertThat(Double.parseDouble(parts[6])).isCloseTo(e.delta(), within(0.011));
            assertThat(Double.parseDouble(parts[7])).isCloseTo(e.low(), within(0.011));
            assertThat(Double.parseDouble(parts[9])).isCloseTo(e.high(), within(0.011));
            assertThat(row).contains(e.marker());
            for (JsonNode element : now.get("elements").values()) {
                assertThat(text).contains(element.get("code").getStringValue() + " ");
                assertThat(text).contains(two(num(element, "index")));
            }
            // criterion texts are in English here; the Vietnamese agency names in the annex are not
            assertThat(text).contains("Annex: each sub-agency").contains("A.1 RD-1").doesNotContain(ComparisonFixture.PHONE);
            // an apostrophe in an English text with figures (it once ate the figure after it)
            assertThat(text).containsPattern("The \\d+ newest of the period's \\d+ comments");

            // every font is embedded, and it is the bundled Noto Sans
            Set<String> fonts = new HashSet<>();
            for (PDPage page : pdf.getPages()) {
                for (var name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    assertThat(font.isEmbedded()).as(font.getName()).isTrue();
                    fonts.add(font.getName().replaceAll("^[A-Z]{6}\\+", ""));
                }
            }
            assertThat(fonts).allMatch(f -> f.startsWith("NotoSans"));
            assertThat(pdf.getNumberOfPages()).isGreaterThanOrEqualTo(1 + 2 + 2);
        }
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'export.pdf' AND target = 'agency:RD'")).isEqualTo(1);
    }

    @Test
    void theVietnamesePdfKeepsEveryDiacritic() throws Exception {
        byte[] bytes = download("/reports/export/report.pdf?agency=RD&survey=sipas-2017&period=" + QUARTER + "&lang=vi",
                ReportDocumentController.PDF);
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            String text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
            assertThat(text).contains("Báo cáo kết quả đo lường sự hài lòng về sự phục vụ hành chính (SIPAS)")
                    .contains("So với cùng kỳ năm trước").contains("Ưu tiên cải thiện").contains("Phụ lục: từng cơ quan trực thuộc")
                    .contains("Cán bộ hướng dẫn tận tình, thủ tục nhanh");
        }
    }

    @Test
    void aReviewerOfACommuneGetsNoProvinceReportAndBadParametersAreNamed() {
        String commune = api.login("rd1-reviewer", "reviewer-password");
        HttpClientResponseException outside = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class, () ->
                client.toBlocking().exchange(HttpRequest.GET("/reports/export/report.pdf?agency=RD&period=2026-Q2").bearerAuth(commune)));
        assertThat(outside.getStatus().getCode()).isEqualTo(403);
        HttpClientResponseException bad = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class, () ->
                client.toBlocking().exchange(HttpRequest.GET("/reports/export/report.docx?agency=RD&period=2026-Q5").bearerAuth(token),
                        String.class));
        assertThat(bad.getStatus().getCode()).isEqualTo(400);
        assertThat(bad.getResponse().getContentType().orElseThrow().toString()).startsWith("application/problem+json");
        assertThat(bad.getResponse().getBody(String.class).orElse("")).contains("\"field\":\"period\"");
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('export.docx', 'export.pdf') AND actor = 'rd1-reviewer'"))
                .as("nothing handed out, nothing on the record").isZero();
    }

    @Test
    void allTimeHasNothingToCompareWithAndSaysSo() throws Exception {
        HttpResponse<byte[]> response = client.toBlocking().exchange(
                HttpRequest.GET("/reports/export/report.docx?agency=RD-1&period=all&lang=en").bearerAuth(token), byte[].class);
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(response.body()))) {
            List<String> paragraphs = new ArrayList<>(doc.getParagraphs().stream().map(XWPFParagraph::getText).toList());
            assertThat(paragraphs).anyMatch(p -> p.startsWith("No earlier period to compare with"));
            assertThat(tablesWith(doc, "Δ (points)")).isEmpty();
            assertThat(paragraphs).contains("This agency has no sub-agencies.");
        }
    }

    @Test
    void aPeriodWithoutResponsesGivesADocumentThatSaysSo() throws Exception {
        HttpResponse<byte[]> docx = client.toBlocking().exchange(
                HttpRequest.GET("/reports/export/report.docx?agency=RD&period=2024-Q1&lang=en").bearerAuth(token), byte[].class);
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(docx.body()))) {
            List<String> paragraphs = doc.getParagraphs().stream().map(XWPFParagraph::getText).toList();
            assertThat(paragraphs).contains("SIPAS index: — (95% CI: —), n = 0", "No comments in this period.");
            // as on the page: the trend of the twelve months up to the period's end is drawn, every month with n=0
            assertThat(doc.getAllPictures()).hasSize(2);
            List<XWPFTable> comparisons = tablesWith(doc, "Δ (points)");
            assertThat(rowOf(comparisons.get(0), "SIPAS").subList(1, 6)).containsExactly("—", "— (n = 0)", "—", "—", "no figure");
        }
        HttpResponse<byte[]> pdf = client.toBlocking().exchange(
                HttpRequest.GET("/reports/export/report.pdf?agency=RD&period=2024-Q1&lang=en").bearerAuth(token), byte[].class);
        try (PDDocument read = Loader.loadPDF(pdf.body())) {
            assertThat(new PDFTextStripper().getText(read).replaceAll("\\s+", " ")).contains("SIPAS index: — (95% CI: —), n = 0")
                    .contains("No comments in this period.");
        }
    }

    private static double num(JsonNode node, String field) {
        return node.get(field).getNumberValue().doubleValue();
    }

    private static double num(JsonNode array, int at) {
        return array.get(at).getNumberValue().doubleValue();
    }
}
