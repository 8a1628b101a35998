package vn.hailong.report;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.hailong.report.DashboardFixture.QUARTER;
import static vn.hailong.report.DashboardFixture.cells;
import static vn.hailong.report.DashboardFixture.element;

/** Reviewers enter dossiers handled; the dashboard shows collected vs the Slovin target; bad input stores nothing. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleTargetIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    Api api;
    HttpClient noRedirects;
    String reviewer;
    String communeReviewer;

    @BeforeAll
    void data() {
        api = new Api(client, json);
        DashboardFixture.load(api);
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setFollowRedirects(false);
        noRedirects = HttpClient.create(server.getURL(), configuration);
        reviewer = DashboardFixture.sessionCookie(api, noRedirects.toBlocking(), "db-reviewer", "reviewer-password");
        communeReviewer = DashboardFixture.sessionCookie(api, noRedirects.toBlocking(), "db1-reviewer", "reviewer-password");
    }

    @AfterAll
    void close() {
        noRedirects.close();
    }

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("hailong.templates-dir", DashboardFixture.templatesWithVersion2().toString());
    }

    private Api.Reply post(String cookie, String agency, String period, String dossiers) {
        return api.send(form("/reports/targets?lang=en", cookie, "agency=" + enc(agency) + "&period=" + enc(period) + "&dossiers=" + enc(dossiers)));
    }

    /** A page form POST as the browser sends it: session and CSRF cookies, and the CSRF field. */
    private io.micronaut.http.MutableHttpRequest<String> form(String path, String session, String fields) {
        Api.Csrf csrf = api.csrf();
        return HttpRequest.POST(path, fields + "&" + csrf.field()).contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                .header("Cookie", (session == null ? "" : session + "; ") + "HAILONG_CSRF=" + csrf.cookie());
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static long stored() {
        return Rows.count("SELECT COUNT(*) FROM sample_target");
    }

    @Test
    void enteredDossiersBecomeTheSlovinTargetOnTheDashboard() {
        var saved = noRedirects.toBlocking().exchange(form("/reports/targets?lang=en", reviewer, "agency=DB&period=2026-Q2&dossiers=10000"), String.class);
        assertThat(saved.code()).isEqualTo(303);
        assertThat(saved.getHeaders().get("Location")).startsWith("/reports/targets?saved=");
        assertThat(Rows.count("SELECT dossiers FROM sample_target t JOIN agency a ON a.id = t.agency_id "
                + "WHERE a.code = 'DB' AND t.period_kind = 'QUARTER' AND t.period_start = '2026-04-01'")).isEqualTo(10000);
        String page = api.send(HttpRequest.GET(saved.getHeaders().get("Location")).header("Cookie", reviewer)).body();
        assertThat(page).contains("id=\"saved\"");
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'sample-target.set' AND actor = 'db-reviewer' "
                + "AND target = 'agency:DB' AND details = 'period=2026-Q2 dossiers=10000'")).isEqualTo(1);
        assertThat(cells(page, "entry-DB-2026-Q2")).containsExactly("DB · Agency DB", "2026-Q2", "10000", "385", cells(page, "entry-DB-2026-Q2").get(4));

        // entering it again replaces it
        assertThat(post(reviewer, "DB", "2026-Q2", "400").status()).isEqualTo(200);
        assertThat(Rows.count("SELECT COUNT(*) FROM sample_target t JOIN agency a ON a.id = t.agency_id WHERE a.code = 'DB'")).isEqualTo(1);
        String dashboard = api.send(HttpRequest.GET("/reports?agency=DB&period=" + QUARTER + "&lang=en").header("Cookie", reviewer)).body();
        // 400 / (1 + 400 × 0.0025) = 200; 94 responses collected in the quarter
        assertThat(DashboardFixture.text(element(dashboard, "sample", "p"))).contains("94 / 200").contains("400 dossiers").contains("106 more responses needed");
    }

    @Test
    void targetsOfSubAgenciesShowInTheRankingAndMonthsAddUpToTheQuarter() {
        for (String month : new String[]{"2026-04", "2026-05", "2026-06"}) {
            assertThat(post(communeReviewer, "DB-1", month, "1000").status()).isEqualTo(200);
        }
        String dashboard = api.send(HttpRequest.GET("/reports?agency=DB&period=" + QUARTER + "&lang=en").header("Cookie", reviewer)).body();
        // the quarter has no entry of its own for DB-1: 3 × 1000 dossiers → 3000 / (1 + 7.5) = 352.9 → 353
        assertThat(cells(dashboard, "rank-DB-1").get(3)).isEqualTo(String.valueOf(SampleTargets.slovin(3000)));
        assertThat(SampleTargets.slovin(3000)).isEqualTo(353);
        String month = api.send(HttpRequest.GET("/reports?agency=DB-1&period=2026-05&lang=en").header("Cookie", communeReviewer)).body();
        assertThat(DashboardFixture.text(element(month, "sample", "p"))).contains("/ 286").contains("1000 dossiers");
        // a quarter with a month missing has no target
        assertThat(post(communeReviewer, "DB-1-1", "2026-04", "50").status()).isEqualTo(200);
        String partial = api.send(HttpRequest.GET("/reports?agency=DB-1-1&period=" + QUARTER + "&lang=en").header("Cookie", communeReviewer)).body();
        assertThat(DashboardFixture.text(element(partial, "sample", "p"))).contains("No sample target for this period");
    }

    @Test
    void badInputIsExplainedAndNothingIsStored() {
        long before = stored();
        record Case(String cookie, String agency, String period, String dossiers, int status, String message) {
        }
        for (Case c : new Case[]{
                new Case(reviewer, "DB-2", "2026-Q2", "-5", 400, "Dossiers handled: write a whole number of 0 or more"),
                new Case(reviewer, "DB-2", "2026-Q2", "mười", 400, "Dossiers handled: write a whole number"),
                new Case(reviewer, "DB-2", "2026-Q2", "12.5", 400, "Dossiers handled: write a whole number"),
                new Case(reviewer, "DB-2", "2026-Q2", "", 400, "Dossiers handled: write a whole number"),
                new Case(reviewer, "DB-2", "2026-Q2", "999999999999", 400, "at most 100,000,000"),
                new Case(reviewer, "DB-2", "2026-13", "10", 400, "Period: write a month (2026-03), a quarter (2026-Q1) or a year (2026)."),
                new Case(reviewer, "DB-2", "Q2", "10", 400, "Period: write a month"),
                new Case(reviewer, "NOPE", "2026-Q2", "10", 400, "Agency: choose an agency from the list."),
                new Case(reviewer, "OT", "2026-Q2", "10", 403, "Agency: your account may not enter figures for this agency."),
                new Case(communeReviewer, "DB", "2026-Q2", "10", 403, "Agency: your account may not enter figures for this agency."),
                new Case(communeReviewer, "DB-2", "2026-Q2", "10", 403, "may not enter figures")}) {
            Api.Reply reply = post(c.cookie(), c.agency(), c.period(), c.dossiers());
            assertThat(reply.status()).as(c.toString()).isEqualTo(c.status());
            assertThat(DashboardFixture.text(element(reply.body(), "problems", "div"))).as(c.toString()).contains(c.message());
            // the form keeps what was typed
            assertThat(reply.body()).contains("value=\"" + c.period() + "\"");
        }
        assertThat(stored()).isEqualTo(before);
        // Vietnamese messages too
        Api.Reply vi = api.send(form("/reports/targets?lang=vi", reviewer, "agency=DB-2&period=2026-Q2&dossiers=-1"));
        assertThat(DashboardFixture.text(element(vi.body(), "problems", "div"))).contains("Số hồ sơ đã giải quyết: hãy ghi một số nguyên");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void theFormNeedsALoginAndCarriesTheCsrfField() {
        long before = stored();
        var anonymous = noRedirects.toBlocking().exchange(form("/reports/targets", null, "agency=DB&period=2026-Q2&dossiers=1"), String.class);
        assertThat(anonymous.code()).isEqualTo(303);
        assertThat(anonymous.getHeaders().get("Location")).startsWith("/login");
        // without the CSRF field (a form posted from another site) nothing is stored
        Api.Reply forged = api.send(HttpRequest.POST("/reports/targets", "agency=DB&period=2026-Q2&dossiers=1")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE).header("Cookie", reviewer));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(stored()).isEqualTo(before);
        String form = api.send(HttpRequest.GET("/reports/targets?lang=en").header("Cookie", communeReviewer)).body();
        assertThat(form).contains("name=\"_csrf\"");
        assertThat(DashboardFixture.group(form, "(<select id=\"t-agency\" name=\"agency\".*?</select>)"))
                .contains("value=\"DB-1\"").contains("value=\"DB-1-1\"").doesNotContain("value=\"DB\"").doesNotContain("value=\"DB-2\"");
    }
}
