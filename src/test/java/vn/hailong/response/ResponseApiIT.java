package vn.hailong.response;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResponseApiIT implements DatabaseTest {

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
        api.agency(admin, "HN", null);
        api.agency(admin, "HN-01", "HN");
        api.agency(admin, "HN-02", "HN");
    }

    private static Map<String, Object> answers() {
        Map<String, Object> answers = new LinkedHashMap<>();
        answers.put("E1.1", 5);
        answers.put("E1.2", 4);
        answers.put("E3.1", null);
        answers.put("improve", List.of("E3", "E5"));
        answers.put("comment", "Cán bộ rất nhiệt tình");
        return answers;
    }

    @Test
    void newSubmissionIsStoredWithEveryAnswer() {
        Map<String, Object> body = Api.submission("HN-01", answers());
        Api.Reply reply = api.post("/api/v1/responses", body, null);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.text("id")).isEqualTo(body.get("id"));
        assertThat(reply.text("status")).isEqualTo("stored");
        String id = (String) body.get("id");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + id + "'")).isEqualTo(1);
        // E1.1, E1.2, two improve choices, comment; the null answer is not a row
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + id + "'")).isEqualTo(5);
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + id
                + "' AND question_code = 'E1.1' AND value_int = 5")).isEqualTo(1);
    }

    @Test
    void replayedSubmissionIsStoredOnce() {
        Map<String, Object> body = Api.submission("HN-01", answers());
        assertThat(api.post("/api/v1/responses", body, null).status()).isEqualTo(201);
        String before = Rows.submissionState();

        Api.Reply replay = api.post("/api/v1/responses", body, null);

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.text("id")).isEqualTo(body.get("id"));
        assertThat(replay.text("status")).isEqualTo("stored");
        assertThat(Rows.submissionState()).isEqualTo(before);
    }

    @Test
    void sameIdWithDifferentContentIsAConflictAndChangesNothing() {
        Map<String, Object> body = Api.submission("HN-01", answers());
        api.post("/api/v1/responses", body, null);
        String before = Rows.submissionState();
        Map<String, Object> changed = new HashMap<>(body);
        changed.put("answers", Map.of("E1.1", 1));

        Api.Reply reply = api.post("/api/v1/responses", changed, null);

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.response().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
        assertThat(reply.body()).contains("\"field\":\"id\"");
        assertThat(Rows.submissionState()).isEqualTo(before);
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + body.get("id") + "' AND value_int = 1")).isZero();
    }

    @Test
    void aDossierIsRatedOncePerSurvey() {
        Map<String, Object> first = Api.submission("HN-01", answers());
        first.put("dossier", "H01.23-261120-0042");
        assertThat(api.post("/api/v1/responses", first, null).status()).isEqualTo(201);
        String before = Rows.submissionState();
        Map<String, Object> second = Api.submission("HN-02", Map.of("E1.1", 2));
        second.put("dossier", " h01.23-261120-0042 ");

        Api.Reply reply = api.post("/api/v1/responses", second, null);

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.body()).contains("\"field\":\"dossier\"");
        assertThat(Rows.submissionState()).isEqualTo(before);
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE dossier_hash LIKE '%H01%'")).isZero();
    }

    @Test
    void invalidAnswersAreNamedFieldByFieldAndNothingIsStored() {
        String before = Rows.submissionState();
        Map<String, Object> answers = new LinkedHashMap<>();
        answers.put("E1.1", 7);
        answers.put("E1.2", "five");
        answers.put("E9.9", 3);
        answers.put("improve", List.of("E1", "E1"));
        answers.put("gender", "robot");
        Map<String, Object> body = Api.submission("HN-01", answers);
        body.put("submittedAt", OffsetDateTime.now(ZoneOffset.ofHours(7)).minusDays(3).toString());

        Api.Reply reply = api.post("/api/v1/responses", body, null);

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.response().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
        List<String> fields = new ArrayList<>();
        reply.json().get("errors").values().forEach(e -> fields.add(e.get("field").getStringValue()));
        assertThat(fields).containsExactlyInAnyOrder("answers.E1.1", "answers.E1.2", "answers.E9.9",
                "answers.improve", "answers.gender");
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("at vn.hailong");
        assertThat(Rows.submissionState()).isEqualTo(before);

        Api.Reply future = api.post("/api/v1/responses", withField(Api.submission("HN-01", Map.of("E1.1", 4)),
                "submittedAt", OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(30).toString()), null);
        assertThat(future.status()).isEqualTo(422);
        assertThat(future.body()).contains("\"field\":\"submittedAt\"");

        Api.Reply badEnvelope = api.post("/api/v1/responses", Map.of("id", "not-a-uuid", "survey", 5, "channel", "fax",
                "answers", List.of()), null);
        assertThat(badEnvelope.status()).isEqualTo(422);
        assertThat(badEnvelope.body()).contains("\"field\":\"id\"", "\"field\":\"survey\"", "\"field\":\"agency\"",
                "\"field\":\"channel\"", "\"field\":\"answers\"");
        assertThat(Rows.submissionState()).isEqualTo(before);
    }

    @Test
    void brokenJsonIsABadRequestWithProblemDetails() {
        String before = Rows.submissionState();
        Api.Reply reply = api.post("/api/v1/responses", "{\"id\": ", null);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text("status")).isEqualTo("400");
        assertThat(Rows.submissionState()).isEqualTo(before);
    }

    @Test
    void unknownAgencyOrSurveyIsNotFound() {
        String before = Rows.submissionState();
        Api.Reply agency = api.post("/api/v1/responses", Api.submission("NOWHERE", Map.of("E1.1", 4)), null);
        assertThat(agency.status()).isEqualTo(404);
        assertThat(agency.body()).contains("\"field\":\"agency\"");

        Api.Reply survey = api.post("/api/v1/responses", withField(Api.submission("HN-01", Map.of("E1.1", 4)), "survey", "no-such-survey"), null);
        assertThat(survey.status()).isEqualTo(404);
        assertThat(survey.body()).contains("\"field\":\"survey\"");

        Api.Reply version = api.post("/api/v1/responses", withField(Api.submission("HN-01", Map.of("E1.1", 4)), "surveyVersion", 99), null);
        assertThat(version.status()).isEqualTo(404);
        assertThat(version.body()).contains("\"field\":\"surveyVersion\"");
        assertThat(Rows.submissionState()).isEqualTo(before);
    }

    @Test
    void kioskChannelNeedsAKioskTokenOfThatAgency() {
        String before = Rows.submissionState();
        Map<String, Object> body = withField(Api.submission("HN-01", Map.of("E1.1", 4)), "channel", "kiosk");

        assertThat(api.post("/api/v1/responses", body, null).status()).isEqualTo(401);
        String reviewer = api.reviewer(admin, "rev-kiosk-test", "HN");
        assertThat(api.post("/api/v1/responses", body, reviewer).status()).isEqualTo(403);
        String otherKiosk = api.kiosk(admin, "HN-02");
        assertThat(api.post("/api/v1/responses", body, otherKiosk).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/responses", withField(body, "channel", "paper"), otherKiosk).status()).isEqualTo(403);
        assertThat(Rows.submissionState()).isEqualTo(before);

        String kiosk = api.kiosk(admin, "HN-01");
        assertThat(api.post("/api/v1/responses", body, kiosk).status()).isEqualTo(201);
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + body.get("id") + "' AND kiosk_id IS NOT NULL")).isEqualTo(1);
        assertThat(api.post("/api/v1/responses", withField(Api.submission("HN-01", Map.of("E1.1", 4)), "channel", "paper"), admin).status())
                .isEqualTo(201);
    }

    @Test
    void fiftyConcurrentReplaysOfOneIdStoreExactlyOneResponse() throws Exception {
        // Several rounds: the race between the losing inserts and the winner's commit varies run to run.
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            for (int round = 0; round < 5; round++) {
                Map<String, Object> body = Api.submission("HN-02", answers());
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> statuses = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    Callable<Integer> call = () -> {
                        start.await();
                        return api.post("/api/v1/responses", body, null).status();
                    };
                    statuses.add(pool.submit(call));
                }
                start.countDown();
                List<Integer> codes = new ArrayList<>();
                for (Future<Integer> status : statuses) {
                    codes.add(status.get());
                }
                assertThat(codes).containsOnly(201, 200);
                assertThat(codes.stream().filter(c -> c == 201).count()).isEqualTo(1);
                assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + body.get("id") + "'")).isEqualTo(1);
                assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + body.get("id") + "'")).isEqualTo(5);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void batchReportsEachItemAndStoresTheGoodOnes() {
        Map<String, Object> good = Api.submission("HN-01", Map.of("E2.1", 5));
        Map<String, Object> replay = Api.submission("HN-01", Map.of("E2.2", 3));
        api.post("/api/v1/responses", replay, null);
        Map<String, Object> bad = Api.submission("HN-01", Map.of("E2.1", 0));
        String before = Rows.submissionState();

        Api.Reply reply = api.post("/api/v1/responses:batch", Map.of("responses", List.of(good, replay, bad)), null);

        assertThat(reply.status()).isEqualTo(200);
        var results = reply.json().get("results");
        assertThat(results.get(0).get("status").getStringValue()).isEqualTo("stored");
        assertThat(results.get(1).get("status").getStringValue()).isEqualTo("duplicate");
        assertThat(results.get(2).get("status").getStringValue()).isEqualTo("rejected");
        assertThat(results.get(2).get("errors").get(0).get("field").getStringValue()).isEqualTo("answers.E2.1");
        assertThat(Rows.count("SELECT COUNT(*) FROM response")).isEqualTo(Long.parseLong(before.split("/")[0]) + 1);
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + bad.get("id") + "'")).isZero();

        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(Api.submission("HN-01", Map.of("E2.1", 5)));
        }
        String beforeTooMany = Rows.submissionState();
        assertThat(api.post("/api/v1/responses:batch", Map.of("responses", tooMany), null).status()).isEqualTo(422);
        assertThat(Rows.submissionState()).isEqualTo(beforeTooMany);
    }

    private static Map<String, Object> withField(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(field, value);
        return copy;
    }
}
