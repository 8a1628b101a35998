package vn.hailong.report;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may see which reports (a reviewer sees its agency and everything below it, nothing beside
 * or above), and how bad report parameters are answered. Every refusal is problem+json.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportAccessIT implements DatabaseTest {

    private static final String SURVEY = "sipas-2017";
    private static final List<String> ALL = List.of("P", "P-1", "P-1-A", "P-2");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;
    String admin;
    String communeReviewer;
    String provinceReviewer;
    String kiosk;

    @BeforeAll
    void tree() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "P", null);
        api.agency(admin, "P-1", "P");
        api.agency(admin, "P-2", "P");
        api.agency(admin, "P-1-A", "P-1");
        for (String agency : ALL) {
            Api.Reply reply = api.post("/api/v1/responses", Api.submission(agency, Map.of("E1.1", 4, "E3.1", 2)), null);
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        }
        communeReviewer = api.reviewer(admin, "rev-p1", "P-1");
        provinceReviewer = api.reviewer(admin, "rev-p", "P");
        kiosk = api.kiosk(admin, "P-1");
    }

    /** The three report endpoints for one agency (for the ranking: as the parent). */
    private static List<String> reports(String agency) {
        return List.of(
                "/api/v1/reports/satisfaction?agency=" + agency + "&survey=" + SURVEY,
                "/api/v1/reports/satisfaction?agency=" + agency + "&survey=" + SURVEY + "&from=2026-01-01&to=2026-12-31",
                "/api/v1/reports/ranking?parent=" + agency + "&survey=" + SURVEY,
                "/api/v1/reports/trend?agency=" + agency + "&survey=" + SURVEY + "&from=2026-01-01&to=2026-12-31&interval=month");
    }

    @Test
    void communeReviewerSeesItsCommuneAndItsCentre() {
        for (String agency : List.of("P-1", "P-1-A")) {
            for (String path : reports(agency)) {
                Api.Reply reply = api.get(path, communeReviewer);
                assertThat(reply.status()).as(path + " " + reply.body()).isEqualTo(200);
            }
        }
        Api.Reply report = api.get("/api/v1/reports/satisfaction?agency=P-1&survey=" + SURVEY, communeReviewer);
        assertThat(report.json().get("agency").get("code").getStringValue()).isEqualTo("P-1");
        assertThat(report.json().get("responses").getLongValue()).isEqualTo(2); // P-1 and its centre
        Api.Reply ranking = api.get("/api/v1/reports/ranking?parent=P-1&survey=" + SURVEY, communeReviewer);
        assertThat(ranking.json().size()).isEqualTo(1);
        assertThat(ranking.json().get(0).get("agency").get("code").getStringValue()).isEqualTo("P-1-A");
    }

    @Test
    void communeReviewerMayNotSeeItsSiblingOrItsProvince() {
        for (String agency : List.of("P-2", "P")) {
            for (String path : reports(agency)) {
                assertProblem(api.get(path, communeReviewer), 403, path);
            }
        }
    }

    @Test
    void provinceReviewerSeesEverythingInItsProvince() {
        for (String agency : ALL) {
            for (String path : reports(agency)) {
                Api.Reply reply = api.get(path, provinceReviewer);
                assertThat(reply.status()).as(path + " " + reply.body()).isEqualTo(200);
            }
        }
        Api.Reply ranking = api.get("/api/v1/reports/ranking?parent=P&survey=" + SURVEY, provinceReviewer);
        List<String> children = new ArrayList<>();
        ranking.json().values().forEach(row -> children.add(row.get("agency").get("code").getStringValue()));
        assertThat(children).containsExactlyInAnyOrder("P-1", "P-2");
    }

    @Test
    void adminSeesEverything() {
        for (String agency : ALL) {
            for (String path : reports(agency)) {
                Api.Reply reply = api.get(path, admin);
                assertThat(reply.status()).as(path + " " + reply.body()).isEqualTo(200);
            }
        }
        Api.Reply report = api.get("/api/v1/reports/satisfaction?agency=P&survey=" + SURVEY, admin);
        assertThat(report.json().get("responses").getLongValue()).isEqualTo(4);
    }

    @Test
    void kioskTokenIsForbiddenEvenForItsOwnAgency() {
        for (String agency : ALL) {
            for (String path : reports(agency)) {
                assertProblem(api.get(path, kiosk), 403, path);
            }
        }
    }

    @Test
    void withoutATokenTheAnswerIsUnauthorized() {
        for (String agency : ALL) {
            for (String path : reports(agency)) {
                Api.Reply reply = api.get(path, null);
                assertProblem(reply, 401, path);
            }
        }
        assertProblem(api.get("/api/v1/reports/satisfaction?agency=P&survey=" + SURVEY, "not-a-token"), 401, "bad token");
    }

    @Test
    void missingSurveyIsABadRequestNamingTheField() {
        Api.Reply reply = api.get("/api/v1/reports/satisfaction?agency=P", admin);
        assertProblem(reply, 400, "missing survey");
        assertThat(fields(reply)).containsExactly("survey");

        Api.Reply ranking = api.get("/api/v1/reports/ranking?survey=" + SURVEY, admin);
        assertProblem(ranking, 400, "missing parent");
        assertThat(fields(ranking)).containsExactly("parent");

        Api.Reply trend = api.get("/api/v1/reports/trend?agency=P", admin);
        assertProblem(trend, 400, "trend without survey");
        assertThat(fields(trend)).containsExactly("survey");
    }

    @Test
    void impossibleDateIsABadRequestNamingFrom() {
        for (String path : List.of(
                "/api/v1/reports/satisfaction?agency=P&survey=" + SURVEY + "&from=2026-13-01",
                "/api/v1/reports/ranking?parent=P&survey=" + SURVEY + "&from=2026-13-01",
                "/api/v1/reports/trend?agency=P&survey=" + SURVEY + "&from=2026-13-01&interval=month")) {
            Api.Reply reply = api.get(path, admin);
            assertProblem(reply, 400, path);
            assertThat(fields(reply)).as(path).containsExactly("from");
        }
        Api.Reply to = api.get("/api/v1/reports/satisfaction?agency=P&survey=" + SURVEY + "&to=31/12/2026", admin);
        assertProblem(to, 400, "bad to");
        assertThat(fields(to)).containsExactly("to");
    }

    @Test
    void toBeforeFromIsABadRequest() {
        for (String path : List.of(
                "/api/v1/reports/satisfaction?agency=P&survey=" + SURVEY + "&from=2026-06-01&to=2026-05-31",
                "/api/v1/reports/ranking?parent=P&survey=" + SURVEY + "&from=2026-06-01&to=2026-05-31",
                "/api/v1/reports/trend?agency=P&survey=" + SURVEY + "&from=2026-06-01&to=2026-05-31")) {
            Api.Reply reply = api.get(path, admin);
            assertProblem(reply, 400, path);
            assertThat(fields(reply)).as(path).containsExactly("to");
        }
        Api.Reply sameDay = api.get("/api/v1/reports/satisfaction?agency=P&survey=" + SURVEY + "&from=2026-06-01&to=2026-06-01", admin);
        assertThat(sameDay.status()).as(sameDay.body()).isEqualTo(200);
    }

    @Test
    void unknownAgencyIsNotFound() {
        Api.Reply reply = api.get("/api/v1/reports/satisfaction?agency=NOWHERE&survey=" + SURVEY, admin);
        assertProblem(reply, 404, "unknown agency");
        assertThat(fields(reply)).containsExactly("agency");

        Api.Reply ranking = api.get("/api/v1/reports/ranking?parent=NOWHERE&survey=" + SURVEY, admin);
        assertProblem(ranking, 404, "unknown parent");
        assertThat(fields(ranking)).containsExactly("parent");

        assertProblem(api.get("/api/v1/reports/trend?agency=NOWHERE&survey=" + SURVEY, admin), 404, "trend, unknown agency");
    }

    @Test
    void unknownSurveyIsNotFound() {
        for (String path : List.of(
                "/api/v1/reports/satisfaction?agency=P&survey=no-such-survey",
                "/api/v1/reports/ranking?parent=P&survey=no-such-survey",
                "/api/v1/reports/trend?agency=P&survey=no-such-survey")) {
            Api.Reply reply = api.get(path, admin);
            assertProblem(reply, 404, path);
            assertThat(fields(reply)).as(path).containsExactly("survey");
        }
    }

    @Test
    void unknownIntervalIsABadRequest() {
        Api.Reply reply = api.get("/api/v1/reports/trend?agency=P&survey=" + SURVEY + "&interval=fortnight", admin);
        assertProblem(reply, 400, "fortnight");
        assertThat(fields(reply)).containsExactly("interval");
        for (String interval : List.of("day", "week", "month", "quarter", "year", "MONTH")) {
            Api.Reply ok = api.get("/api/v1/reports/trend?agency=P&survey=" + SURVEY
                    + "&from=2026-01-01&to=2026-01-31&interval=" + interval, admin);
            assertThat(ok.status()).as(interval + " " + ok.body()).isEqualTo(200);
        }
    }

    private static void assertProblem(Api.Reply reply, int status, String what) {
        assertThat(reply.status()).as(what + " " + reply.body()).isEqualTo(status);
        assertThat(reply.response().getContentType()).as(what + ": content type").isPresent();
        assertThat(reply.response().getContentType().orElseThrow().toString()).as(what).isEqualTo("application/problem+json");
        assertThat(reply.json()).as(what + ": a JSON body").isNotNull();
        assertThat(reply.json().get("status").getIntValue()).as(what).isEqualTo(status);
        assertThat(reply.text("title")).as(what).isNotBlank();
        assertThat(reply.body()).as(what).doesNotContain("Exception").doesNotContain("at vn.hailong");
    }

    private static List<String> fields(Api.Reply reply) {
        List<String> fields = new ArrayList<>();
        JsonNode errors = reply.json().get("errors");
        if (errors != null && !errors.isNull()) {
            errors.values().forEach(e -> fields.add(e.get("field").getStringValue()));
        }
        return fields;
    }
}
