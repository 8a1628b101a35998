package vn.hailong.report;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;
import vn.hailong.tally.RollupFolder;

import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Red-team findings 3 and 6 of issue 11: report periods and dates outside 2000-01-01..2099-12-31
 * are refused (422, naming the parameter) instead of answering 500; the dashboard renders whatever
 * period is stored (an answer dated 0005-06-01, from before submissions were checked); a trend has
 * at most {@link SatisfactionReports#MAX_TREND_POINTS} points per request.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportRangeIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    @Inject
    RollupFolder folder;

    Api api;
    String admin;
    String cookie;
    HttpClient noRedirects;

    @BeforeAll
    void setUp() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "RR", null);
        api.agency(admin, "RR-1", "RR");
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setFollowRedirects(false);
        noRedirects = HttpClient.create(server.getURL(), configuration);
        cookie = DashboardFixture.sessionCookie(api, noRedirects.toBlocking(), ADMIN, ADMIN_PASSWORD);
    }

    @AfterAll
    void close() {
        noRedirects.close();
    }

    @Test
    void outOfRangePeriodsAndDatesAreRefusedNotAServerError() {
        for (String query : new String[] {"period=0010", "period=0010-Q1", "period=0999-12", "period=2100",
                "period=custom&from=0001-01-01", "period=custom&to=9999-12-31", "from=1999-12-31"}) {
            Api.Reply page = page("/reports?agency=RR&survey=sipas-2017&lang=en&" + query);
            assertThat(page.status()).as(query).isEqualTo(422);
            assertThat(page.body()).as(query).contains("2000");
        }
        Api.Reply api1 = api.get("/api/v1/reports/satisfaction?agency=RR&survey=sipas-2017&from=0001-01-01", admin);
        assertThat(api1.status()).isEqualTo(422);
        assertThat(api1.body()).contains("\"field\":\"from\"").contains("2000-01-01");
        Api.Reply api2 = api.get("/api/v1/reports/trend?agency=RR&survey=sipas-2017&from=2026-01-01&to=+10000-01-01", admin);
        assertThat(api2.status()).isIn(400, 422);
    }

    @Test
    void theTrendHasAPointCapCountedBeforeAnythingIsRead() {
        // No timing assertion (shared, noisy machines): the refusal is small and names the cap, which
        // shows it was decided from the parameters, not after building 36,500 points.
        Api.Reply everyDay = api.get("/api/v1/reports/trend?agency=RR&survey=sipas-2017&interval=day&from=2000-01-01&to=2099-12-31", admin);
        assertThat(everyDay.body().length()).isLessThan(2_000);
        assertThat(everyDay.status()).isEqualTo(422);
        assertThat(everyDay.body()).contains("\"field\":\"interval\"").contains(Integer.toString(SatisfactionReports.MAX_TREND_POINTS));
        Api.Reply hundredYears = api.get("/api/v1/reports/trend?agency=RR&survey=sipas-2017&interval=month&from=2000-01-01&to=2099-12-31", admin);
        assertThat(hundredYears.status()).isEqualTo(200);
        assertThat(hundredYears.json().size()).isEqualTo(1200);
        Api.Reply tooWide = api.get("/api/v1/reports/trend?agency=RR&survey=sipas-2017&interval=day&from=0001-01-01&to=9999-12-31", admin);
        assertThat(tooWide.status()).isEqualTo(422);
        Api.Reply oneYear = api.get("/api/v1/reports/trend?agency=RR&survey=sipas-2017&interval=day&from=2026-01-01&to=2026-12-31", admin);
        assertThat(oneYear.status()).isEqualTo(200);
        assertThat(oneYear.json().size()).isEqualTo(365);
    }

    @Test
    void anAnswerStoredWithAnAncientDateDoesNotBreakTheDashboard() throws Exception {
        Map<String, Object> answers = new LinkedHashMap<>();
        for (String criterion : Api.SIPAS_CRITERIA) {
            answers.put(criterion, 4);
        }
        Map<String, Object> body = Api.submission("RR-1", answers);
        assertThat(api.post("/api/v1/responses", body, null).status()).isEqualTo(201);
        folder.foldAll(); // its rollups in the rows, where the statements below move them
        // What a submission accepted before dates were checked left behind: the answer and its rollups in year 5.
        try (Connection connection = Rows.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE response SET submitted_at = '0005-06-01 03:00:00', submitted_date = '0005-06-01'"
                    + " WHERE id = '" + body.get("id") + "'");
            statement.executeUpdate("UPDATE rollup_day SET on_day = '0005-06-01'");
            statement.executeUpdate("UPDATE rollup_month SET month_start = '0005-06-01'");
        }
        for (String agency : new String[] {"RR-1", "RR"}) {
            Api.Reply page = page("/reports?agency=" + agency + "&survey=sipas-2017&period=all&lang=en");
            assertThat(page.status()).as(agency).isEqualTo(200);
            Api.Reply trend = api.get("/api/v1/reports/trend?agency=" + agency + "&survey=sipas-2017&interval=day", admin);
            assertThat(trend.status()).as(agency).isIn(200, 422);
            assertThat(api.get("/api/v1/reports/trend?agency=" + agency + "&survey=sipas-2017", admin).status()).isEqualTo(200);
        }
    }

    private Api.Reply page(String path) {
        return api.send(HttpRequest.GET(path).header("Cookie", cookie));
    }
}
