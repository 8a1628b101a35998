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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.hailong.report.DashboardFixture.QUARTER_FROM;
import static vn.hailong.report.DashboardFixture.QUARTER_TO;

/**
 * The report API's promised files (issue 12 item 14, shared/api.md "Exports of the same data"):
 * {@code Accept: text/csv} on satisfaction, ranking, trend and comments, and
 * {@code /api/v1/reports/satisfaction.xlsx}; headings in the request's language, figures the
 * JSON answer's, each file on the audit record.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportApiExportIT implements DatabaseTest {

    static final String QUERY = "agency=DB&survey=sipas-2017&from=" + QUARTER_FROM + "&to=" + QUARTER_TO;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;
    String token;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("hailong.templates-dir", DashboardFixture.templatesWithVersion2().toString());
    }

    @BeforeAll
    void data() {
        api = new Api(client, json);
        DashboardFixture.load(api);
        token = api.login("db-reviewer", "reviewer-password");
    }

    private HttpResponse<byte[]> get(String path, String accept, String language) {
        return client.toBlocking().exchange(HttpRequest.GET(path).bearerAuth(token).header("Accept", accept)
                .header("Accept-Language", language), byte[].class);
    }

    @Test
    void satisfactionAsCsvHasTheApisFiguresUnderHeadingsInTheRequestsLanguage() {
        long audited = Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'export.csv'");
        JsonNode report = api.get("/api/v1/reports/satisfaction?" + QUERY, token).json();

        HttpResponse<byte[]> vi = get("/api/v1/reports/satisfaction?" + QUERY, "text/csv", "vi");
        HttpResponse<byte[]> en = get("/api/v1/reports/satisfaction?" + QUERY, "text/csv", "en");

        assertThat(vi.getContentType().orElseThrow().toString()).startsWith("text/csv");
        assertThat(vi.getHeaders().get("Content-Disposition")).contains("hailong-figures-DB-" + QUARTER_FROM + "_" + QUARTER_TO + ".csv");
        List<List<String>> viRows = DashboardExportIT.csv(vi.body());
        List<List<String>> enRows = DashboardExportIT.csv(en.body());
        assertThat(viRows.get(0).get(0)).isEqualTo("Loại dòng");
        assertThat(enRows.get(0).get(0)).isEqualTo("Row");
        List<String> sipas = viRows.stream().filter(r -> r.size() > 1 && r.get(1).equals("SIPAS")).findFirst().orElseThrow();
        assertThat(Long.parseLong(sipas.get(3))).isEqualTo(report.get("responses").getLongValue());
        assertThat(new BigDecimal(sipas.get(5)).doubleValue()).isCloseTo(report.get("index").getDoubleValue(), org.assertj.core.data.Offset.offset(1e-4));
        for (JsonNode element : report.get("elements").values()) {
            assertThat(viRows).as(element.get("code").getStringValue())
                    .anyMatch(r -> r.size() > 1 && r.get(1).equals(element.get("code").getStringValue()));
        }
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'export.csv'")).as("each file on the record").isEqualTo(audited + 2);
    }

    @Test
    void jsonStaysTheAnswerForJsonOrAnything() {
        for (String accept : List.of("application/json", "*/*", "application/json, text/csv")) {
            HttpResponse<byte[]> reply = get("/api/v1/reports/satisfaction?" + QUERY, accept, "vi");
            assertThat(reply.getContentType().orElseThrow().toString()).as(accept).startsWith("application/json");
        }
        assertThat(get("/api/v1/reports/satisfaction?" + QUERY, "text/csv;q=1, application/json;q=0.5", "vi")
                .getContentType().orElseThrow().toString()).startsWith("text/csv");
    }

    @Test
    void rankingTrendAndCommentsAnswerTextCsvToo() {
        List<List<String>> ranking = DashboardExportIT.csv(get("/api/v1/reports/ranking?parent=DB&survey=sipas-2017&from=" + QUARTER_FROM
                + "&to=" + QUARTER_TO, "text/csv", "vi").body());
        assertThat(ranking.get(0).get(0)).isEqualTo("Hạng");
        JsonNode rankingJson = api.get("/api/v1/reports/ranking?parent=DB&survey=sipas-2017&from=" + QUARTER_FROM + "&to=" + QUARTER_TO, token).json();
        assertThat(ranking).hasSize(1 + rankingJson.size());
        assertThat(ranking.stream().map(r -> r.get(1)).toList()).contains("DB-1", "DB-2", "DB-3");

        List<List<String>> trend = DashboardExportIT.csv(get("/api/v1/reports/trend?agency=DB&survey=sipas-2017&from=" + QUARTER_FROM
                + "&to=" + QUARTER_TO + "&interval=month", "text/csv", "en").body());
        assertThat(trend.get(0).get(0)).isEqualTo("Period");
        assertThat(trend.subList(1, trend.size()).stream().map(r -> r.get(0)).toList()).containsExactly("2026-04", "2026-05", "2026-06");

        List<List<String>> comments = DashboardExportIT.csv(get("/api/v1/reports/comments?agency=DB&from=" + QUARTER_FROM
                + "&to=" + QUARTER_TO + "&size=200", "text/csv", "vi").body());
        assertThat(comments.get(0).get(0)).isEqualTo("Ngày");
        JsonNode commentsJson = api.get("/api/v1/reports/comments?agency=DB&from=" + QUARTER_FROM + "&to=" + QUARTER_TO + "&size=200", token).json();
        assertThat(comments).hasSize(1 + commentsJson.get("comments").size()).hasSizeGreaterThan(1);
    }

    @Test
    void satisfactionXlsxHoldsTheFiguresAndTheRankingInTheRequestsLanguage() throws IOException {
        JsonNode report = api.get("/api/v1/reports/satisfaction?" + QUERY, token).json();

        HttpResponse<byte[]> reply = get("/api/v1/reports/satisfaction.xlsx?" + QUERY, "*/*", "en");

        assertThat(reply.getContentType().orElseThrow().toString()).isEqualTo(ExportController.XLSX);
        assertThat(reply.getHeaders().get("Content-Disposition")).contains(".xlsx");
        List<List<String>> rows = DashboardExportIT.xlsx(reply.body());
        assertThat(rows.get(0).get(0)).isEqualTo("Row");
        List<String> sipas = rows.stream().filter(r -> r.size() > 1 && r.get(1).equals("SIPAS")).findFirst().orElseThrow();
        assertThat(Long.parseLong(sipas.get(3))).isEqualTo(report.get("responses").getLongValue());
        assertThat(DashboardExportIT.xlsx(get("/api/v1/reports/satisfaction.xlsx?" + QUERY, "*/*", "vi").body()).get(0).get(0))
                .isEqualTo("Loại dòng");
    }

    @Test
    void openApiDescribesTheFiles() {
        String yaml = api.get("/openapi.yml", null).body();

        assertThat(yaml).contains("  /api/v1/reports/satisfaction.xlsx:").contains(ExportController.XLSX);
        for (String path : List.of("satisfaction", "ranking", "trend", "comments")) {
            String operation = yaml.substring(yaml.indexOf("  /api/v1/reports/" + path + ":"));
            operation = operation.substring(0, operation.indexOf("\n  /", 3));
            assertThat(operation).as(path).contains("text/csv:").contains("application/json:").contains("Accept: text/csv");
        }
    }

    @Test
    void theFilesKeepTheReportsRulesForBadInputAndScope() {
        String other = api.login("db1-reviewer", "reviewer-password");
        assertThatThrownBy(() -> client.toBlocking().exchange(HttpRequest.GET("/api/v1/reports/satisfaction.xlsx?" + QUERY).bearerAuth(other),
                byte[].class)).isInstanceOfSatisfying(HttpClientResponseException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(403));
        assertThatThrownBy(() -> client.toBlocking().exchange(HttpRequest.GET("/api/v1/reports/satisfaction.xlsx?survey=sipas-2017")
                .bearerAuth(token), String.class)).isInstanceOfSatisfying(HttpClientResponseException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(400);
                    assertThat(e.getResponse().getBody(String.class).orElse("")).contains("agency");
                });
        assertThatThrownBy(() -> client.toBlocking().exchange(HttpRequest.GET("/api/v1/reports/satisfaction?survey=sipas-2017&agency=DB&from=2026-06-01&to=2026-05-01")
                .bearerAuth(token).header("Accept", "text/csv"), String.class)).isInstanceOfSatisfying(HttpClientResponseException.class, e ->
                assertThat(e.getStatus().getCode()).as("an inverted range is refused for a file as for JSON").isBetween(400, 422));
        assertThatThrownBy(() -> client.toBlocking().exchange(HttpRequest.GET("/api/v1/reports/satisfaction?" + QUERY).bearerAuth(token)
                .header("Accept", "application/xml"), String.class)).isInstanceOfSatisfying(HttpClientResponseException.class, e ->
                assertThat(e.getStatus().getCode()).isEqualTo(406));
    }
}
