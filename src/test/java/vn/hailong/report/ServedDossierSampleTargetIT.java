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

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.hailong.report.DashboardFixture.cells;
import static vn.hailong.report.DashboardFixture.element;
import static vn.hailong.report.DashboardFixture.text;

/**
 * Issue 13 §4: the dashboard's Slovin sample target takes N from the served dossiers the dossier
 * system sent (POST /api/v1/dossiers:batch, counted by the day they were returned, Hà Nội time) and
 * falls back to the dossiers typed in (POST /reports/targets) only where the period has none. N and
 * the target are computed here from what the test sent: n = ⌈N / (1 + N·0.05²)⌉ = ⌈400·N / (400 + N)⌉
 * (docs/method.md §8), in whole numbers so that no rounding of the app's is repeated.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServedDossierSampleTargetIT implements DatabaseTest {

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
    /** Returned dossiers of ST-X1 sent by the test, per month ("2026-05"). */
    final Map<String, Long> returnedByMonth = new HashMap<>();

    @BeforeAll
    void feed() {
        api = new Api(client, json);
        String admin = api.adminToken();
        api.agency(admin, "ST", null);
        api.agency(admin, "ST-X1", "ST");
        api.agency(admin, "ST-X2", "ST");
        api.reviewer(admin, "st-reviewer", "ST");
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setFollowRedirects(false);
        noRedirects = HttpClient.create(server.getURL(), configuration);
        reviewer = DashboardFixture.sessionCookie(api, noRedirects.toBlocking(), "st-reviewer", "reviewer-password");

        // ST-X1's dossiers: returned on random days from April to July, some still open (not served)
        Random random = new Random(4213);
        List<Map<String, Object>> dossiers = new ArrayList<>();
        for (int i = 0; i < 260; i++) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("code", "ST-" + i);
            d.put("agency", "ST-X1");
            d.put("procedure", Map.of("code", "P" + random.nextInt(3)));
            d.put("counter", "Q" + random.nextInt(3));
            d.put("receivedAt", "2026-04-01T08:00:00+07:00");
            if (random.nextInt(5) > 0) {
                LocalDate day = LocalDate.of(2026, 4, 1).plusDays(random.nextInt(122)); // 1 April .. 31 July
                // 23:30 in Hà Nội is 16:30 UTC of the same day: the day is Hà Nội's
                d.put("returnedAt", day + "T23:30:00+07:00");
                returnedByMonth.merge(day.toString().substring(0, 7), 1L, Long::sum);
            }
            dossiers.add(d);
        }
        Api.Reply reply = api.post("/api/v1/dossiers:batch", Map.of("dossiers", dossiers), admin);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        reply.json().get("results").values().forEach(r -> assertThat(r.get("status").getStringValue()).isEqualTo("created"));

        // typed-in counts: for ST-X1 they must be ignored where dossiers were sent, used where none were
        typeIn("ST-X1", "2026-Q2", 5000);
        typeIn("ST-X1", "2026-03", 400);
        typeIn("ST-X2", "2026-Q2", 1000);
    }

    @AfterAll
    void close() {
        noRedirects.close();
    }

    /** The page form as the browser posts it (as SampleTargetIT does): session and CSRF cookies, and the CSRF field. */
    private void typeIn(String agency, String period, long dossiers) {
        Api.Csrf csrf = api.csrf();
        Api.Reply saved = api.send(HttpRequest.POST("/reports/targets?lang=en",
                        "agency=" + agency + "&period=" + period + "&dossiers=" + dossiers + "&" + csrf.field())
                .contentType(io.micronaut.http.MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                .header("Cookie", reviewer + "; HAILONG_CSRF=" + csrf.cookie()));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    }

    /** Slovin's n for N dossiers at e = 5 %, rounded up: ⌈400·N / (400 + N)⌉ in whole numbers. */
    private static long slovin(long dossiers) {
        return (400 * dossiers + 400 + dossiers - 1) / (400 + dossiers);
    }

    private long served(String... months) {
        long sum = 0;
        for (String month : months) {
            sum += returnedByMonth.getOrDefault(month, 0L);
        }
        return sum;
    }

    private String dashboard(String agency, String period) {
        Api.Reply page = api.send(HttpRequest.GET("/reports?agency=" + agency + "&period=" + period + "&lang=en").header("Cookie", reviewer));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.body();
    }

    private static String sample(String page) {
        return text(element(page, "sample", "p"));
    }

    @Test
    void servedDossiersAreTheSlovinBaseOfTheirPeriods() {
        long quarter = served("2026-04", "2026-05", "2026-06");
        assertThat(quarter).isPositive();
        // the typed-in 5000 for the quarter is not used: the dossier system sent the quarter's dossiers
        assertThat(sample(dashboard("ST-X1", "2026-Q2"))).contains("0 / " + slovin(quarter))
                .contains("from " + quarter + " dossiers handled");
        assertThat(slovin(quarter)).isNotEqualTo(slovin(5000));
        for (String month : List.of("2026-04", "2026-05", "2026-07")) {
            long n = served(month);
            assertThat(n).isPositive();
            assertThat(sample(dashboard("ST-X1", month))).as(month).contains("0 / " + slovin(n)).contains("from " + n + " dossiers handled");
        }
        // the province's dossiers are its communes': ST-X2 sent none
        assertThat(sample(dashboard("ST", "2026-Q2"))).contains("0 / " + slovin(quarter)).contains("from " + quarter + " dossiers handled");
        assertThat(sample(dashboard("ST", "2026"))).contains("from " + served("2026-04", "2026-05", "2026-06", "2026-07") + " dossiers handled");
    }

    @Test
    void withoutServedDossiersTheTypedInCountIsTheBase() {
        // ST-X2: no dossier sent, 1000 typed in → ⌈400 000 / 1400⌉ = 286
        assertThat(slovin(1000)).isEqualTo(286);
        assertThat(sample(dashboard("ST-X2", "2026-Q2"))).contains("0 / 286").contains("from 1000 dossiers handled");
        // ST-X1 in March: the dossier system sent nothing returned then → the typed-in 400 → 200
        assertThat(served("2026-03")).isZero();
        assertThat(sample(dashboard("ST-X1", "2026-03"))).contains("0 / 200").contains("from 400 dossiers handled");
        // ST-X2 in a month with neither: no target
        assertThat(sample(dashboard("ST-X2", "2026-05"))).contains("No sample target for this period");
    }

    @Test
    void theRankingShowsEachCommunesTargetFromItsOwnBase() {
        String province = dashboard("ST", "2026-Q2");
        long quarter = served("2026-04", "2026-05", "2026-06");
        // no responses yet: both communes are in the unranked table (agency, responses, target, index, ci)
        assertThat(cells(province, "rank-ST-X1")).hasSize(5);
        assertThat(cells(province, "rank-ST-X1").get(2)).isEqualTo(String.valueOf(slovin(quarter)));
        assertThat(cells(province, "rank-ST-X2").get(2)).isEqualTo("286");
    }

    @Test
    void theDashboardsFigureExportCarriesTheSameBaseAndTarget() {
        long quarter = served("2026-04", "2026-05", "2026-06");
        Api.Reply csv = api.send(HttpRequest.GET("/reports/export/figures.csv?agency=ST-X1&survey=sipas-2017&period=2026-Q2&lang=en")
                .header("Cookie", reviewer));
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).anyMatch(l -> l.contains("Dossiers handled," + quarter + ","));
        assertThat(lines).anyMatch(l -> l.contains("Sample target (Slovin)," + slovin(quarter) + ","));
    }

    /** GET /api/v1/reports/satisfaction's sampleTarget for a date range, as the reviewer's session asks it. */
    private Long apiTarget(String agency, String from, String to) {
        Api.Reply reply = api.send(HttpRequest.GET("/api/v1/reports/satisfaction?agency=" + agency + "&survey=sipas-2017&from=" + from
                + "&to=" + to).header("Cookie", reviewer));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        var target = reply.json().get("sampleTarget");
        return target == null || target.isNull() ? null : target.getLongValue();
    }

    @Test
    void theReportApiGivesTheTargetOfTheDatesItIsAskedFor() {
        // the dates of a quarter are that quarter: served dossiers first, the typed-in count where none were sent
        assertThat(apiTarget("ST-X1", "2026-04-01", "2026-06-30")).isEqualTo(slovin(served("2026-04", "2026-05", "2026-06")));
        assertThat(apiTarget("ST-X2", "2026-04-01", "2026-06-30")).isEqualTo(286L);
        // other dates: served dossiers counted per day give a target, typed-in counts (per period) cannot
        assertThat(apiTarget("ST-X1", "2026-04-01", "2026-05-31")).isEqualTo(slovin(served("2026-04", "2026-05")));
        assertThat(apiTarget("ST-X2", "2026-04-01", "2026-05-31")).isNull();
    }
}
