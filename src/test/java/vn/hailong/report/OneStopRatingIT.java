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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The per-dossier rating at the one-stop desk (docs/method.md §1 and §5, one-stop-rating): the rating is
 * required, "Không hài lòng" requires a reason, and the report's index is
 * 100 · (Hài lòng + Rất hài lòng) / all ratings (docs/method.md §5).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneStopRatingIT implements DatabaseTest {

    static final String SURVEY = "one-stop-rating";
    static final List<String> REASONS = List.of("long-wait", "extra-documents", "unclear-guidance", "staff-attitude", "late-result", "other", "not-given");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;
    String admin;

    @BeforeAll
    void tree() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "OS", null);
        api.agency(admin, "OS-1", "OS");
        api.agency(admin, "OS-2", "OS");
        api.agency(admin, "CHECKS", null);
    }

    @Test
    void theSurveysApiServesTheRatingWithItsRules() {
        Api.Reply list = api.get("/api/v1/surveys", null);
        List<String> codes = new ArrayList<>();
        list.json().values().forEach(v -> codes.add(v.get("code").getStringValue()));
        assertThat(codes).containsExactly("legal-evaluation", "one-stop-rating", "sipas-2017", "sipas-2023");

        JsonNode definition = api.get("/api/v1/surveys/" + SURVEY, null).json();
        JsonNode rating = definition.get("elements").get(0).get("criteria").get(0);
        assertThat(rating.get("code").getStringValue()).isEqualTo("rating");
        assertThat(rating.get("required").getBooleanValue()).isTrue();
        JsonNode reason = definition.get("questions").get(0);
        assertThat(reason.get("code").getStringValue()).isEqualTo("reason");
        assertThat(reason.get("requiredWhen").get("question").getStringValue()).isEqualTo("rating");
        assertThat(reason.get("requiredWhen").get("values").get(0).getIntValue()).isEqualTo(1);
        // sipas-2017 is served exactly as before: no new keys on its criteria or questions
        JsonNode sipas = api.get("/api/v1/surveys/sipas-2017", null).json();
        assertThat(sipas.get("elements").get(0).get("criteria").get(0).get("required")).isNull();
        sipas.get("questions").values().forEach(q -> assertThat(q.get("requiredWhen")).isNull());
    }

    @Test
    void notSatisfiedWithoutAReasonIsRefusedNamingTheReasonAndNothingIsStored() {
        String before = Rows.submissionState();
        Map<String, Object> withoutReason = new LinkedHashMap<>();
        withoutReason.put("rating", 1);
        withoutReason.put("reasonText", "Chờ lâu quá");
        Map<String, Object> nullReason = new LinkedHashMap<>();
        nullReason.put("rating", 1);
        nullReason.put("reason", null);

        for (Map<String, Object> answers : List.of(withoutReason, nullReason, Map.<String, Object>of("rating", 1))) {
            Api.Reply reply = api.post("/api/v1/responses", rating("CHECKS", answers), null);

            assertThat(reply.status()).as(answers.toString()).isEqualTo(422);
            assertThat(reply.response().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
            assertThat(errors(reply)).as(answers.toString()).containsExactly(Map.entry("answers.reason", "is required when rating is 1"));
        }
        assertThat(Rows.submissionState()).isEqualTo(before);

        // the reason must still be a real option when given
        Api.Reply wrongReason = api.post("/api/v1/responses", rating("CHECKS", Map.of("rating", 1, "reason", "weather")), null);
        assertThat(wrongReason.status()).isEqualTo(422);
        assertThat(errors(wrongReason)).containsOnlyKeys("answers.reason");
        assertThat(Rows.submissionState()).isEqualTo(before);

        Map<String, Object> body = rating("CHECKS", Map.of("rating", 1, "reason", "long-wait", "reasonText", "Chờ hơn hai tiếng"));
        assertThat(api.post("/api/v1/responses", body, null).status()).isEqualTo(201);
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + body.get("id")
                + "' AND question_code = 'reason' AND value_text = 'long-wait'")).isEqualTo(1);
    }

    @Test
    void theRatingItselfIsRequiredAndOnItsScale() {
        String before = Rows.submissionState();
        Map<String, Object> nullRating = new HashMap<>();
        nullRating.put("rating", null);

        for (Map<String, Object> answers : List.of(Map.<String, Object>of(), nullRating, Map.<String, Object>of("reason", "other"),
                Map.<String, Object>of("reasonText", "Không có gì"))) {
            Api.Reply reply = api.post("/api/v1/responses", rating("CHECKS", answers), null);

            assertThat(reply.status()).as(answers.toString()).isEqualTo(422);
            assertThat(errors(reply)).as(answers.toString()).containsExactly(Map.entry("answers.rating", "is required"));
        }
        for (Object wrong : List.of(0, 4, 5, "3", 2.5)) {
            Api.Reply reply = api.post("/api/v1/responses", rating("CHECKS", Map.of("rating", wrong)), null);
            assertThat(reply.status()).as("rating %s", wrong).isEqualTo(422);
            assertThat(errors(reply)).as("rating %s", wrong).containsOnlyKeys("answers.rating");
            assertThat(errors(reply).get("answers.rating")).startsWith("must be one of 1, 2, 3");
        }
        assertThat(Rows.submissionState()).isEqualTo(before);
    }

    @Test
    void satisfiedRatingsNeedNoReasonButMayGiveOne() {
        assertThat(api.post("/api/v1/responses", rating("CHECKS", Map.of("rating", 2)), null).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/responses", rating("CHECKS", Map.of("rating", 3)), null).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/responses", rating("CHECKS", Map.of("rating", 2, "reason", "long-wait")), null).status())
                .isEqualTo(201);
        Map<String, Object> withDossier = rating("CHECKS", Map.of("rating", 3));
        withDossier.put("dossier", "OS.26-000123");
        assertThat(api.post("/api/v1/responses", withDossier, null).status()).isEqualTo(201);
        Map<String, Object> again = rating("CHECKS", Map.of("rating", 1, "reason", "other"));
        again.put("dossier", "OS.26-000123");
        assertThat(api.post("/api/v1/responses", again, null).status()).as("a dossier is rated once").isEqualTo(409);
    }

    /**
     * Seeded-random ratings over OS-1 and OS-2: the province's index is 100 · satisfied / all,
     * the reason shares are counted over those who gave one, and each commune is its own share.
     */
    @Test
    void indexIsTheShareOfSatisfiedAndVerySatisfiedRatings() {
        Random random = new Random(61_2018L);
        Map<String, int[]> ratings = new HashMap<>(); // agency → count per rating value (index 1..3)
        Map<String, Integer> reasons = new HashMap<>();
        int withReason = 0;
        for (int i = 0; i < 150; i++) {
            String agency = random.nextBoolean() ? "OS-1" : "OS-2";
            int value = 1 + random.nextInt(3);
            Map<String, Object> answers = new LinkedHashMap<>();
            answers.put("rating", value);
            // every "not satisfied" gives a reason; a few satisfied ones do too
            if (value == 1 || random.nextInt(10) == 0) {
                String reason = REASONS.get(random.nextInt(REASONS.size()));
                answers.put("reason", reason);
                reasons.merge(reason, 1, Integer::sum);
                withReason++;
            }
            if (random.nextInt(4) == 0) {
                answers.put("reasonText", "Ghi chú " + i);
            }
            Map<String, Object> body = rating(agency, answers);
            body.put("channel", "paper"); // typed in by staff: admin token, no per-client rate limit
            Api.Reply reply = api.post("/api/v1/responses", body, admin);
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
            ratings.computeIfAbsent(agency, a -> new int[4])[value]++;
        }
        int[] all = new int[4];
        ratings.values().forEach(r -> {
            for (int v = 1; v <= 3; v++) {
                all[v] += r[v];
            }
        });
        assertThat(all[1]).as("the data has every rating").isPositive();
        assertThat(all[2]).isPositive();
        assertThat(all[3]).isPositive();

        JsonNode province = report("OS");
        int total = all[1] + all[2] + all[3];
        double expected = 100.0 * (all[2] + all[3]) / total;
        assertThat(province.get("responses").getLongValue()).isEqualTo(total);
        assertThat(province.get("index").getDoubleValue()).isCloseTo(expected, within(0.001));
        JsonNode element = province.get("elements").get(0);
        assertThat(element.get("code").getStringValue()).isEqualTo("R");
        assertThat(element.get("index").getDoubleValue()).isCloseTo(expected, within(0.001));
        JsonNode criterion = element.get("criteria").get(0);
        assertThat(criterion.get("code").getStringValue()).isEqualTo("rating");
        assertThat(criterion.get("answers").getLongValue()).isEqualTo(total);
        assertThat(criterion.get("satisfied").getLongValue()).isEqualTo(all[2] + all[3]);
        assertThat(criterion.get("distribution").get("1").getLongValue()).isEqualTo(all[1]);
        assertThat(criterion.get("distribution").get("2").getLongValue()).isEqualTo(all[2]);
        assertThat(criterion.get("distribution").get("3").getLongValue()).isEqualTo(all[3]);
        assertThat(criterion.get("mean").getDoubleValue()).isCloseTo((all[1] + 2.0 * all[2] + 3.0 * all[3]) / total, within(0.001));
        double[] wilson = SatisfactionCalculator.wilson(all[2] + all[3], total);
        assertThat(criterion.get("ci95").get(0).getDoubleValue()).isCloseTo(wilson[0], within(0.001));
        assertThat(criterion.get("ci95").get(1).getDoubleValue()).isCloseTo(wilson[1], within(0.001));

        JsonNode reason = choice(province, "reason");
        assertThat(reason.get("answered").getLongValue()).isEqualTo(withReason);
        assertThat(reason.get("options").values()).hasSize(REASONS.size());
        for (JsonNode option : reason.get("options").values()) {
            int count = reasons.getOrDefault(option.get("code").getStringValue(), 0);
            assertThat(option.get("count").getLongValue()).as(option.get("code").getStringValue()).isEqualTo(count);
            assertThat(option.get("share").getDoubleValue()).isCloseTo(100.0 * count / withReason, within(0.001));
        }
        assertThat(province.get("choices").values()).as("only choice questions are shares; reasonText is not")
                .extracting(c -> c.get("code").getStringValue()).containsExactly("reason");

        for (String commune : List.of("OS-1", "OS-2")) {
            int[] r = ratings.get(commune);
            assertThat(report(commune).get("index").getDoubleValue()).as(commune)
                    .isCloseTo(100.0 * (r[2] + r[3]) / (r[1] + r[2] + r[3]), within(0.001));
        }
    }

    private JsonNode report(String agency) {
        Api.Reply reply = api.get("/api/v1/reports/satisfaction?agency=" + agency + "&survey=" + SURVEY, admin);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("survey").getStringValue()).isEqualTo(SURVEY);
        return reply.json();
    }

    static JsonNode choice(JsonNode report, String code) {
        for (JsonNode choice : report.get("choices").values()) {
            if (choice.get("code").getStringValue().equals(code)) {
                return choice;
            }
        }
        throw new AssertionError("no choice " + code + " in the report");
    }

    static Map<String, String> errors(Api.Reply reply) {
        Map<String, String> errors = new LinkedHashMap<>();
        reply.json().get("errors").values().forEach(e -> errors.put(e.get("field").getStringValue(), e.get("message").getStringValue()));
        return errors;
    }

    private static Map<String, Object> rating(String agency, Map<String, Object> answers) {
        Map<String, Object> body = Api.submission(agency, answers);
        body.put("survey", SURVEY);
        body.put("channel", "web");
        return body;
    }
}
