package vn.hailong.report;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.hailong.report.DashboardFixture.QUARTER;
import static vn.hailong.report.DashboardFixture.QUARTER_FROM;
import static vn.hailong.report.DashboardFixture.QUARTER_TO;

/** The CSV and XLSX downloads carry the API's numbers for the same scope and period, and read back as written. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardExportIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    Api api;
    HttpClient noRedirects;
    String cookie;
    String adminCookie;
    String token;

    @Inject
    SurveyCatalog surveys;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("hailong.templates-dir", DashboardFixture.templatesWithVersion2().toString());
    }

    @BeforeAll
    void data() {
        api = new Api(client, json);
        DashboardFixture.load(api);
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setFollowRedirects(false);
        noRedirects = HttpClient.create(server.getURL(), configuration);
        cookie = DashboardFixture.sessionCookie(api, noRedirects.toBlocking(), "db-reviewer", "reviewer-password");
        adminCookie = DashboardFixture.sessionCookie(api, noRedirects.toBlocking(), ADMIN, ADMIN_PASSWORD);
        token = api.login("db-reviewer", "reviewer-password");
    }

    @AfterAll
    void close() {
        noRedirects.close();
    }

    private HttpResponse<byte[]> download(String path, String sessionCookie) {
        HttpResponse<byte[]> response = client.toBlocking().exchange(HttpRequest.GET(path).header("Cookie", sessionCookie), byte[].class);
        assertThat(response.code()).isEqualTo(200);
        return response;
    }

    /** The CSV's lines split into cells (RFC 4180 quoting), after checking and removing the UTF-8 byte-order mark. */
    static List<List<String>> csv(byte[] bytes) {
        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        assertThat(cell.length()).as("file ends with CRLF").isZero();
        return rows;
    }

    /** Every row of the workbook's first sheet as text (numbers in their plain decimal form). */
    static List<List<String>> xlsx(byte[] bytes) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(bytes), new ReadingOptions(true, false))) {
            Sheet sheet = workbook.getFirstSheet();
            try (Stream<Row> stream = sheet.openStream()) {
                stream.forEach(r -> {
                    List<String> cells = new ArrayList<>();
                    for (int c = 0; c < r.getCellCount(); c++) {
                        var cell = r.getCell(c);
                        if (cell == null || cell.getRawValue() == null) {
                            cells.add("");
                        } else if (cell.getType() == org.dhatim.fastexcel.reader.CellType.NUMBER
                                && cell.getDataFormatString() != null && cell.getDataFormatString().contains("yy")) {
                            // a date cell: read back as the date (and time) it holds, as the CSV writes it
                            LocalDateTime at = cell.asDate();
                            cells.add(cell.getDataFormatString().contains("h") ? CsvFile.DATE_TIME.format(at) : at.toLocalDate().toString());
                        } else if (cell.getType() == org.dhatim.fastexcel.reader.CellType.NUMBER) {
                            cells.add(cell.asNumber().stripTrailingZeros().toPlainString());
                        } else {
                            cells.add(cell.asString());
                        }
                    }
                    rows.add(cells);
                });
            }
            // trailing empty cells are not stored in the sheet: pad every row to the header's width
            int width = rows.isEmpty() ? 0 : rows.get(0).size();
            for (List<String> row : rows) {
                while (row.size() < width) {
                    row.add("");
                }
            }
        }
        return rows;
    }

    /**
     * Rows keyed by "kind code" (the figures table's first two columns, as a Vietnamese reader sees
     * them), or "kind item" for the rows without a code (other questions and their options).
     */
    private static Map<String, List<String>> byKindAndCode(List<List<String>> rows) {
        Map<String, List<String>> keyed = new LinkedHashMap<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            keyed.put(row.get(0) + " " + (row.get(1).isEmpty() ? row.get(2) : row.get(1)), row);
        }
        return keyed;
    }

    private static void same(String cell, JsonNode value) {
        if (value == null || value.isNull()) {
            assertThat(cell).isEmpty();
        } else {
            assertThat(new BigDecimal(cell)).as(cell + " vs " + value).isEqualByComparingTo(new BigDecimal(value.coerceStringValue()));
        }
    }

    private void figuresMatchTheApi(List<List<String>> rows) {
        JsonNode report = api.get("/api/v1/reports/satisfaction?agency=DB&survey=sipas-2017&from=" + QUARTER_FROM + "&to=" + QUARTER_TO, token).json();
        Map<String, List<String>> keyed = byKindAndCode(rows);
        assertThat(keyed.get("Thông tin Cơ quan").get(2)).isEqualTo("DB · Cơ quan DB");
        assertThat(keyed.get("Thông tin Phiếu khảo sát").get(2)).isEqualTo(
                Rows.text("SELECT title_vi FROM survey_version WHERE code = 'sipas-2017' ORDER BY version DESC LIMIT 1"));
        assertThat(keyed.get("Thông tin Kỳ báo cáo").get(2)).isEqualTo(QUARTER);
        assertThat(keyed.get("Thông tin Từ ngày").get(2)).isEqualTo(QUARTER_FROM);
        assertThat(keyed.get("Thông tin Đến ngày").get(2)).isEqualTo(QUARTER_TO);
        assertThat(keyed.get("Thông tin Đạt số phiếu tối thiểu để công bố").get(2))
                .isEqualTo(report.get("sufficientSample").getBooleanValue() ? "có" : "không");
        List<String> sipas = keyed.get("Chỉ số SIPAS SIPAS");
        same(sipas.get(3), report.get("responses"));
        same(sipas.get(5), report.get("index"));
        same(sipas.get(6), report.get("ci95").get(0));
        same(sipas.get(7), report.get("ci95").get(1));
        int checked = 0;
        for (JsonNode e : report.get("elements").values()) {
            List<String> row = keyed.get("Yếu tố " + e.get("code").getStringValue());
            same(row.get(3), e.get("respondents"));
            same(row.get(5), e.get("index"));
            same(row.get(6), e.get("ci95").get(0));
            same(row.get(7), e.get("ci95").get(1));
            for (JsonNode c : e.get("criteria").values()) {
                List<String> cr = keyed.get("Tiêu chí " + c.get("code").getStringValue());
                assertThat(cr.get(2)).isEqualTo(c.get("text").get("vi").getStringValue());
                same(cr.get(3), c.get("answers"));
                same(cr.get(4), c.get("satisfied"));
                same(cr.get(5), c.get("index"));
                same(cr.get(6), c.get("ci95").get(0));
                same(cr.get(7), c.get("ci95").get(1));
                same(cr.get(8), c.get("mean"));
                for (int v = 1; v <= 5; v++) {
                    same(cr.get(8 + v), c.get("distribution").get(Integer.toString(v)));
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(22);
        JsonNode q = report.get("questions").get(0);
        List<String> overall = keyed.get("Câu hỏi khác " + q.get("text").get("vi").getStringValue());
        same(overall.get(3), q.get("answers"));
        same(overall.get(5), q.get("index"));
        for (JsonNode choice : report.get("choices").values()) {
            for (JsonNode o : choice.get("options").values()) {
                List<String> row = keyed.get("Lựa chọn " + choice.get("text").get("vi").getStringValue() + " — "
                        + o.get("label").get("vi").getStringValue());
                same(row.get(3), choice.get("answered"));
                same(row.get(4), o.get("count"));
                same(row.get(5), o.get("share"));
            }
        }
    }

    @Test
    void figuresCsvHasABomVietnameseHeadingsAndTheApiNumbers() {
        String audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'export.csv' AND actor = 'db-reviewer' "
                + "AND target = 'agency:DB' AND details LIKE 'figures survey=sipas-2017 period=2026-Q2 rows=%'";
        long before = Rows.count(audited);
        HttpResponse<byte[]> response = download("/reports/export/figures.csv?agency=DB&survey=sipas-2017&period=" + QUARTER + "&lang=vi", cookie);
        assertThat(response.getContentType().orElseThrow().toString()).startsWith("text/csv");
        assertThat(response.getHeaders().get("Content-Disposition")).contains("filename=\"hailong-figures-DB-2026-Q2.csv\"");
        List<List<String>> rows = csv(response.body());
        assertThat(Rows.count(audited)).isEqualTo(before + 1);
        assertThat(rows.get(0).subList(0, 6)).containsExactly("Loại dòng", "Mã", "Nội dung", "n", "Hài lòng / số người chọn", "Chỉ số / tỷ lệ (%)");
        figuresMatchTheApi(rows);
    }

    @Test
    void figuresXlsxReadsBackWithTheApiNumbers() throws IOException {
        String audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'export.xlsx' AND target = 'agency:DB' AND details LIKE 'figures %'";
        long before = Rows.count(audited);
        HttpResponse<byte[]> response = download("/reports/export/figures.xlsx?agency=DB&survey=sipas-2017&period=" + QUARTER + "&lang=vi", cookie);
        assertThat(response.getContentType().orElseThrow().toString()).isEqualTo(ExportController.XLSX);
        assertThat(response.getHeaders().get("Content-Disposition")).contains("filename=\"hailong-figures-DB-2026-Q2.xlsx\"");
        assertThat(Rows.count(audited)).isEqualTo(before + 1);
        figuresMatchTheApi(xlsx(response.body()));
    }

    @Test
    void rankingCsvAndXlsxMatchTheApiRankingInTheChosenOrder() throws IOException {
        JsonNode ranking = api.get("/api/v1/reports/ranking?parent=DB&survey=sipas-2017&from=" + QUARTER_FROM + "&to=" + QUARTER_TO, token).json();
        Map<String, JsonNode> byCode = new HashMap<>();
        ranking.values().forEach(r -> byCode.put(r.get("agency").get("code").getStringValue(), r));
        String query = "?agency=DB&survey=sipas-2017&period=" + QUARTER + "&sort=index&dir=asc&lang=en";
        List<List<String>> fromCsv = csv(download("/reports/export/ranking.csv" + query, cookie).body());
        List<List<String>> fromXlsx = xlsx(download("/reports/export/ranking.xlsx" + query, cookie).body());
        for (List<List<String>> rows : List.of(fromCsv, fromXlsx)) {
            assertThat(rows.get(0).subList(0, 4)).containsExactly("Rank", "Code", "Agency", "Responses");
            assertThat(rows).hasSize(1 + byCode.size());
            List<String> codes = rows.subList(1, rows.size()).stream().map(r -> r.get(1)).toList();
            // ranked ones by index ascending as asked, the unranked one after them
            assertThat(codes.get(codes.size() - 1)).isEqualTo("DB-3");
            assertThat(new BigDecimal(rows.get(1).get(6))).isLessThanOrEqualTo(new BigDecimal(rows.get(2).get(6)));
            for (List<String> row : rows.subList(1, rows.size())) {
                JsonNode api = byCode.get(row.get(1));
                same(row.get(0), api.get("rank"));
                same(row.get(3), api.get("responses"));
                same(row.get(6), api.get("index"));
                same(row.get(7), api.get("ci95").get(0));
                same(row.get(8), api.get("ci95").get(1));
                assertThat(row.get(10)).isEqualTo(api.get("sufficientSample").getBooleanValue() ? "yes" : "no"); // English file
            }
        }
    }

    @Test
    void commentsCsvAndXlsxHoldEveryCommentOfThePeriodAndDefuseFormulas() throws IOException {
        JsonNode comments = api.get("/api/v1/reports/comments?agency=DB&survey=sipas-2017&from=" + QUARTER_FROM + "&to=" + QUARTER_TO + "&size=200", token).json();
        List<String> texts = new ArrayList<>();
        comments.get("comments").values().forEach(c -> texts.add(c.get("text").getStringValue()));
        String query = "?agency=DB&survey=sipas-2017&period=" + QUARTER + "&lang=vi";
        List<List<String>> fromCsv = csv(download("/reports/export/comments.csv" + query, cookie).body());
        List<List<String>> fromXlsx = xlsx(download("/reports/export/comments.xlsx" + query, cookie).body());
        assertThat(fromCsv).hasSize(1 + texts.size());
        assertThat(fromXlsx).hasSize(1 + texts.size());
        assertThat(fromCsv.get(0).get(5)).isEqualTo("Góp ý");
        List<String> csvTexts = fromCsv.subList(1, fromCsv.size()).stream().map(r -> r.get(5)).toList();
        List<String> xlsxTexts = fromXlsx.subList(1, fromXlsx.size()).stream().map(r -> r.get(5)).toList();
        // XLSX keeps text as text; CSV prefixes what a spreadsheet would run as a formula
        assertThat(xlsxTexts).containsExactlyElementsOf(texts);
        assertThat(csvTexts).containsExactlyElementsOf(texts.stream().map(t -> t.startsWith("=") ? "'" + t : t).toList());
        assertThat(csvTexts).anyMatch(t -> t.startsWith("'=HYPERLINK")).contains("Cán bộ nhiệt tình, hướng dẫn rõ ràng");
        List<String> first = fromCsv.get(1);
        JsonNode newest = comments.get("comments").get(0);
        assertThat(first.get(0)).isEqualTo(newest.get("date").getStringValue());
        assertThat(first.get(1)).isEqualTo(newest.get("agency").getStringValue());
        same(first.get(3), newest.get("rating"));
        // a search narrows the download as it narrows the page
        List<List<String>> found = csv(download("/reports/export/comments.csv" + query + "&q=gh%E1%BA%BF", cookie).body());
        assertThat(found.subList(1, found.size())).isNotEmpty().allMatch(r -> r.get(5).contains("ghế"));
    }

    /**
     * Issue 12 item 7: a Vietnamese file names everything by its label. No cell (headings included)
     * is an internal code: row kinds, information names, yes/no, survey, question and option codes.
     */
    @Test
    void vietnameseFilesCarryNoInternalCode() throws IOException {
        Questionnaire sipas = surveys.current("sipas-2017").orElseThrow();
        java.util.Set<String> codes = new java.util.TreeSet<>(List.of("info", "sipas", "element", "criterion", "question", "option",
                "agency", "survey", "period", "from", "to", "versions", "dossiers", "sampleTarget", "sufficientSample",
                "minimumSampleReached", "yes", "no", "true", "false", "all", "sipas-2017", "UTC"));
        sipas.questions().values().forEach(q -> {
            codes.add(q.code());
            if (q.options() != null) {
                q.options().forEach(o -> codes.add(o.code()));
            }
        });
        // option codes that are also SIPAS element numbers (improve: E1…E5) are the element's own number in the code column
        codes.removeIf(code -> sipas.definition().elements().stream().anyMatch(e -> e.code().equals(code)));
        String query = "?agency=DB&survey=sipas-2017&period=" + QUARTER + "&lang=vi";
        int files = 0;
        for (String what : List.of("figures", "ranking", "comments")) {
            List<List<List<String>>> both = List.of(csv(download("/reports/export/" + what + ".csv" + query, cookie).body()),
                    xlsx(download("/reports/export/" + what + ".xlsx" + query, cookie).body()));
            for (List<List<String>> rows : both) {
                assertThat(rows).as(what).hasSizeGreaterThan(1);
                List<String> found = new ArrayList<>();
                rows.forEach(row -> row.stream().filter(codes::contains).forEach(found::add));
                assertThat(found).as(what + " cells that are internal codes").isEmpty();
                files++;
            }
        }
        assertThat(files).isEqualTo(6);
        // and the same files in English say yes/no in English: the labels follow the reader's language
        List<List<String>> english = csv(download("/reports/export/ranking.csv?agency=DB&survey=sipas-2017&period=" + QUARTER + "&lang=en", cookie).body());
        assertThat(english.get(0)).contains("Minimum sample for publishing reached");
    }

    /** Issue 12 item 12: XLSX dates are dates (numeric cells with a date format), read back with Apache POI. */
    @Test
    void xlsxDatesAreRealDatesWithADateFormat() throws IOException {
        String query = "?agency=DB&survey=sipas-2017&period=" + QUARTER + "&lang=vi";
        try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new ByteArrayInputStream(
                download("/reports/export/figures.xlsx" + query, cookie).body()))) {
            var sheet = book.getSheetAt(0);
            org.apache.poi.ss.usermodel.Cell from = null;
            for (var row : sheet) {
                if (row.getCell(1) != null && "Từ ngày".equals(row.getCell(1).getStringCellValue())) {
                    from = row.getCell(2);
                }
            }
            assertThat(from).isNotNull();
            assertThat(from.getCellType()).isEqualTo(org.apache.poi.ss.usermodel.CellType.NUMERIC);
            assertThat(org.apache.poi.ss.usermodel.DateUtil.isCellDateFormatted(from)).isTrue();
            assertThat(from.getLocalDateTimeCellValue().toLocalDate()).isEqualTo(java.time.LocalDate.parse(QUARTER_FROM));
        }
        JsonNode newest = api.get("/api/v1/reports/comments?agency=DB&survey=sipas-2017&from=" + QUARTER_FROM + "&to=" + QUARTER_TO
                + "&size=1", token).json().get("comments").get(0);
        try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new ByteArrayInputStream(
                download("/reports/export/comments.xlsx" + query, cookie).body()))) {
            var sheet = book.getSheetAt(0);
            var heading = sheet.getRow(0);
            assertThat(heading.getCell(7).getStringCellValue()).isEqualTo("Thời điểm gửi (giờ địa phương của cơ quan)");
            assertThat(heading.getCell(8).getStringCellValue()).isEqualTo("Múi giờ");
            var first = sheet.getRow(1);
            for (int column : new int[]{0, 7}) {
                assertThat(first.getCell(column).getCellType()).as("column " + column).isEqualTo(org.apache.poi.ss.usermodel.CellType.NUMERIC);
                assertThat(org.apache.poi.ss.usermodel.DateUtil.isCellDateFormatted(first.getCell(column))).as("column " + column).isTrue();
            }
            assertThat(first.getCell(0).getLocalDateTimeCellValue().toLocalDate().toString()).isEqualTo(newest.get("date").getStringValue());
            java.time.ZoneId zone = java.time.ZoneId.of(newest.get("timeZone").getStringValue());
            assertThat(first.getCell(7).getLocalDateTimeCellValue())
                    .isEqualTo(java.time.Instant.parse(newest.get("submittedAt").getStringValue()).atZone(zone).toLocalDateTime());
            assertThat(first.getCell(8).getStringCellValue()).isEqualTo(zone.getId());
        }
    }

    @Test
    void rawResponsesCsvStreamsEveryResponseOfTheScopeForAdmins() {
        HttpResponse<byte[]> response = download("/reports/export/responses.csv?agency=DB-1&survey=sipas-2017&period=" + QUARTER, adminCookie);
        assertThat(response.getHeaders().get("Content-Disposition")).contains("filename=\"hailong-responses-DB-1-2026-Q2.csv\"");
        assertThat(response.getHeaders().get("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'export.csv' AND actor = '" + ADMIN + "' "
                + "AND target = 'agency:DB-1' AND details LIKE 'responses %'")).isEqualTo(1);
        List<List<String>> rows = csv(response.body());
        assertThat(rows.get(0).subList(0, 9)).containsExactly("response_id", "agency", "survey", "version", "channel", "language",
                "submitted_at", "submitted_date", "E1.1");
        assertThat(rows.get(0)).contains("E5.4", "overall");
        long expected = Rows.count("""
                SELECT COUNT(*) FROM response r JOIN agency g ON g.id = r.agency_id
                WHERE g.code IN ('DB-1', 'DB-1-1') AND r.submitted_date BETWEEN '2026-04-01' AND '2026-06-30'""");
        assertThat(rows).hasSize(1 + (int) expected);
        int e11 = rows.get(0).indexOf("E1.1");
        for (List<String> row : rows.subList(1, rows.size())) {
            String stored = Rows.text("SELECT value_int FROM answer WHERE response_id = '" + row.get(0) + "' AND question_code = 'E1.1'");
            assertThat(row.get(e11)).as(row.get(0)).isEqualTo(stored == null ? "" : stored);
            assertThat(row.get(1)).isIn("DB-1", "DB-1-1");
            assertThat(row.get(7)).isBetween(QUARTER_FROM, QUARTER_TO);
        }
        // Every cell of every line, against the stored rows (the export writes its lines without the
        // generic cell list: this pins what it writes), and the raw bytes: CRLF line ends, no trailing text.
        Map<String, List<String>> stored = storedLines(rows.get(0));
        assertThat(rows.subList(1, rows.size())).allSatisfy(row -> assertThat(row).isEqualTo(stored.get(row.get(0))));
        String text = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(text).endsWith("\r\n");
        assertThat(text.split("\r\n", -1)).hasSize(rows.size() + 1);
    }

    /** Response id → the line the export must write for it, built from the response, version and answer rows. */
    private static Map<String, List<String>> storedLines(List<String> header) {
        Map<String, List<String>> lines = new HashMap<>();
        try (java.sql.Connection c = Rows.connect(); java.sql.Statement s = c.createStatement()) {
            try (java.sql.ResultSet rs = s.executeQuery("""
                    SELECT r.id, g.code, r.survey_code, v.version, r.channel, r.language, r.submitted_at, r.submitted_date
                    FROM response r JOIN agency g ON g.id = r.agency_id JOIN survey_version v ON v.id = r.survey_version_id
                    WHERE r.survey_code = 'sipas-2017'""")) {
                while (rs.next()) {
                    List<String> line = new ArrayList<>(List.of(rs.getString(1), rs.getString(2), rs.getString(3),
                            String.valueOf(rs.getInt(4)), rs.getString(5), rs.getString(6),
                            rs.getObject(7, LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC).toString(),
                            rs.getObject(8, java.time.LocalDate.class).toString()));
                    while (line.size() < header.size()) {
                        line.add("");
                    }
                    lines.put(rs.getString(1), line);
                }
            }
            try (java.sql.ResultSet rs = s.executeQuery("""
                    SELECT a.response_id, a.question_code, a.value_int FROM answer a JOIN response r ON r.id = a.response_id
                    WHERE r.survey_code = 'sipas-2017' AND a.value_int BETWEEN 1 AND 9""")) {
                while (rs.next()) {
                    int column = header.indexOf(rs.getString(2));
                    if (column >= 8) {
                        lines.get(rs.getString(1)).set(column, String.valueOf(rs.getInt(3)));
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return lines;
    }
}
