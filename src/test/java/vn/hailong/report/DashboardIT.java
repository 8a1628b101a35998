package vn.hailong.report;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.hailong.report.DashboardFixture.QUARTER;
import static vn.hailong.report.DashboardFixture.QUARTER_FROM;
import static vn.hailong.report.DashboardFixture.QUARTER_TO;
import static vn.hailong.report.DashboardFixture.cells;
import static vn.hailong.report.DashboardFixture.element;
import static vn.hailong.report.DashboardFixture.group;

/** The dashboard page shows exactly the API's figures for the chosen period, within the reviewer's scope. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT implements DatabaseTest {

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
    String token;

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
        token = api.login("db-reviewer", "reviewer-password");
    }

    @AfterAll
    void close() {
        noRedirects.close();
    }

    private Api.Reply page(String path) {
        return api.send(HttpRequest.GET(path).header("Cookie", cookie));
    }

    @Test
    void quarterFiguresOnThePageEqualTheApiFigures() {
        Api.Reply html = page("/reports?agency=DB&survey=sipas-2017&period=" + QUARTER + "&lang=en");
        JsonNode report = api.get("/api/v1/reports/satisfaction?agency=DB&survey=sipas-2017&from=" + QUARTER_FROM + "&to=" + QUARTER_TO, token).json();
        assertThat(html.status()).isEqualTo(200);
        String body = html.body();

        assertThat(report.get("responses").getLongValue()).isEqualTo(40 + 36 + 6 + 12);
        assertThat(group(body, "id=\"responses\">([0-9]+)<")).isEqualTo(report.get("responses").coerceStringValue());
        near(group(body, "id=\"index\">([0-9.]+)<"), report.get("index"));
        nearInterval(group(body, "id=\"index-ci\">\\([^)]*?([0-9.]+ – [0-9.]+)\\)"), report.get("ci95"));
        assertThat(group(body, "id=\"period\">([^<]+)<")).isEqualTo(QUARTER);
        assertThat(DashboardFixture.text(element(body, "versions", "p"))).endsWith(": 1");
        assertThat(body).doesNotContain("id=\"mixed-versions\"");

        int criteria = 0;
        for (JsonNode e : report.get("elements").values()) {
            List<String> row = cells(body, "row-" + e.get("code").getStringValue());
            assertThat(row.get(2)).isEqualTo(e.get("respondents").coerceStringValue());
            near(row.get(3), e.get("index"));
            nearInterval(row.get(4), e.get("ci95"));
            near(cells(body, "priority-" + e.get("code").getStringValue()).get(2), e.get("index"));
            for (JsonNode c : e.get("criteria").values()) {
                List<String> cr = cells(body, "row-" + c.get("code").getStringValue());
                assertThat(cr.get(2)).isEqualTo(c.get("answers").coerceStringValue());
                near(cr.get(3), c.get("index"));
                nearInterval(cr.get(4), c.get("ci95"));
                near(cr.get(5), c.get("mean"));
                StringBuilder distribution = new StringBuilder();
                for (String v : List.of("1", "2", "3", "4", "5")) {
                    distribution.append(distribution.length() == 0 ? "" : " · ").append(v).append(": ").append(c.get("distribution").get(v).coerceStringValue());
                }
                assertThat(cr.get(6)).isEqualTo(distribution.toString());
                criteria++;
            }
        }
        assertThat(criteria).isEqualTo(22);
        JsonNode overall = report.get("questions").values().iterator().next();
        assertThat(overall.get("code").getStringValue()).isEqualTo("overall");
        List<String> overallRow = cells(body, "row-overall");
        // the question by its wording, never its code (issue 12 item 7)
        assertThat(overallRow.get(0)).isEqualTo(overall.get("text").get("en").getStringValue());
        assertThat(overallRow.get(1)).isEqualTo(overall.get("answers").coerceStringValue());
        near(overallRow.get(2), overall.get("index"));
        nearInterval(overallRow.get(3), overall.get("ci95"));
        near(overallRow.get(4), overall.get("mean"));
        for (JsonNode q : report.get("choices").values()) {
            for (JsonNode o : q.get("options").values()) {
                List<String> row = cells(body, "choice-" + q.get("code").getStringValue() + "-" + o.get("code").getStringValue());
                assertThat(row.get(1)).isEqualTo(o.get("count").coerceStringValue());
                if (o.get("share") == null || o.get("share").isNull()) {
                    assertThat(row.get(2)).isEqualTo("—");
                } else {
                    near(row.get(2), o.get("share"));
                }
            }
        }
    }

    @Test
    void rankingOnThePageEqualsTheApiRankingWithSmallSamplesKeptApart() {
        String body = page("/reports?agency=DB&survey=sipas-2017&period=" + QUARTER + "&lang=en").body();
        JsonNode ranking = api.get("/api/v1/reports/ranking?parent=DB&survey=sipas-2017&from=" + QUARTER_FROM + "&to=" + QUARTER_TO, token).json();
        String ranked = element(body, "ranking", "table");
        String unranked = element(body, "unranked", "table");
        int checked = 0;
        for (JsonNode row : ranking.values()) {
            String code = row.get("agency").get("code").getStringValue();
            List<String> cells = cells(body, "rank-" + code);
            if (row.get("sufficientSample").getBooleanValue()) {
                assertThat(ranked).contains("id=\"rank-" + code + "\"");
                assertThat(cells.get(0)).isEqualTo(row.get("rank").coerceStringValue());
                assertThat(cells.get(2)).isEqualTo(row.get("responses").coerceStringValue());
                near(cells.get(4), row.get("index"));
                nearInterval(cells.get(6), row.get("ci95"));
            } else {
                assertThat(unranked).contains("id=\"rank-" + code + "\"");
                assertThat(cells.get(0)).contains("below minimum sample");
                assertThat(cells.get(1)).isEqualTo(row.get("responses").coerceStringValue());
            }
            checked++;
        }
        assertThat(checked).isEqualTo(3);
        assertThat(unranked).contains("rank-DB-3").doesNotContain("rank-DB-1\"");
        // DB-1 pools its sub-agency DB-1-1: 40 + 12
        assertThat(cells(body, "rank-DB-1").get(2)).isEqualTo("52");
    }

    @Test
    void rankingSortsOnTheServerWithoutJavaScript() {
        String byIndexAscending = page("/reports?agency=DB&period=" + QUARTER + "&sort=index&dir=asc&lang=en").body();
        String byIndexDescending = page("/reports?agency=DB&period=" + QUARTER + "&sort=index&dir=desc&lang=en").body();
        double[] up = indexes(byIndexAscending);
        double[] down = indexes(byIndexDescending);
        assertThat(up).hasSize(2);
        assertThat(up[0]).isLessThanOrEqualTo(up[1]);
        assertThat(down[0]).isGreaterThanOrEqualTo(down[1]);
        assertThat(byIndexAscending).contains("aria-sort=\"ascending\"");
        // the header link of the sorted column asks for the other direction
        assertThat(group(byIndexAscending, "href=\"([^\"]*)\"\\s+id=\"sort-index\"")).contains("sort=index").contains("dir=desc");
        assertThat(page("/reports?agency=DB&sort=colour").status()).isEqualTo(400);
    }

    private static double[] indexes(String body) {
        String table = element(body, "ranking", "table");
        List<Double> values = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("id=\"(rank-[^\"]+)\"").matcher(table);
        while (m.find()) {
            values.add(Double.parseDouble(cells(body, m.group(1)).get(4)));
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void monthYearAndCustomPeriodsUseTheirDates() {
        for (String[] period : new String[][]{
                {"period=2026-05", "2026-05-01", "2026-05-31"},
                {"period=2026", "2026-01-01", "2026-12-31"},
                {"period=custom&from=2026-04-15&to=2026-07-31", "2026-04-15", "2026-07-31"}}) {
            String body = page("/reports?agency=DB-1&survey=sipas-2017&" + period[0] + "&lang=en").body();
            JsonNode report = api.get("/api/v1/reports/satisfaction?agency=DB-1&survey=sipas-2017&from=" + period[1] + "&to=" + period[2], token).json();
            assertThat(group(body, "id=\"responses\">([0-9]+)<")).as(period[0]).isEqualTo(report.get("responses").coerceStringValue());
            near(group(body, "id=\"index\">([0-9.]+)<"), report.get("index"));
        }
        Api.Reply bad = page("/reports?agency=DB&period=2026-Q5&lang=en");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("Period: must be a month (2026-03), a quarter (2026-Q1), a year (2026), custom dates or all time.");
        Api.Reply backwards = page("/reports?agency=DB&period=custom&from=2026-05-01&to=2026-04-01&lang=en");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.body()).contains("To: must not be before the &quot;from&quot; date.");
        // issue 12 item 10: on a Vietnamese page the same refusal is in Vietnamese, never the API's English
        Api.Reply vietnamese = page("/reports?agency=DB&period=custom&from=2026-05-01&to=2026-04-01&lang=vi");
        assertThat(vietnamese.status()).isEqualTo(400);
        assertThat(vietnamese.body()).contains("Đến ngày: không được trước ngày &quot;Từ ngày&quot;.").doesNotContain("must not");
    }

    @Test
    void aPeriodThatMixesQuestionnaireVersionsSaysSo() {
        String body = page("/reports?agency=DB&survey=sipas-2017&period=2026-08&lang=en").body();
        assertThat(DashboardFixture.text(element(body, "versions", "p"))).endsWith(": 1, 2");
        assertThat(DashboardFixture.text(element(body, "mixed-versions", "p"))).contains("mixes questionnaire versions 1, 2");
        JsonNode report = api.get("/api/v1/reports/satisfaction?agency=DB&survey=sipas-2017&from=2026-08-01&to=2026-08-31", token).json();
        assertThat(report.get("versions").values()).hasSize(2);
    }

    @Test
    void chartsAreInlineSvgWithTheirValuesAsText() {
        String body = page("/reports?agency=DB&survey=sipas-2017&period=" + QUARTER + "&lang=vi").body();
        JsonNode report = api.get("/api/v1/reports/satisfaction?agency=DB&survey=sipas-2017&from=" + QUARTER_FROM + "&to=" + QUARTER_TO, token).json();
        assertThat(body).doesNotContain("<script");
        String elements = group(body, "(<svg class=\"chart\"[^>]*aria-labelledby=\"elements-chart-title\".*?</svg>)");
        for (JsonNode e : report.get("elements").values()) {
            assertThat(elements).contains(">" + Charts.decimal(e.get("index").getNumberValue().doubleValue()) + "</text>");
        }
        assertThat(elements.split("class=\"whisker\"", -1)).hasSize(1 + 3 * 5);
        String trend = group(body, "(<svg class=\"chart\"[^>]*aria-labelledby=\"trend-chart-title\".*?</svg>)");
        // a quarter shows the twelve months that end with it
        assertThat(trend).contains(">07/25</text>").contains(">06/26</text>").doesNotContain(">07/26</text>");
        assertThat(trend).contains("class=\"band\"").contains("class=\"trend-line\"");
        JsonNode months = api.get("/api/v1/reports/trend?agency=DB&survey=sipas-2017&from=2026-04-01&to=2026-06-30&interval=month", token).json();
        for (JsonNode month : months.values()) {
            String value = String.format(Locale.ROOT, "%.1f", month.get("index").getNumberValue().doubleValue());
            assertThat(trend).contains(">" + value + "</text>").contains(">n=" + month.get("responses").coerceStringValue() + "</text>");
        }
    }

    // --- scope ---

    @ParameterizedTest
    @ValueSource(strings = {"/reports", "/reports/comments", "/reports/export/figures.csv", "/reports/export/figures.xlsx",
            "/reports/export/ranking.csv", "/reports/export/ranking.xlsx", "/reports/export/comments.csv",
            "/reports/export/comments.xlsx", "/reports/export/responses.csv"})
    void everyDashboardAndExportUrlHoldsTheScope(String path) {
        String query = "?agency=DB&survey=sipas-2017&period=" + QUARTER;
        String communeReviewer = DashboardFixture.sessionCookie(api, noRedirects.toBlocking(), "db1-reviewer", "reviewer-password");
        String admin = DashboardFixture.sessionCookie(api, noRedirects.toBlocking(), ADMIN, ADMIN_PASSWORD);

        var anonymous = api.send(HttpRequest.GET(path + query));
        assertThat(anonymous.status()).isEqualTo(200); // the client follows the redirect to the login page
        var redirect = noRedirects.toBlocking().exchange(HttpRequest.GET(path + query), String.class);
        assertThat(redirect.code()).isEqualTo(303);
        assertThat(redirect.getHeaders().get("Location")).startsWith("/login?next=");

        assertThat(api.send(HttpRequest.GET(path + query).header("Cookie", communeReviewer)).status()).as("sibling/parent").isEqualTo(403);
        assertThat(api.send(HttpRequest.GET(path + "?agency=OT&period=" + QUARTER).header("Cookie", cookie)).status()).as("other tree").isEqualTo(403);
        assertThat(api.send(HttpRequest.GET(path + query).header("Cookie", admin)).status()).isEqualTo(200);
        int own = api.send(HttpRequest.GET(path + "?agency=DB-1&period=" + QUARTER).header("Cookie", communeReviewer)).status();
        // raw responses are for administrators only, even within one's own scope
        assertThat(own).isEqualTo(path.endsWith("responses.csv") ? 403 : 200);
        assertThat(api.send(HttpRequest.GET(path + "?agency=NOPE").header("Cookie", admin)).status()).isEqualTo(404);
    }

    @Test
    void theAgencyPickerOffersOnlyTheReviewersSubtreeInTreeOrder() {
        String communeReviewer = DashboardFixture.sessionCookie(api, noRedirects.toBlocking(), "db1-reviewer", "reviewer-password");
        String select = group(api.send(HttpRequest.GET("/reports").header("Cookie", communeReviewer)).body(), "(<select name=\"agency\">.*?</select>)");
        List<String> values = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("value=\"([^\"]+)\"").matcher(select);
        while (m.find()) {
            values.add(m.group(1));
        }
        assertThat(values).containsExactly("DB-1", "DB-1-1");
        String all = group(page("/reports").body(), "(<select name=\"agency\">.*?</select>)");
        assertThat(all.indexOf("\"DB-1\"")).isLessThan(all.indexOf("\"DB-1-1\""));
        assertThat(all.indexOf("\"DB-1-1\"")).isLessThan(all.indexOf("\"DB-2\""));
        assertThat(all).doesNotContain("\"OT\"");
    }

    // --- comments ---

    @Test
    void commentsPageListsDateAgencyAndRatingWithSearchAndPaging() {
        JsonNode api1 = api.get("/api/v1/reports/comments?agency=DB&survey=sipas-2017&from=" + QUARTER_FROM + "&to=" + QUARTER_TO + "&size=200", token).json();
        long total = api1.get("total").getLongValue();
        assertThat(total).isGreaterThan(CommentsPageController.PAGE_SIZE);
        String first = page("/reports/comments?agency=DB&survey=sipas-2017&period=" + QUARTER + "&lang=en").body();
        assertThat(DashboardFixture.text(element(first, "comment-total", "p"))).isEqualTo(total + " comments");
        JsonNode newest = api1.get("comments").values().iterator().next();
        String firstItem = group(first, "(<li class=\"comment\">.*?</li>)");
        assertThat(DashboardFixture.text(firstItem)).contains(newest.get("date").getStringValue())
                .contains(newest.get("agency").getStringValue())
                .contains("Rating: " + (newest.get("rating").isNull() ? "—" : newest.get("rating").coerceStringValue()))
                .contains(newest.get("text").getStringValue());
        assertThat(first.split("<li class=\"comment\">", -1)).hasSize(1 + CommentsPageController.PAGE_SIZE);
        assertThat(first).contains("Page 1 of " + ((total + 24) / 25));
        String second = page("/reports/comments?agency=DB&survey=sipas-2017&period=" + QUARTER + "&page=2&lang=en").body();
        assertThat(second.split("<li class=\"comment\">", -1)).hasSize(1 + (int) Math.min(25, total - 25));

        String found = page("/reports/comments?agency=DB&survey=sipas-2017&period=" + QUARTER + "&q=nhi%E1%BB%87t+t%C3%ACnh&lang=en").body();
        long expected = 0;
        for (JsonNode c : api1.get("comments").values()) {
            if (c.get("text").getStringValue().contains("nhiệt tình")) {
                expected++;
            }
        }
        assertThat(expected).isPositive();
        assertThat(DashboardFixture.text(element(found, "comment-total", "p"))).isEqualTo(expected + " comments");
        assertThat(found.split("<li class=\"comment\">", -1)).hasSize(1 + (int) expected);
        // July's comments are outside the quarter
        assertThat(first + second).doesNotContain("Tháng bảy");
        assertThat(page("/reports/comments?agency=DB&page=0").status()).isEqualTo(400);
    }

    /** The page shows two decimals of the API's four: equal within the rounding of the last shown digit. */
    static void near(String shown, JsonNode value) {
        assertThat(Double.parseDouble(shown)).as(shown + " vs " + value).isCloseTo(value.getNumberValue().doubleValue(),
                org.assertj.core.data.Offset.offset(0.0050001));
    }

    static void nearInterval(String shown, JsonNode ci) {
        String[] parts = shown.split(" – ");
        assertThat(parts).as(shown).hasSize(2);
        List<JsonNode> bounds = new ArrayList<>();
        ci.values().forEach(bounds::add);
        near(parts[0], bounds.get(0));
        near(parts[1], bounds.get(1));
    }
}
