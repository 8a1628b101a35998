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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * GET /api/v1/reports/one-stop (issue 13 §5) over the API against the real database: seeded-random
 * ratings in two communes over four days and three counters (two of them with the same code in
 * different communes), rated by code (with the dossier's dimensions) or without one, and ratings
 * elsewhere that must not count. Every figure is compared with the counts this test keeps itself:
 * levels, not satisfied, reasons as shares of the not-satisfied ratings only, per day, per counter,
 * each filter, and the Wilson intervals of {@link SatisfactionCalculator#wilson}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneStopReportIT implements DatabaseTest {

    // the reasons of the one-stop rating's current version (v2 added "not-given", recorded at a kiosk's idle reset)
    static final List<String> REASONS = List.of("long-wait", "extra-documents", "unclear-guidance", "staff-attitude", "late-result", "other",
            "not-given");
    static final List<String> DAYS = List.of("2026-11-02", "2026-11-03", "2026-11-05", "2026-11-09");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;
    String admin;

    /** One stored rating as the test remembers it. */
    record Rating(String agency, String day, String counter, String procedure, String officer, int level, String reason) {
        String counterKey() {
            return counter == null ? "-" : agency + "/" + counter;
        }
    }

    final List<Rating> ratings = new ArrayList<>();

    @BeforeAll
    void data() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "OSR", null);
        api.agency(admin, "OSR-1", "OSR");
        api.agency(admin, "OSR-2", "OSR");
        api.agency(admin, "OSR-ELSE", null);
        String key = api.post("/api/v1/integrations", Map.of("name", "Một cửa OSR", "agency", "OSR"), admin).text("key");

        Random random = new Random(1_2018L);
        // counter Q1 of OSR-1 gets most ratings (enough for its share), Q2 of OSR-1 and Q1 of OSR-2 fewer
        String[][] counters = {{"OSR-1", "Q1"}, {"OSR-1", "Q1"}, {"OSR-1", "Q1"}, {"OSR-1", "Q2"}, {"OSR-2", "Q1"}};
        List<Map<String, Object>> dossiers = new ArrayList<>();
        List<String[]> planned = new ArrayList<>();
        for (int i = 0; i < 110; i++) {
            String[] counter = counters[random.nextInt(counters.length)];
            String procedure = random.nextInt(3) == 0 ? "2.000001" : "1.004227";
            String officer = "cb-" + (1 + random.nextInt(3));
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("code", "OSR.26-" + i);
            d.put("agency", counter[0]);
            d.put("procedure", Map.of("code", procedure, "name", "Thủ tục " + procedure));
            d.put("field", procedure.equals("2.000001") ? "Đất đai" : "Hộ tịch");
            d.put("counter", counter[1]);
            d.put("officer", Map.of("code", officer));
            d.put("channel", random.nextInt(4) == 0 ? "online" : "direct");
            d.put("returnedAt", "2026-11-01T10:00:00+07:00");
            dossiers.add(d);
            planned.add(new String[]{counter[0], counter[1], procedure, officer});
        }
        Api.Reply batch = api.post("/api/v1/dossiers:batch", Map.of("dossiers", dossiers), key);
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        List<JsonNode> results = new ArrayList<>();
        batch.json().get("results").values().forEach(results::add);

        for (int i = 0; i < planned.size(); i++) {
            String[] p = planned.get(i);
            Rating r = rating(random, p[0], p[1], p[2], p[3]);
            Map<String, Object> body = body(r);
            body.remove("agency"); // the code gives it
            body.put("channel", "portal");
            body.put("ratingCode", results.get(i).get("ratingCode").getStringValue());
            Api.Reply reply = api.post("/api/v1/responses", body, key);
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
            ratings.add(r);
        }
        // typed in by staff from paper, without a code: no dimensions; and ratings of another province
        for (int i = 0; i < 40; i++) {
            String agency = i < 30 ? (random.nextBoolean() ? "OSR-1" : "OSR-2") : "OSR-ELSE";
            Rating r = rating(random, agency, null, null, null);
            Map<String, Object> body = body(r);
            body.put("channel", "paper");
            Api.Reply reply = api.post("/api/v1/responses", body, admin);
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
            if (!agency.equals("OSR-ELSE")) {
                ratings.add(r);
            }
        }
        // a SIPAS response in the same communes is not part of this report
        Map<String, Object> sipas = Api.submission("OSR-1", Map.of("E1.1", 1));
        sipas.put("submittedAt", DAYS.get(0) + "T09:00:00+07:00");
        assertThat(api.post("/api/v1/responses", sipas, null).status()).isEqualTo(201);
    }

    private static Rating rating(Random random, String agency, String counter, String procedure, String officer) {
        int level = random.nextInt(10) < 3 ? 1 : 2 + random.nextInt(2);
        // every "not satisfied" gives a reason; some satisfied ratings give one too (not counted as a reason)
        String reason = level == 1 || random.nextInt(8) == 0 ? REASONS.get(random.nextInt(REASONS.size())) : null;
        return new Rating(agency, DAYS.get(random.nextInt(DAYS.size())), counter, procedure, officer, level, reason);
    }

    private static Map<String, Object> body(Rating r) {
        Map<String, Object> answers = new LinkedHashMap<>();
        answers.put("rating", r.level());
        if (r.reason() != null) {
            answers.put("reason", r.reason());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", UUID.randomUUID().toString());
        body.put("survey", "one-stop-rating");
        body.put("agency", r.agency());
        body.put("language", "vi");
        body.put("submittedAt", r.day() + "T10:00:00+07:00");
        body.put("answers", answers);
        return body;
    }

    private JsonNode report(String query) {
        Api.Reply reply = api.get("/api/v1/reports/one-stop?" + query, admin);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    /** Every figure of the report equals the one computed here from the ratings {@code included}. */
    private void matches(JsonNode report, Predicate<Rating> included) {
        List<Rating> in = ratings.stream().filter(included).toList();
        long n = in.size();
        long unhappy = in.stream().filter(r -> r.level() == 1).count();
        assertThat(n).as("the case has ratings").isPositive();
        assertThat(unhappy).as("the case has not-satisfied ratings").isPositive();
        assertThat(report.get("responses").getLongValue()).isEqualTo(n);

        List<JsonNode> levels = list(report.get("levels"));
        assertThat(levels).extracting(l -> l.get("value").getIntValue()).containsExactly(1, 2, 3);
        for (JsonNode level : levels) {
            int value = level.get("value").getIntValue();
            long count = in.stream().filter(r -> r.level() == value).count();
            assertThat(level.get("count").getLongValue()).as("level %d", value).isEqualTo(count);
            assertThat(level.get("share").getDoubleValue()).isCloseTo(100.0 * count / n, within(0.0001));
            assertThat(level.get("satisfied").getBooleanValue()).isEqualTo(value != 1);
            interval(level.get("ci95"), count, n);
        }
        JsonNode notSatisfied = report.get("notSatisfied");
        assertThat(notSatisfied.get("count").getLongValue()).isEqualTo(unhappy);
        assertThat(notSatisfied.get("share").getDoubleValue()).isCloseTo(100.0 * unhappy / n, within(0.0001));
        interval(notSatisfied.get("ci95"), unhappy, n);

        List<JsonNode> reasons = list(report.get("reasons"));
        assertThat(reasons).extracting(r -> r.get("code").getStringValue()).containsExactlyElementsOf(REASONS);
        long reasonTotal = 0;
        for (JsonNode reason : reasons) {
            String code = reason.get("code").getStringValue();
            long count = in.stream().filter(r -> r.level() == 1 && code.equals(r.reason())).count();
            reasonTotal += count;
            assertThat(reason.get("count").getLongValue()).as(code).isEqualTo(count);
            assertThat(reason.get("share").getDoubleValue()).as(code).isCloseTo(100.0 * count / unhappy, within(0.0001));
        }
        assertThat(reasonTotal).as("each not-satisfied rating has one reason").isEqualTo(unhappy);

        TreeMap<String, long[]> days = new TreeMap<>();
        in.forEach(r -> {
            long[] d = days.computeIfAbsent(r.day(), x -> new long[2]);
            d[0]++;
            d[1] += r.level() == 1 ? 1 : 0;
        });
        List<JsonNode> byDay = list(report.get("byDay"));
        assertThat(byDay).extracting(d -> d.get("date").getStringValue()).containsExactlyElementsOf(days.keySet());
        for (JsonNode day : byDay) {
            long[] d = days.get(day.get("date").getStringValue());
            assertThat(day.get("responses").getLongValue()).isEqualTo(d[0]);
            assertThat(day.get("notSatisfied").getLongValue()).isEqualTo(d[1]);
            assertThat(day.get("notSatisfiedShare").getDoubleValue()).isCloseTo(100.0 * d[1] / d[0], within(0.0001));
        }

        Map<String, long[]> counters = new HashMap<>();
        in.forEach(r -> {
            long[] c = counters.computeIfAbsent(r.counterKey(), x -> new long[2]);
            c[0]++;
            c[1] += r.level() == 1 ? 1 : 0;
        });
        List<JsonNode> byCounter = list(report.get("byCounter"));
        assertThat(byCounter).hasSize(counters.size());
        for (JsonNode row : byCounter) {
            String key = row.get("counter").isNull() ? "-" : row.get("agency").getStringValue() + "/" + row.get("counter").getStringValue();
            long[] c = counters.get(key);
            assertThat(c).as(key).isNotNull();
            assertThat(row.get("responses").getLongValue()).as(key).isEqualTo(c[0]);
            assertThat(row.get("notSatisfied").getLongValue()).as(key).isEqualTo(c[1]);
            boolean sufficient = c[0] >= 30;
            assertThat(row.get("sufficientSample").getBooleanValue()).as(key).isEqualTo(sufficient);
            if (sufficient) {
                assertThat(row.get("notSatisfiedShare").getDoubleValue()).as(key).isCloseTo(100.0 * c[1] / c[0], within(0.0001));
                interval(row.get("ci95"), c[1], c[0]);
            } else {
                assertThat(row.get("notSatisfiedShare").isNull()).as("%s below the minimum sample", key).isTrue();
                assertThat(row.get("ci95").isNull()).isTrue();
            }
        }
        // most ratings first, the ratings without a counter last
        for (int i = 1; i < byCounter.size(); i++) {
            if (!byCounter.get(i).get("counter").isNull()) {
                assertThat(byCounter.get(i - 1).get("responses").getLongValue()).isGreaterThanOrEqualTo(byCounter.get(i).get("responses").getLongValue());
            }
        }
    }

    private static void interval(JsonNode ci95, long count, long n) {
        double[] wilson = SatisfactionCalculator.wilson(count, n);
        assertThat(ci95.get(0).getDoubleValue()).isCloseTo(wilson[0], within(0.0001));
        assertThat(ci95.get(1).getDoubleValue()).isCloseTo(wilson[1], within(0.0001));
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.values().forEach(list::add);
        return list;
    }

    @Test
    void theProvinceReportEqualsTheRawRatingsOfItsCommunesOnly() {
        JsonNode report = report("agency=OSR");
        matches(report, r -> true);
        assertThat(report.get("survey").getStringValue()).isEqualTo("one-stop-rating");
        assertThat(list(report.get("byCounter"))).as("a counter without ratings from the sample, and one with")
                .anySatisfy(c -> assertThat(c.get("sufficientSample").getBooleanValue()).isTrue())
                .anySatisfy(c -> assertThat(c.get("sufficientSample").getBooleanValue()).isFalse());
        assertThat(list(report.get("byCounter")).get(report.get("byCounter").size() - 1).get("counter").isNull())
                .as("the paper ratings have no counter").isTrue();
    }

    @Test
    void aCommuneAndADateRangeNarrowTheSameFigures() {
        matches(report("agency=OSR-2"), r -> r.agency().equals("OSR-2"));
        matches(report("agency=OSR&from=2026-11-03&to=2026-11-05"), r -> r.day().equals("2026-11-03") || r.day().equals("2026-11-05"));
    }

    @Test
    void eachDimensionFilterKeepsTheRatingsWhoseCodeCarriedIt() {
        // Q1 exists in both communes: the filter takes the code in every agency of the subtree
        matches(report("agency=OSR&counter=Q1"), r -> "Q1".equals(r.counter()));
        matches(report("agency=OSR&procedure=2.000001"), r -> "2.000001".equals(r.procedure()));
        matches(report("agency=OSR&field=H%E1%BB%99%20t%E1%BB%8Bch"), r -> "1.004227".equals(r.procedure()));
        matches(report("agency=OSR&officer=cb-2&counter=Q1"), r -> "cb-2".equals(r.officer()) && "Q1".equals(r.counter()));
        JsonNode filtered = report("agency=OSR&counter=Q1&officer=cb-2");
        assertThat(filtered.get("filters").get("counter").getStringValue()).isEqualTo("Q1");
        assertThat(filtered.get("filters").get("procedure").isNull()).isTrue();
        assertThat(report("agency=OSR&counter=NOPE").get("responses").getLongValue()).isZero();
    }

    @Test
    void labelsAreInTheReadersLanguage() {
        JsonNode vi = report("agency=OSR");
        assertThat(list(vi.get("levels"))).extracting(l -> l.get("label").getStringValue())
                .containsExactly("Không hài lòng", "Hài lòng", "Rất hài lòng");
        assertThat(list(vi.get("reasons")).get(0).get("label").getStringValue()).isEqualTo("Phải chờ đợi lâu");
        JsonNode en = report("agency=OSR&lang=en");
        assertThat(list(en.get("levels"))).extracting(l -> l.get("label").getStringValue())
                .containsExactly("Not satisfied", "Satisfied", "Very satisfied");
        assertThat(list(en.get("reasons")).get(0).get("label").getStringValue()).isEqualTo("I had to wait too long");
    }

    @Test
    void scopeAndBadParametersAreRefusedAsOnTheOtherReports() {
        String commune = api.reviewer(admin, "osr-reviewer-2", "OSR-2");
        assertThat(api.get("/api/v1/reports/one-stop?agency=OSR-2", commune).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/reports/one-stop?agency=OSR", commune).status()).as("above the reviewer").isEqualTo(403);
        assertThat(api.get("/api/v1/reports/one-stop?agency=OSR-1", commune).status()).as("a sibling").isEqualTo(403);
        assertThat(api.get("/api/v1/reports/one-stop?agency=OSR", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/reports/one-stop?agency=NOPE", admin).status()).isEqualTo(404);

        Api.Reply bad = api.get("/api/v1/reports/one-stop?agency=OSR&counter=" + "x".repeat(65) + "&channel=a%20b", admin);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.response().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
        List<String> fields = new ArrayList<>();
        bad.json().get("errors").values().forEach(e -> fields.add(e.get("field").getStringValue()));
        assertThat(fields).containsExactlyInAnyOrder("counter", "channel");
        Api.Reply badDate = api.get("/api/v1/reports/one-stop?agency=OSR&from=2026-13-01", admin);
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.body()).contains("\"from\"");
        assertThat(api.get("/api/v1/reports/one-stop", admin).status()).as("agency is required").isEqualTo(400);
        assertThat(api.get("/api/v1/reports/one-stop?agency=OSR&from=1999-12-31", admin).status()).as("outside the range reports cover").isEqualTo(422);
    }
}
