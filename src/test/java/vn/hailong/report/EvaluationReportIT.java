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
import vn.hailong.support.Rows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/v1/reports/evaluation (issue 15 §2) over the API against the real database, for the
 * shipped legal-evaluation (TT 01/2018/TT-VPCP Điều 13 khoản 1 and 3: 2 / 1 / 0 points). Dossiers
 * come through the served-dossier feed with their due and return times; responses that carry their
 * rating codes leave the time criterion to the feed, which answers it from the days; others answer
 * it themselves. The expected figures are worked out here from the dossiers as planned.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvaluationReportIT implements DatabaseTest {

    /** Scale values of the template, lowest first: time longer/equal/shorter, contacts more than once/once/none. */
    static final int LONGER = 1, EQUAL = 2, SHORTER = 3;
    static final int MORE = 1, ONCE = 2, NONE = 3;
    /** The circular's points of each value (the same for both criteria: lowest value 0, then 1, then 2). */
    static int points(int value) {
        return value - 1;
    }

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;
    String admin;
    String key;
    /** (time, contacts) of every counted response, as planned. */
    final List<int[]> counted = new ArrayList<>();
    String filledResponse;

    @BeforeAll
    void data() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "LEG", null);
        api.agency(admin, "LEG-1", "LEG");
        api.agency(admin, "LEG-ELSE", null);
        key = api.post("/api/v1/integrations", Map.of("name", "Một cửa LEG", "agency", "LEG"), admin).text("key");

        // due on the 10th (Hà Nội); returned the 9th, the 10th (after office hours), the 12th; one without a due time
        List<Map<String, Object>> dossiers = List.of(
                dossier("LEG.26-1", "2026-11-10T17:00:00+07:00", "2026-11-09T15:00:00+07:00"),
                dossier("LEG.26-2", "2026-11-10T17:00:00+07:00", "2026-11-10T19:30:00+07:00"),
                dossier("LEG.26-3", "2026-11-10T17:00:00+07:00", "2026-11-12T08:00:00+07:00"),
                dossier("LEG.26-4", null, "2026-11-12T08:00:00+07:00"),
                dossier("LEG.26-5", "2026-11-10T17:00:00+07:00", "2026-11-12T08:00:00+07:00"));
        Api.Reply batch = api.post("/api/v1/dossiers:batch", Map.of("dossiers", dossiers), key);
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        batch.json().get("results").values().forEach(r -> codes.add(r.get("ratingCode").getStringValue()));

        // the feed answers "time": early, on the due day, late
        filledResponse = rated(codes.get(0), Map.of("contacts", NONE), SHORTER, NONE);
        rated(codes.get(1), Map.of("contacts", ONCE), EQUAL, ONCE);
        rated(codes.get(2), Map.of("contacts", MORE), LONGER, MORE);
        // the citizen's own answer is kept (dossier 5 was late)
        rated(codes.get(4), Map.of("time", EQUAL, "contacts", ONCE), EQUAL, ONCE);
        // without a due time the feed cannot answer, and time is required
        Api.Reply missing = api.post("/api/v1/responses", ratedBody(codes.get(3), Map.of("contacts", NONE)), key);
        assertThat(missing.status()).as(missing.body()).isEqualTo(422);
        assertThat(missing.body()).contains("answers.time");
        rated(codes.get(3), Map.of("time", SHORTER, "contacts", NONE), SHORTER, NONE);

        // typed in from paper in a commune, without a code
        for (int[] answer : new int[][]{{SHORTER, ONCE}, {LONGER, NONE}}) {
            Map<String, Object> body = body("LEG-1", Map.of("time", answer[0], "contacts", answer[1]));
            body.put("channel", "paper");
            Api.Reply reply = api.post("/api/v1/responses", body, admin);
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
            counted.add(answer);
        }
        // elsewhere, and outside the dates: not counted
        Map<String, Object> elsewhere = body("LEG-ELSE", Map.of("time", LONGER, "contacts", MORE));
        elsewhere.put("channel", "paper");
        assertThat(api.post("/api/v1/responses", elsewhere, admin).status()).isEqualTo(201);
        Map<String, Object> earlier = body("LEG-1", Map.of("time", LONGER, "contacts", MORE));
        earlier.put("channel", "paper");
        earlier.put("submittedAt", "2026-10-01T10:00:00+07:00");
        assertThat(api.post("/api/v1/responses", earlier, admin).status()).isEqualTo(201);
    }

    private static Map<String, Object> dossier(String code, String dueAt, String returnedAt) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("code", code);
        d.put("agency", "LEG");
        d.put("procedure", Map.of("code", "1.004227", "name", "Đăng ký khai sinh"));
        d.put("channel", "direct");
        d.put("receivedAt", "2026-11-02T08:00:00+07:00");
        if (dueAt != null) {
            d.put("dueAt", dueAt);
        }
        d.put("returnedAt", returnedAt);
        return d;
    }

    private String rated(String code, Map<String, Object> answers, int time, int contacts) {
        Map<String, Object> body = ratedBody(code, answers);
        Api.Reply reply = api.post("/api/v1/responses", body, key);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        counted.add(new int[]{time, contacts});
        return (String) body.get("id");
    }

    private static Map<String, Object> ratedBody(String code, Map<String, Object> answers) {
        Map<String, Object> body = body(null, answers);
        body.remove("agency"); // the code gives it
        body.put("channel", "portal");
        body.put("ratingCode", code);
        return body;
    }

    private static Map<String, Object> body(String agency, Map<String, Object> answers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", UUID.randomUUID().toString());
        body.put("survey", "legal-evaluation");
        body.put("agency", agency);
        body.put("language", "vi");
        body.put("submittedAt", "2026-11-12T10:00:00+07:00");
        body.put("answers", answers);
        return body;
    }

    @Test
    void theFeedsAnswerIsStoredAsTheResponsesOwn() {
        assertThat(Rows.text("SELECT value_int FROM answer WHERE response_id = '" + filledResponse + "' AND question_code = 'time'"))
                .isEqualTo(Integer.toString(SHORTER));
    }

    @Test
    void everyCriterionHasItsDossiersPerPointLevelAndTheMeanScoreIsTheMeanOfTheDossiersScores() {
        Api.Reply reply = api.get("/api/v1/reports/evaluation?agency=LEG&from=2026-11-01&to=2026-11-30", admin);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode report = reply.json();
        int n = counted.size();
        assertThat(report.get("survey").getStringValue()).isEqualTo("legal-evaluation");
        assertThat(report.get("responses").getLongValue()).isEqualTo(n);
        assertThat(report.get("maxScore").getIntValue()).isEqualTo(4);
        List<JsonNode> criteria = new ArrayList<>();
        report.get("criteria").values().forEach(criteria::add);
        assertThat(criteria).extracting(c -> c.get("code").getStringValue()).containsExactly("time", "contacts");
        double scoreSum = 0;
        for (int[] answer : counted) {
            scoreSum += points(answer[0]) + points(answer[1]);
        }
        for (int k = 0; k < 2; k++) {
            JsonNode criterion = criteria.get(k);
            assertThat(criterion.get("answers").getLongValue()).isEqualTo(n);
            assertThat(criterion.get("maxPoints").getIntValue()).isEqualTo(2);
            int pointSum = 0;
            for (int value = 1; value <= 3; value++) {
                final int v = value;
                final int index = k;
                long expected = counted.stream().filter(a -> a[index] == v).count();
                JsonNode level = criterion.get("levels").get(value - 1);
                assertThat(level.get("value").getIntValue()).isEqualTo(value);
                assertThat(level.get("points").getIntValue()).isEqualTo(points(value));
                assertThat(level.get("count").getLongValue()).as(criterion.get("code").getStringValue() + "=" + value).isEqualTo(expected);
                assertThat(level.get("share").getDoubleValue()).isCloseTo(100.0 * expected / n, org.assertj.core.data.Offset.offset(1e-4));
                pointSum += points(value) * expected;
            }
            assertThat(criterion.get("meanPoints").getDoubleValue()).isCloseTo((double) pointSum / n, org.assertj.core.data.Offset.offset(1e-4));
        }
        // time shorter than prescribed: dossier 1 (the feed's answer), dossier 4 (answered) and one paper sheet
        assertThat(criteria.get(0).get("levels").get(2).get("count").getLongValue()).isEqualTo(3);
        assertThat(report.get("meanScore").getDoubleValue()).isCloseTo(scoreSum / n, org.assertj.core.data.Offset.offset(1e-4));
        // by hand: (4 + 2 + 0 + 2 + 4) from the codes, (2 + 1) + (0 + 2) from paper = 17 over 7 dossiers
        assertThat(scoreSum).isEqualTo(17);
        assertThat(report.get("meanScore").getDoubleValue()).isEqualTo(2.4286);
    }

    @Test
    void labelsFollowTheReadersLanguage() {
        JsonNode report = api.get("/api/v1/reports/evaluation?agency=LEG&lang=en", admin).json();

        assertThat(report.get("criteria").get(1).get("levels").get(2).get("label").getStringValue()).isEqualTo("Not at all");
    }

    @Test
    void aSurveyWithoutPointsAnUnknownAgencyAndAnotherProvincesReviewerAreRefused() {
        Api.Reply noPoints = api.get("/api/v1/reports/evaluation?agency=LEG&survey=sipas-2017", admin);
        assertThat(noPoints.status()).isEqualTo(422);
        assertThat(noPoints.body()).contains("\"survey\"").contains("has no criterion whose answers carry points");

        assertThat(api.get("/api/v1/reports/evaluation?agency=NOPE", admin).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/reports/evaluation?agency=LEG&survey=nope", admin).status()).isEqualTo(404);
        Api.Reply noAgency = api.get("/api/v1/reports/evaluation", admin);
        assertThat(noAgency.status()).isEqualTo(400);
        assertThat(noAgency.body()).contains("\"agency\"");

        String other = api.reviewer(admin, "leg-else-reviewer", "LEG-ELSE");
        assertThat(api.get("/api/v1/reports/evaluation?agency=LEG", other).status()).isEqualTo(403);
        String commune = api.reviewer(admin, "leg-1-reviewer", "LEG-1");
        JsonNode own = api.get("/api/v1/reports/evaluation?agency=LEG-1&from=2026-11-01", commune).json();
        assertThat(own.get("responses").getLongValue()).as("the two paper responses").isEqualTo(2);
    }

    @Test
    void openApiDescribesTheEvaluationReportWithAnExample() {
        Api.Reply openApi = api.get("/openapi.yml", null);
        assertThat(openApi.status()).isEqualTo(200);
        String yaml = openApi.body();
        int at = yaml.indexOf("/api/v1/reports/evaluation:");
        assertThat(at).isPositive();
        int next = yaml.indexOf("\n  /", at + 1);
        String path = yaml.substring(at, next < 0 ? yaml.length() : next);
        assertThat(path).contains("name: survey").contains("name: agency").contains("meanScore").contains("TT 01/2018/TT-VPCP");
    }
}
