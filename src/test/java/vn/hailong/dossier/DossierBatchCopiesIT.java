package vn.hailong.dossier;

import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.Copies;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.util.ArrayList;
import java.util.HashMap;
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
 * The dossier batch on two copies of the app sharing one database: the same batch sent by
 * concurrent clients to both copies stores one row per dossier, answers one "created" (then one
 * "updated") per dossier and the same rating code everywhere, and moves the served counts exactly
 * once; a registry name changed through one copy is not written back by the other, which had
 * read the old name (each copy remembers the registries it has seen).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DossierBatchCopiesIT implements DatabaseTest {

    static final int CLIENTS = 8;
    /** The rows of the concurrent rounds (the rename test's dossiers are returned on 2026-10-05). */
    static final String ROUNDS = " WHERE served_date IS NULL OR served_date < '2026-10-05'";

    Copies.Copy a;
    Copies.Copy b;
    String key;

    @BeforeAll
    void twoCopies() {
        Map<String, String> first = new HashMap<>(getProperties());
        first.put("datasources.default.maximum-pool-size", "6");
        a = Copies.start(first);
        Map<String, String> second = new HashMap<>(first);
        second.put("flyway.datasources.default.clean-schema", "false");
        b = Copies.start(second);
        String admin = a.api().adminToken();
        a.api().agency(admin, "BN", null);
        a.api().agency(admin, "BN-X1", "BN");
        a.api().agency(admin, "BN-X2", "BN");
        key = a.api().post("/api/v1/integrations", Map.of("name", "Một cửa BN", "agency", "BN"), admin).text("key");
    }

    @AfterAll
    void stop() throws Exception {
        Copies.closeAll(a, b);
    }

    static Map<String, Object> dossier(int i, String returnedAt) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("code", "C-" + i);
        d.put("agency", i % 2 == 0 || i >= 1000 ? "BN-X1" : "BN-X2");
        d.put("procedure", Map.of("code", "2.00" + (i % 5), "name", "Thủ tục " + (i % 5)));
        d.put("counter", "Q" + (i % 3));
        d.put("officer", Map.of("code", "cb-" + (i % 7), "name", "Cán bộ " + (i % 7)));
        d.put("channel", "direct");
        d.put("receivedAt", "2026-10-01T08:00:00+07:00");
        if (returnedAt != null) {
            d.put("returnedAt", returnedAt);
        }
        return d;
    }

    /** The batch sent by {@link #CLIENTS} clients at once, half to each copy; every answer's results. */
    private List<JsonNode> sendAtOnce(List<Map<String, Object>> batch) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Reply>> replies = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Api api = (c % 2 == 0 ? a : b).api();
            replies.add(pool.submit(() -> {
                start.await();
                return api.post("/api/v1/dossiers:batch", Map.of("dossiers", batch), key);
            }));
        }
        start.countDown();
        List<JsonNode> results = new ArrayList<>();
        for (Future<Api.Reply> f : replies) {
            Api.Reply reply = f.get(3, TimeUnit.MINUTES);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            results.add(reply.json().get("results"));
        }
        pool.shutdown();
        return results;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.getStringValue();
    }

    /** For each item of the batch: how many answers gave each status, and the rating codes answered. */
    private static void assertOneOf(List<JsonNode> answers, int items, String once, Map<Integer, String> codes) {
        for (int i = 0; i < items; i++) {
            Map<String, Integer> statuses = new HashMap<>();
            for (JsonNode results : answers) {
                JsonNode r = results.get(i);
                statuses.merge(text(r, "status"), 1, Integer::sum);
                String code = text(r, "ratingCode");
                if (code != null) {
                    String seen = codes.putIfAbsent(i, code);
                    assertThat(code).as("rating code of item " + i).isEqualTo(seen == null ? code : seen);
                }
            }
            assertThat(statuses).as("item " + i).isEqualTo(Map.of(once, 1, "unchanged", CLIENTS - 1));
        }
    }

    private static long served(String day) {
        return Rows.count("SELECT COALESCE(SUM(served), 0) FROM dossier_served_day WHERE served_date = '" + day + "'");
    }

    @Test
    void theSameBatchFromConcurrentClientsOnTwoCopiesIsStoredAndCountedOnce() throws Exception {
        // 60 dossiers, 40 of them returned on 2026-10-02
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            batch.add(dossier(i, i < 40 ? "2026-10-02T10:00:00+07:00" : null));
        }
        Map<Integer, String> codes = new HashMap<>();
        assertOneOf(sendAtOnce(batch), 60, "created", codes);
        assertThat(codes).hasSize(40);
        assertThat(Rows.count("SELECT COUNT(*) FROM served_dossier" + ROUNDS)).isEqualTo(60);
        assertThat(served("2026-10-02")).isEqualTo(40);
        assertThat(Rows.count("SELECT COUNT(*) FROM dossier_officer WHERE code LIKE 'cb-_'")).isEqualTo(2 * 7);
        assertThat(Rows.count("SELECT COUNT(*) FROM dossier_procedure WHERE code LIKE '2.00%'")).isEqualTo(5);

        // The same 60 again, the first 20 now returned a day later and the 20 open ones returned, with 20 new ones.
        List<Map<String, Object>> changed = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            changed.add(dossier(i, i < 20 || i >= 40 ? "2026-10-03T10:00:00+07:00" : "2026-10-02T10:00:00+07:00"));
        }
        List<JsonNode> answers = sendAtOnce(changed);
        assertOneOf(answers.stream().map(r -> sub(r, 0, 20)).toList(), 20, "updated", codes);
        assertOneOf(answers.stream().map(r -> sub(r, 40, 60)).toList(), 20, "updated", new HashMap<>());
        assertOneOf(answers.stream().map(r -> sub(r, 60, 80)).toList(), 20, "created", new HashMap<>());
        for (JsonNode r : answers) {
            for (int i = 20; i < 40; i++) {
                assertThat(text(r.get(i), "status")).isEqualTo("unchanged");
                assertThat(text(r.get(i), "ratingCode")).isEqualTo(codes.get(i));
            }
        }
        assertThat(Rows.count("SELECT COUNT(*) FROM served_dossier" + ROUNDS)).isEqualTo(80);
        assertThat(Rows.count("SELECT COUNT(DISTINCT rating_code_hash) FROM served_dossier" + ROUNDS)).isEqualTo(80);
        assertThat(served("2026-10-02")).isEqualTo(20);
        assertThat(served("2026-10-03")).isEqualTo(60);
        assertThat(Rows.count("SELECT COUNT(*) FROM dossier_served_day WHERE served < 0 OR rated <> 0")).isZero();
    }

    /** Items {@code from} (inclusive) to {@code to} of a results array, as an array of their own. */
    private static JsonNode sub(JsonNode results, int from, int to) {
        List<JsonNode> part = new ArrayList<>();
        for (int i = from; i < to; i++) {
            part.add(results.get(i));
        }
        return JsonNode.createArrayNode(part);
    }

    @Test
    void aNameChangedThroughOneCopyIsNotWrittenBackByTheOther() {
        Map<String, Object> d = dossier(1000, "2026-10-05T10:00:00+07:00");
        d.put("officer", Map.of("code", "cb-rename", "name", "Lê Văn C"));
        assertThat(send(a, d)).isEqualTo("created");
        String id = Rows.text("SELECT id FROM dossier_officer WHERE code = 'cb-rename'");

        Map<String, Object> renamed = dossier(1001, "2026-10-05T10:00:00+07:00");
        renamed.put("officer", Map.of("code", "cb-rename", "name", "Lê Văn Cường"));
        assertThat(send(b, renamed)).isEqualTo("created");
        assertThat(Rows.text("SELECT name FROM dossier_officer WHERE code = 'cb-rename'")).isEqualTo("Lê Văn Cường");

        // Copy A last saw "Lê Văn C": a dossier naming the officer by code only, or by the new name, keeps the new name.
        Map<String, Object> byCode = dossier(1002, "2026-10-05T10:00:00+07:00");
        byCode.put("officer", Map.of("code", "CB-RENAME"));
        assertThat(send(a, byCode)).isEqualTo("created");
        Map<String, Object> newName = dossier(1003, "2026-10-05T10:00:00+07:00");
        newName.put("officer", Map.of("code", "cb-rename", "name", "Lê Văn Cường"));
        assertThat(send(a, newName)).isEqualTo("created");
        assertThat(Rows.text("SELECT name FROM dossier_officer WHERE code = 'cb-rename'")).isEqualTo("Lê Văn Cường");

        // A name neither copy has seen is stored, through either.
        Map<String, Object> third = dossier(1004, "2026-10-05T10:00:00+07:00");
        third.put("officer", Map.of("code", "cb-rename", "name", "Lê Văn Cường (tổ 2)"));
        assertThat(send(a, third)).isEqualTo("created");
        assertThat(Rows.text("SELECT name FROM dossier_officer WHERE code = 'cb-rename'")).isEqualTo("Lê Văn Cường (tổ 2)");
        assertThat(Rows.count("SELECT COUNT(*) FROM dossier_officer WHERE code = 'cb-rename'")).isEqualTo(1);
        assertThat(Rows.count("SELECT COUNT(*) FROM served_dossier WHERE officer_id = " + id)).isEqualTo(5);
    }

    private String send(Copies.Copy copy, Map<String, Object> dossier) {
        Api.Reply reply = copy.api().post("/api/v1/dossiers:batch", Map.of("dossiers", List.of(dossier)), key);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return text(reply.json().get("results").get(0), "status");
    }
}
