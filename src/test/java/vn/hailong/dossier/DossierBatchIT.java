package vn.hailong.dossier;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /api/v1/dossiers:batch and the rating codes it hands out, over the API against the real
 * database: idempotent per (agency, code) with the same rating code on a retry, field errors for
 * bad items while the rest is stored, registries and served counts kept, the number only as a
 * keyed hash; a code rates once (one 201 out of 20 concurrent submissions) and the response
 * carries the dossier's dimensions.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DossierBatchIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    RatingCodes codes;

    Api api;
    String admin;
    String key;

    @BeforeAll
    void tree() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "BN", null);
        api.agency(admin, "BN-X1", "BN");
        api.agency(admin, "HN", null);
        key = api.post("/api/v1/integrations", Map.of("name", "Một cửa BN", "agency", "BN"), admin).text("key");
    }

    static Map<String, Object> dossier(String code, String agency, String returnedAt) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("code", code);
        d.put("agency", agency);
        d.put("procedure", Map.of("code", "1.004227", "name", "Đăng ký khai sinh"));
        d.put("field", "Hộ tịch");
        d.put("counter", "Q3");
        d.put("officer", Map.of("code", "cb-0142", "name", "Nguyễn Văn A"));
        d.put("channel", "direct");
        d.put("receivedAt", "2026-11-20T08:10:00+07:00");
        d.put("dueAt", "2026-11-22T17:00:00+07:00");
        if (returnedAt != null) {
            d.put("returnedAt", returnedAt);
        }
        return d;
    }

    private JsonNode batch(String token, List<Map<String, Object>> dossiers) {
        Api.Reply reply = api.post("/api/v1/dossiers:batch", Map.of("dossiers", dossiers), token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("results");
    }

    private static String field(JsonNode result, String name) {
        JsonNode node = result.get(name);
        return node == null || node.isNull() ? null : node.getStringValue();
    }

    @Test
    void theSameDossierAgainIsUnchangedAndKeepsItsRatingCode() {
        Map<String, Object> d = dossier("H01.23-261120-0042", "BN-X1", "2026-11-21T10:30:00+07:00");
        JsonNode first = batch(key, List.of(d)).get(0);
        assertThat(field(first, "status")).isEqualTo("created");
        String code = field(first, "ratingCode");
        assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
        assertThat(field(first, "ratingUrl")).endsWith("/r/" + code);

        JsonNode retry = batch(key, List.of(d)).get(0);
        assertThat(field(retry, "status")).isEqualTo("unchanged");
        assertThat(field(retry, "ratingCode")).isEqualTo(code);
        assertThat(Rows.count("SELECT COUNT(*) FROM served_dossier")).isGreaterThanOrEqualTo(1);
        assertThat(Rows.count("SELECT COUNT(*) FROM served_dossier WHERE code_hash LIKE '%H01%'")).isZero();
        assertThat(Rows.text("SELECT COUNT(*) FROM served_dossier d JOIN agency a ON a.id = d.agency_id"
                + " WHERE a.code = 'BN-X1' AND d.served_date = '2026-11-21'")).isEqualTo("1");
        assertThat(Rows.text("SELECT name FROM dossier_officer WHERE code = 'cb-0142'")).isEqualTo("Nguyễn Văn A");
        assertThat(Rows.text("SELECT field FROM dossier_procedure WHERE code = '1.004227'")).isEqualTo("Hộ tịch");
        assertThat(Rows.count("SELECT COUNT(*) FROM dossier_counter WHERE code = 'Q3'")).isEqualTo(1);
    }

    /** Registries keep a name that is not sent, take a new one that is, and a known entry keeps its id. */
    @Test
    void registriesKeepUnsentNamesTakeNewOnesAndKeepTheirIds() {
        Map<String, Object> named = dossier("H01.23-261120-0301", "BN-X1", "2026-11-21T10:30:00+07:00");
        named.put("procedure", Map.of("code", "9.000301", "name", "Cấp bản sao trích lục"));
        named.put("field", "Hộ tịch");
        named.put("officer", Map.of("code", "cb-0301", "name", "Lê Văn C"));
        named.put("counter", Map.of("code", "Q31", "name", "Quầy 31"));
        assertThat(field(batch(key, List.of(named)).get(0), "status")).isEqualTo("created");
        String officerId = Rows.text("SELECT id FROM dossier_officer WHERE code = 'cb-0301'");
        String procedureId = Rows.text("SELECT id FROM dossier_procedure WHERE code = '9.000301'");

        Map<String, Object> unnamed = dossier("H01.23-261120-0302", "BN-X1", "2026-11-21T10:30:00+07:00");
        unnamed.put("procedure", Map.of("code", "9.000301"));
        unnamed.remove("field");
        unnamed.put("officer", Map.of("code", "CB-0301"));
        unnamed.put("counter", "q31");
        assertThat(field(batch(key, List.of(unnamed)).get(0), "status")).isEqualTo("created");
        assertThat(Rows.text("SELECT name FROM dossier_officer WHERE code = 'cb-0301'")).isEqualTo("Lê Văn C");
        assertThat(Rows.text("SELECT name FROM dossier_counter WHERE code = 'Q31'")).isEqualTo("Quầy 31");
        assertThat(Rows.text("SELECT CONCAT(name, ' / ', field) FROM dossier_procedure WHERE code = '9.000301'"))
                .isEqualTo("Cấp bản sao trích lục / Hộ tịch");
        assertThat(Rows.count("SELECT COUNT(*) FROM served_dossier WHERE officer_id = " + officerId + " AND procedure_id = " + procedureId))
                .as("both dossiers point to the same entries").isEqualTo(2);

        Map<String, Object> renamed = dossier("H01.23-261120-0303", "BN-X1", "2026-11-21T10:30:00+07:00");
        renamed.put("procedure", Map.of("code", "9.000301", "name", "Cấp bản sao trích lục hộ tịch"));
        renamed.put("field", "Hộ tịch");
        renamed.put("officer", Map.of("code", "cb-0301", "name", "Lê Văn Cường"));
        assertThat(field(batch(key, List.of(renamed)).get(0), "status")).isEqualTo("created");
        assertThat(Rows.text("SELECT name FROM dossier_officer WHERE code = 'cb-0301'")).isEqualTo("Lê Văn Cường");
        assertThat(Rows.text("SELECT id FROM dossier_officer WHERE code = 'cb-0301'")).isEqualTo(officerId);
        assertThat(Rows.text("SELECT name FROM dossier_procedure WHERE code = '9.000301'")).isEqualTo("Cấp bản sao trích lục hộ tịch");
        assertThat(Rows.count("SELECT COUNT(*) FROM dossier_officer WHERE code = 'cb-0301'")).isEqualTo(1);
    }

    /**
     * A new dossier whose rating code (salt 0) another stored dossier holds already: the unique key
     * on rating_code_hash refuses the first try, the next one asks the stored codes and takes salt 1,
     * which a retry of the same dossier derives again.
     */
    @Test
    void aRatingCodeHeldByAnotherDossierTakesTheNextSaltAndKeepsIt() throws Exception {
        String number = "H01.23-261120-0500";
        String taken = codes.derive("BN-X1", number, 0);
        try (java.sql.Connection c = Rows.connect(); java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO served_dossier (agency_id, code_hash, procedure_id, counter_id, officer_id, channel,"
                    + " content_hash, rating_code_hash, rating_salt, created_at, updated_at) SELECT id, REPEAT('a', 64), 0, 0, 0, '',"
                    + " REPEAT('b', 64), '" + codes.lookupHash(taken) + "', 0, NOW(6), NOW(6) FROM agency WHERE code = 'BN'");
        }
        long before = served("2026-11-27");
        Map<String, Object> d = dossier(number, "BN-X1", "2026-11-27T10:00:00+07:00");
        JsonNode first = batch(key, List.of(d, dossier("H01.23-261120-0501", "BN-X1", "2026-11-27T11:00:00+07:00"))).get(0);
        assertThat(field(first, "status")).isEqualTo("created");
        assertThat(field(first, "ratingCode")).isEqualTo(RatingCodes.grouped(codes.derive("BN-X1", number, 1)))
                .isNotEqualTo(RatingCodes.grouped(taken));
        JsonNode retry = batch(key, List.of(d)).get(0);
        assertThat(field(retry, "status")).isEqualTo("unchanged");
        assertThat(field(retry, "ratingCode")).isEqualTo(field(first, "ratingCode"));
        assertThat(Rows.count("SELECT COUNT(*) FROM served_dossier WHERE rating_salt = 1")).isEqualTo(1);
        assertThat(served("2026-11-27")).as("both dossiers counted once").isEqualTo(before + 2);
    }

    /** One batch of stored, changed and new dossiers: each gets its own status and the counts move exactly. */
    @Test
    void aBatchOfStoredChangedAndNewDossiersCountsEachOnce() {
        List<Map<String, Object>> sent = List.of(dossier("H01.23-261120-0600", "BN-X1", "2026-11-28T10:00:00+07:00"),
                dossier("H01.23-261120-0601", "BN-X1", "2026-11-28T10:00:00+07:00"),
                dossier("H01.23-261120-0602", "BN-X1", null));
        JsonNode first = batch(key, sent);
        List<Map<String, Object>> again = List.of(sent.get(0),
                dossier("H01.23-261120-0601", "BN-X1", "2026-11-29T10:00:00+07:00"),
                dossier("H01.23-261120-0602", "BN-X1", "2026-11-28T12:00:00+07:00"),
                dossier("H01.23-261120-0603", "BN-X1", "2026-11-28T13:00:00+07:00"),
                dossier("H01.23-261120-0603", "BN-X1", "2026-11-29T13:00:00+07:00"));
        JsonNode second = batch(key, again);
        assertThat(List.of(field(second.get(0), "status"), field(second.get(1), "status"), field(second.get(2), "status"),
                field(second.get(3), "status"), field(second.get(4), "status")))
                .containsExactly("unchanged", "updated", "updated", "created", "updated");
        assertThat(field(second.get(0), "ratingCode")).isEqualTo(field(first.get(0), "ratingCode"));
        assertThat(field(second.get(1), "ratingCode")).isEqualTo(field(first.get(1), "ratingCode"));
        assertThat(field(second.get(3), "ratingCode")).isEqualTo(field(second.get(4), "ratingCode"));
        assertThat(served("2026-11-28")).as("0600, 0602").isEqualTo(2);
        assertThat(served("2026-11-29")).as("0601, 0603").isEqualTo(2);
        assertThat(Rows.count("SELECT COUNT(*) FROM served_dossier WHERE served_date IN ('2026-11-28', '2026-11-29')")).isEqualTo(4);
    }

    @Test
    void aDossierGetsItsCodeWhenReturnedAndMovesItsCountWhenItChanges() {
        Map<String, Object> open = dossier("H01.23-261120-0100", "BN-X1", null);
        JsonNode received = batch(admin, List.of(open)).get(0);
        assertThat(field(received, "status")).isEqualTo("created");
        assertThat(field(received, "ratingCode")).isNull();
        long before = served("2026-11-23");

        Map<String, Object> returned = dossier("H01.23-261120-0100", "BN-X1", "2026-11-23T09:00:00+07:00");
        JsonNode done = batch(admin, List.of(returned)).get(0);
        assertThat(field(done, "status")).isEqualTo("updated");
        assertThat(field(done, "ratingCode")).isNotNull();
        assertThat(served("2026-11-23")).isEqualTo(before + 1);

        Map<String, Object> corrected = dossier("H01.23-261120-0100", "BN-X1", "2026-11-24T09:00:00+07:00");
        JsonNode moved = batch(admin, List.of(corrected)).get(0);
        assertThat(field(moved, "ratingCode")).isEqualTo(field(done, "ratingCode"));
        assertThat(served("2026-11-23")).isEqualTo(before);
        assertThat(served("2026-11-24")).isGreaterThanOrEqualTo(1);
    }

    private static long served(String day) {
        return Rows.count("SELECT COALESCE(SUM(served), 0) FROM dossier_served_day WHERE served_date = '" + day + "'");
    }

    @Test
    void badItemsAreRejectedWithFieldErrorsAndTheRestIsStored() {
        Map<String, Object> late = dossier("H01.23-261120-0200", "BN-X1", "2026-11-19T10:00:00+07:00");
        Map<String, Object> noCode = dossier(null, "BN-X1", null);
        noCode.remove("code");
        Map<String, Object> outside = dossier("H01.23-261120-0201", "HN", null);
        Map<String, Object> good = dossier("H01.23-261120-0202", "BN-X1", null);
        JsonNode results = batch(key, List.of(late, noCode, outside, good));
        assertThat(field(results.get(0), "status")).isEqualTo("rejected");
        assertThat(results.get(0).get("errors").get(0).get("field").getStringValue()).isEqualTo("returnedAt");
        assertThat(results.get(1).get("errors").get(0).get("field").getStringValue()).isEqualTo("code");
        assertThat(field(results.get(2), "status")).isEqualTo("rejected");
        assertThat(results.get(2).get("errors").get(0).get("field").getStringValue()).isEqualTo("agency");
        assertThat(field(results.get(3), "status")).isEqualTo("created");
        assertThat(Rows.count("SELECT COUNT(*) FROM served_dossier d JOIN agency a ON a.id = d.agency_id WHERE a.code = 'HN'")).isZero();
    }

    @Test
    void aReviewerOrAnonymousCallerMaySendNoDossiers() {
        String reviewer = api.reviewer(admin, "rev-dossier", "BN");
        Map<String, Object> body = Map.of("dossiers", List.of(dossier("X-1", "BN-X1", null)));
        assertThat(api.post("/api/v1/dossiers:batch", body, reviewer).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/dossiers:batch", body, null).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/dossiers:batch", body, "hi_not-a-key").status()).isEqualTo(401);
    }

    private static Map<String, Object> rating(String code) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", java.util.UUID.randomUUID().toString());
        body.put("survey", "one-stop-rating");
        body.put("channel", "portal");
        body.put("ratingCode", code);
        body.put("answers", Map.of("rating", 3));
        return body;
    }

    @Test
    void aRatingCodeRatesOnceUnderTwentyConcurrentSubmissionsAndCarriesTheDimensions() throws Exception {
        String code = field(batch(key, List.of(dossier("H01.23-261120-0300", "BN-X1", "2026-11-25T10:00:00+07:00"))).get(0), "ratingCode");
        long ratedBefore = Rows.count("SELECT COALESCE(SUM(rated), 0) FROM dossier_served_day WHERE served_date = '2026-11-25'");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Map<String, Object> body = rating(code.toLowerCase(java.util.Locale.ROOT).replace("-", " "));
            statuses.add(pool.submit(() -> {
                start.await();
                return api.post("/api/v1/responses", body, key).status();
            }));
        }
        start.countDown();
        List<Integer> seen = new ArrayList<>();
        for (Future<Integer> f : statuses) {
            seen.add(f.get(2, TimeUnit.MINUTES));
        }
        pool.shutdown();
        assertThat(seen.stream().filter(s -> s == 201).count()).as(seen.toString()).isEqualTo(1);
        assertThat(seen.stream().filter(s -> s == 409).count()).as(seen.toString()).isEqualTo(19);
        String responseId = Rows.text("SELECT rated_response_id FROM served_dossier WHERE rated_response_id IS NOT NULL"
                + " AND served_date = '2026-11-25'");
        assertThat(Rows.count("SELECT COUNT(*) FROM response r JOIN agency a ON a.id = r.agency_id WHERE r.id = '" + responseId
                + "' AND a.code = 'BN-X1' AND r.dossier_hash IS NOT NULL")).isEqualTo(1);
        assertThat(Rows.text("SELECT CONCAT(p.code, '|', c.code, '|', o.code, '|', rd.channel) FROM response_dossier rd"
                + " JOIN dossier_procedure p ON p.id = rd.procedure_id JOIN dossier_counter c ON c.id = rd.counter_id"
                + " JOIN dossier_officer o ON o.id = rd.officer_id WHERE rd.response_id = '" + responseId + "'"))
                .isEqualTo("1.004227|Q3|cb-0142|direct");
        assertThat(Rows.count("SELECT COALESCE(SUM(rated), 0) FROM dossier_served_day WHERE served_date = '2026-11-25'"))
                .isEqualTo(ratedBefore + 1);
    }

    @Test
    void aUsedCodeIs409AnUnknownOne422AndARetryOfTheWinnerIsAReplay() {
        String code = field(batch(key, List.of(dossier("H01.23-261120-0400", "BN-X1", "2026-11-26T10:00:00+07:00"))).get(0), "ratingCode");
        Map<String, Object> first = rating(code);
        assertThat(api.post("/api/v1/responses", first, null).status()).as("anonymous portal").isEqualTo(401);
        first.put("channel", "web");
        assertThat(api.post("/api/v1/responses", first, null).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/responses", first, null).status()).as("the same response again").isEqualTo(200);
        Map<String, Object> second = rating(code);
        second.put("channel", "web");
        Api.Reply used = api.post("/api/v1/responses", second, null);
        assertThat(used.status()).isEqualTo(409);
        assertThat(used.body()).contains("ratingCode");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + second.get("id") + "'")).isZero();

        Map<String, Object> unknown = rating("ZZZZ-ZZZZ-ZZZZ");
        unknown.put("channel", "web");
        Api.Reply refused = api.post("/api/v1/responses", unknown, null);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("ratingCode");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + unknown.get("id") + "'")).isZero();
    }
}
