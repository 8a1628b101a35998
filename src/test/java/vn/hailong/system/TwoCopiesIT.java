package vn.hailong.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import vn.hailong.support.Api;
import vn.hailong.support.Copies;
import vn.hailong.support.Copies.Copy;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two copies must behave as one: two whole applications on the same database with the same JWT
 * secret (HAILONG_JWT_SECRET in production), as behind a load balancer. A token from one works on
 * the other, and a submission sent to both at once is stored once, with one 201 between them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoCopiesIT implements DatabaseTest {

    /** What operators set as HAILONG_JWT_SECRET on every copy: a fixed test value, 40+ characters. */
    static final String SHARED_SECRET = "two-copies-test-secret-0123456789-abcdefghijklmnop";
    static final String SURVEY = "sipas-2017";
    static final int IDS = 20;
    static final int SENDS_PER_COPY = 3;
    static final long WAIT_MINUTES = 5;

    Copy a;
    Copy b;
    String adminA;

    @BeforeAll
    void startBothCopies() {
        // Only the first copy starts from an empty schema; the second migrates (finds nothing to do) as a new copy would.
        a = Copies.start(properties(true));
        b = Copies.start(properties(false));
        adminA = a.api().adminToken();
        a.api().agency(adminA, "P", null);
        a.api().agency(adminA, "P-1", "P");
        a.api().agency(adminA, "P-2", "P");
    }

    private Map<String, String> properties(boolean freshSchema) {
        Map<String, String> properties = new HashMap<>(getProperties());
        properties.put("flyway.datasources.default.clean-schema", String.valueOf(freshSchema));
        properties.put("hailong.jwt-secret", SHARED_SECRET);
        properties.put("datasources.default.maximum-pool-size", "6");
        return properties;
    }

    @AfterAll
    void closeBothCopies() throws Exception {
        Copies.closeAll(a, b);
    }

    @Test
    @Order(1)
    void bothCopiesRunOnDifferentPorts() {
        assertThat(a.server().getPort()).isNotEqualTo(b.server().getPort());
        assertThat(Rows.count("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1")).isPositive();
    }

    @Test
    @Order(2)
    void aTokenFromOneCopyWorksOnTheOther() {
        String report = "/api/v1/reports/satisfaction?agency=P&survey=" + SURVEY;
        assertThat(b.api().get(report, adminA).status()).as("A's admin token on B").isEqualTo(200);

        String adminB = b.api().adminToken();
        assertThat(a.api().get(report, adminB).status()).as("B's admin token on A").isEqualTo(200);

        String reviewer = b.api().reviewer(adminB, "two-copies-reviewer", "P-1");
        assertThat(a.api().get("/api/v1/reports/satisfaction?agency=P-1&survey=" + SURVEY, reviewer).status())
                .as("reviewer created and logged in on B, on A").isEqualTo(200);
        assertThat(a.api().get(report, reviewer).status()).as("the reviewer's scope holds on the other copy").isEqualTo(403);

        assertThat(b.api().get(report, "not-a-token").status()).isEqualTo(401);
    }

    @Test
    @Order(3)
    void aKioskCreatedOnOneCopySubmitsThroughTheOther() {
        String kiosk = a.api().kiosk(adminA, "P-2");
        Map<String, Object> body = Api.submission("P-2", Map.of("E1.1", 5, "E2.1", 4));
        body.put("channel", "kiosk");

        assertThat(b.api().post("/api/v1/responses", body, kiosk).status()).isEqualTo(201);
        assertThat(a.api().post("/api/v1/responses", body, kiosk).status()).as("replay on A").isEqualTo(200);
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + body.get("id") + "' AND kiosk_id IS NOT NULL"))
                .isEqualTo(1);
    }

    @Test
    @Order(4)
    void theSameIdsSentToBothCopiesAtOnceAreStoredOnceWithOne201() throws Exception {
        Random random = new Random(20261122L);
        List<Map<String, Object>> bodies = new ArrayList<>();
        for (int i = 0; i < IDS; i++) {
            bodies.add(Api.submission(i % 2 == 0 ? "P-1" : "P-2", answers(random)));
        }
        record Task(Map<String, Object> body, String copy) {
        }
        List<Task> tasks = new ArrayList<>();
        for (Map<String, Object> body : bodies) {
            for (int i = 0; i < SENDS_PER_COPY; i++) {
                tasks.add(new Task(body, "A"));
                tasks.add(new Task(body, "B"));
            }
        }
        Collections.shuffle(tasks, random);

        ExecutorService pool = Executors.newFixedThreadPool(12);
        Map<String, List<Integer>> statuses = new LinkedHashMap<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object[]>> futures = new ArrayList<>();
            for (Task task : tasks) {
                Api api = task.copy().equals("A") ? a.api() : b.api();
                futures.add(pool.submit(() -> {
                    start.await();
                    Api.Reply reply = api.post("/api/v1/responses", task.body(), null);
                    return new Object[] {task.body().get("id"), reply.status(), task.copy() + ": " + reply.body()};
                }));
            }
            start.countDown();
            for (Future<Object[]> future : futures) {
                Object[] result = future.get(WAIT_MINUTES, TimeUnit.MINUTES);
                assertThat((int) result[1]).as((String) result[2]).isIn(200, 201);
                statuses.computeIfAbsent((String) result[0], id -> new ArrayList<>()).add((Integer) result[1]);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses).hasSize(IDS);
        statuses.forEach((id, codes) -> {
            assertThat(codes).as("statuses of " + id).hasSize(2 * SENDS_PER_COPY);
            assertThat(codes.stream().filter(c -> c == 201).count()).as("201s for " + id).isEqualTo(1);
        });
        String ids = bodies.stream().map(body -> "'" + body.get("id") + "'").collect(Collectors.joining(","));
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id IN (" + ids + ")")).isEqualTo(IDS);
        long expectedAnswers = bodies.stream().mapToLong(body -> ((Map<?, ?>) body.get("answers")).values().stream()
                .filter(v -> v != null).count()).sum();
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id IN (" + ids + ")")).isEqualTo(expectedAnswers);
    }

    @Test
    @Order(5)
    void bothCopiesReportTheSameFigures() {
        String adminB = b.api().adminToken();
        for (String path : List.of(
                "/api/v1/reports/satisfaction?agency=P&survey=" + SURVEY,
                "/api/v1/reports/ranking?parent=P&survey=" + SURVEY,
                "/api/v1/reports/trend?agency=P&survey=" + SURVEY + "&interval=month")) {
            Api.Reply fromA = a.api().get(path, adminB);
            Api.Reply fromB = b.api().get(path, adminA);
            assertThat(fromA.status()).as(path).isEqualTo(200);
            assertThat(fromB.status()).as(path).isEqualTo(200);
            assertThat(fromB.body()).as(path).isEqualTo(fromA.body());
        }
        Api.Reply report = a.api().get("/api/v1/reports/satisfaction?agency=P&survey=" + SURVEY, adminA);
        assertThat(report.text("responses")).isEqualTo(String.valueOf(Rows.count("SELECT COUNT(*) FROM response")));
    }

    /** Every SIPAS criterion rated 1–5, about one in six left unanswered (null). */
    static Map<String, Object> answers(Random random) {
        Map<String, Object> answers = new LinkedHashMap<>();
        for (String criterion : Api.SIPAS_CRITERIA) {
            answers.put(criterion, random.nextInt(6) == 0 ? null : 1 + random.nextInt(5));
        }
        return answers;
    }

    @Test
    @Order(6)
    void aKioskRevokedElsewhereCanSubmitNoMoreThroughACopyThatStillRemembersItsToken() throws Exception {
        String kiosk = a.api().kiosk(adminA, "P-1");
        Map<String, Object> first = Api.submission("P-1", Map.of("E1.1", 4));
        first.put("channel", "kiosk");
        assertThat(b.api().post("/api/v1/responses", first, kiosk).status()).as("B now remembers the token").isEqualTo(201);

        // What the revoking copy writes (the admin page on A): B is not told.
        try (var c = Rows.connect(); var revoke = c.prepareStatement(
                "UPDATE kiosk SET revoked_at = CURRENT_TIMESTAMP(6) WHERE token_hash = ?")) {
            revoke.setString(1, vn.hailong.system.Hashing.sha256(kiosk));
            assertThat(revoke.executeUpdate()).isEqualTo(1);
        }
        Map<String, Object> second = Api.submission("P-1", Map.of("E1.1", 2));
        second.put("channel", "kiosk");
        Api.Reply refused = b.api().post("/api/v1/responses", second, kiosk);

        assertThat(refused.status()).as(refused.body()).isEqualTo(401);
        assertThat(refused.text("detail")).contains("revoked");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + second.get("id") + "'")).isZero();
    }
}
