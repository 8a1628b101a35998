package vn.hailong.system;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import vn.hailong.support.Api;
import vn.hailong.support.AppProcess;
import vn.hailong.support.DatabaseTest;

import java.net.MalformedURLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hailong on a three-node MariaDB Galera cluster (deploy/galera), two packaged copies as separate
 * processes configured through the environment as in production: copy A on node 1, copy B on
 * node 2. Galera certifies each transaction at commit against the writesets of every node and
 * reports a conflict as a deadlock (1213 / 40001) at COMMIT; the submission writer retries it as any
 * deadlock, so the cluster answers exactly as one server does. The numbers each run saw are printed
 * as "galera:" lines (docs/benchmarks.md keeps a run's figures).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GaleraClusterIT {

    static final String DB = "hailong";
    static final String SECRET = "galera-cluster-it-secret-0123456789-abcdefghijklmn";
    static final String SUBMIT = "/api/v1/responses";

    GaleraCluster cluster;
    AppProcess a;
    AppProcess b;
    Api apiA;
    Api apiB;
    String admin;

    @BeforeAll
    void startClusterAndCopies() throws Exception {
        cluster = GaleraCluster.start();
        cluster.execute(1, "CREATE DATABASE " + DB + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        // A first: it runs the Flyway migrations on node 1; B on node 2 finds them replicated.
        a = AppProcess.startWithEnvironment(environment(1));
        b = AppProcess.startWithEnvironment(environment(2));
        apiA = api(a);
        apiB = api(b);
        admin = apiA.adminToken();
        apiA.agency(admin, "G", null);
        apiA.agency(admin, "G-1", "G");
        apiA.agency(admin, "G-2", "G");
    }

    private Map<String, String> environment(int node) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DATASOURCES_DEFAULT_URL", cluster.jdbcUrl(node, DB));
        env.put("DATASOURCES_DEFAULT_USERNAME", "root");
        env.put("DATASOURCES_DEFAULT_PASSWORD", "");
        env.put("HAILONG_ADMIN_USERNAME", DatabaseTest.ADMIN);
        env.put("HAILONG_ADMIN_PASSWORD", DatabaseTest.ADMIN_PASSWORD);
        env.put("HAILONG_JWT_SECRET", SECRET);
        env.put("HAILONG_DB_POOL_SIZE", "10");
        // All test clients share one address; the per-address public limit (in memory, per copy) is not what is tested.
        env.put("HAILONG_LIMITS_PUBLIC_ENABLED", "false");
        return env;
    }

    private static Api api(AppProcess app) throws MalformedURLException {
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setReadTimeout(Duration.ofSeconds(30));
        return new Api(HttpClient.create(app.uri("/").toURL(), configuration), JsonMapper.createDefault());
    }

    @AfterAll
    void stop() {
        try {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    @Order(1)
    void theMigrationsRanOnceAndReplicatedToEveryNode() {
        long applied = cluster.count(1, DB, "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1");
        assertThat(applied).isPositive();
        for (int node = 2; node <= 3; node++) {
            assertThat(cluster.count(node, DB, "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1"))
                    .as("migrations on node " + node).isEqualTo(applied);
            assertThat(cluster.count(node, DB, "SELECT COUNT(*) FROM agency WHERE code LIKE 'G%'"))
                    .as("agencies created through A, on node " + node).isEqualTo(3);
        }
    }

    @Test
    @Order(2)
    void theSameIdsReplayedToBothCopiesAreStoredOnceAnswering201Then200Or409() throws Exception {
        Random random = new Random(20261202L);
        int ids = 60;
        List<Map<String, Object>> bodies = new ArrayList<>();
        Map<String, Map<String, Object>> changed = new LinkedHashMap<>();
        for (int i = 0; i < ids; i++) {
            Map<String, Object> body = Api.submission(i % 2 == 0 ? "G-1" : "G-2", Map.of("E1.1", 1 + random.nextInt(5), "E2.1", 3));
            bodies.add(body);
            // the same id with other answers: 409 unless it is the one stored
            Map<String, Object> other = new LinkedHashMap<>(body);
            other.put("answers", Map.of("E1.1", 5, "E2.1", 1));
            if (i % 3 == 0) {
                changed.put((String) body.get("id"), other);
            }
        }
        record Task(Map<String, Object> body, Api api, String copy) {
        }
        List<Task> tasks = new ArrayList<>();
        for (Map<String, Object> body : bodies) {
            for (int i = 0; i < 2; i++) {
                tasks.add(new Task(body, apiA, "A"));
                tasks.add(new Task(body, apiB, "B"));
            }
        }
        Collections.shuffle(tasks, random);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        Map<String, List<Integer>> statuses = new ConcurrentHashMap<>();
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (Task task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    Api.Reply reply = task.api().post(SUBMIT, task.body(), null);
                    statuses.computeIfAbsent((String) task.body().get("id"), k -> Collections.synchronizedList(new ArrayList<>()))
                            .add(reply.status());
                    if (reply.status() != 200 && reply.status() != 201) {
                        unexpected.add(task.copy() + " " + reply.status() + " " + reply.body());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(3, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(unexpected).as("answers other than 201/200 for identical replays").isEmpty();
        statuses.forEach((id, codes) -> assertThat(codes.stream().filter(c -> c == 201).count()).as("201s for " + id).isEqualTo(1));

        // a different body under a stored id: 409 from both copies, nothing changed
        for (Map.Entry<String, Map<String, Object>> entry : changed.entrySet()) {
            assertThat(apiA.post(SUBMIT, entry.getValue(), null).status()).as("changed replay of " + entry.getKey() + " on A").isEqualTo(409);
            assertThat(apiB.post(SUBMIT, entry.getValue(), null).status()).as("changed replay of " + entry.getKey() + " on B").isEqualTo(409);
        }
        String idList = bodies.stream().map(body -> "'" + body.get("id") + "'").collect(Collectors.joining(","));
        for (int node = 1; node <= 3; node++) {
            assertThat(cluster.count(node, DB, "SELECT COUNT(*) FROM response WHERE id IN (" + idList + ")"))
                    .as("responses on node " + node).isEqualTo(ids);
            assertThat(cluster.count(node, DB, "SELECT COUNT(*) FROM answer WHERE response_id IN (" + idList + ")"))
                    .as("answers on node " + node).isEqualTo(2L * ids);
        }
        System.out.printf("galera: replays: %d ids, %d requests to two copies on two nodes, one 201 each, no other status%n",
                ids, tasks.size());
    }

    @Test
    @Order(3)
    void aReportOnCopyBRightAfterA201OnCopyAIncludesThatResponse() {
        for (int round = 0; round < 10; round++) {
            String path = "/api/v1/reports/satisfaction?agency=G-1&survey=sipas-2017";
            Api.Reply before = apiB.get(path, admin);
            assertThat(before.status()).isEqualTo(200);
            long counted = Long.parseLong(before.text("responses"));
            Api.Reply stored = apiA.post(SUBMIT, Api.submission("G-1", Map.of("E1.1", 4)), null);
            assertThat(stored.status()).isEqualTo(201);
            Api.Reply after = apiB.get(path, admin);
            assertThat(Long.parseLong(after.text("responses"))).as("round " + round).isEqualTo(counted + 1);
        }
    }

    /** Sends every body to its copy at once (one thread each); returns the statuses in order. */
    private static List<Integer> atOnce(List<Map<String, Object>> bodies, List<Api> apis, String token) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(bodies.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < bodies.size(); i++) {
                Map<String, Object> body = bodies.get(i);
                Api api = apis.get(i % apis.size());
                futures.add(pool.submit(() -> {
                    start.await();
                    return api.post(SUBMIT, body, token).status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : futures) {
                statuses.add(future.get(2, TimeUnit.MINUTES));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(3)
    void oneDossierSentUnderDifferentIdsToBothCopiesIsRatedOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            String dossier = "G01.23-261202-" + (1000 + round);
            List<Map<String, Object>> bodies = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Map<String, Object> body = Api.submission("G-1", Map.of("E1.1", 1 + i % 5));
                body.put("dossier", dossier);
                bodies.add(body);
            }
            List<Integer> statuses = atOnce(bodies, List.of(apiA, apiB), null);
            assertThat(statuses).as("round " + round).containsOnly(201, 409);
            assertThat(statuses.stream().filter(c -> c == 201).count()).as("201s in round " + round + ": " + statuses).isEqualTo(1);
            String ids = bodies.stream().map(body -> "'" + body.get("id") + "'").collect(Collectors.joining(","));
            for (int node = 1; node <= 3; node++) {
                assertThat(cluster.count(node, DB, "SELECT COUNT(*) FROM response WHERE id IN (" + ids + ")"))
                        .as("responses of dossier " + dossier + " on node " + node).isEqualTo(1);
            }
        }
    }

    @Test
    @Order(3)
    void aKiosksMinimumIntervalHoldsAcrossNodes() throws Exception {
        // The default limits: one response per kiosk per 5 s when the kiosk sends no submittedAt (429 otherwise).
        for (int round = 0; round < 5; round++) {
            String kiosk = apiA.kiosk(admin, "G-2");
            List<Map<String, Object>> bodies = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Map<String, Object> body = Api.submission("G-2", Map.of("E1.1", 4));
                body.put("channel", "kiosk");
                bodies.add(body);
            }
            List<Integer> statuses = atOnce(bodies, List.of(apiA, apiB), kiosk);
            assertThat(statuses).as("round " + round).containsOnly(201, 429);
            assertThat(statuses.stream().filter(c -> c == 201).count()).as("201s in round " + round + ": " + statuses).isEqualTo(1);
        }
    }

    /**
     * What the tree lock (AgencyTree.lockTree) relies on: a locking read on one node does not hold
     * on another (both transactions commit), but two writes of the lock row, as lockTree makes since
     * V30, conflict at certification: exactly one commits, the other gets the deadlock the app retries.
     */
    @Test
    @Order(3)
    void theAgencyTreeLockRowSerialisesChangesAcrossNodes() throws Exception {
        try (java.sql.Connection one = cluster.connect(1, DB); java.sql.Connection two = cluster.connect(2, DB)) {
            one.setAutoCommit(false);
            two.setAutoCommit(false);
            one.createStatement().executeQuery("SELECT id FROM agency_tree_lock WHERE id = 1 FOR UPDATE").close();
            two.createStatement().executeQuery("SELECT id FROM agency_tree_lock WHERE id = 1 FOR UPDATE").close();
            one.commit();
            two.commit(); // not serialised: a locking read is local to its node

            long before = cluster.count(1, DB, "SELECT changes FROM agency_tree_lock WHERE id = 1");
            one.createStatement().executeUpdate("UPDATE agency_tree_lock SET changes = changes + 1 WHERE id = 1");
            two.createStatement().executeUpdate("UPDATE agency_tree_lock SET changes = changes + 1 WHERE id = 1");
            one.commit();
            java.sql.SQLException refused = null;
            try {
                two.commit();
            } catch (java.sql.SQLException e) {
                refused = e;
            }
            assertThat((Object) refused).as("the second node's commit of the same lock row").isNotNull();
            assertThat(DatabaseErrors.isRetryable(refused)).as(refused.getSQLState() + " " + refused.getErrorCode()).isTrue();
            for (int node = 1; node <= 3; node++) {
                assertThat(cluster.count(node, DB, "SELECT changes FROM agency_tree_lock WHERE id = 1")).isEqualTo(before + 1);
            }
        }
    }

    @Test
    @Order(4)
    void aNodeKilledUnderLoadLosesNoAcknowledgedResponseAndItsCopyAnswers503UntilItIsBack() throws Exception {
        int clients = 20;
        int maxPerClient = 150;
        Duration loadFor = Duration.ofSeconds(45);
        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        Map<Integer, Integer> statusCounts = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> others = new ConcurrentLinkedQueue<>();
        AtomicBoolean nodeBack = new AtomicBoolean();
        Map<String, Integer> bAfterRejoin = new ConcurrentHashMap<>();
        Instant end = Instant.now().plus(loadFor);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Integer>> sent = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            Api api = client % 2 == 0 ? apiA : apiB;
            String copy = client % 2 == 0 ? "A" : "B";
            sent.add(pool.submit(() -> {
                int n = 0;
                while (n < maxPerClient && Instant.now().isBefore(end)) {
                    Map<String, Object> body = Api.submission(n % 2 == 0 ? "G-1" : "G-2", Map.of("E1.1", 1 + n % 5));
                    Api.Reply reply = api.post(SUBMIT, body, null);
                    n++;
                    statusCounts.merge(reply.status(), 1, Integer::sum);
                    if (reply.status() == 201 || reply.status() == 200) {
                        acknowledged.put((String) body.get("id"), reply.status());
                        if (copy.equals("B") && nodeBack.get()) {
                            bAfterRejoin.merge(copy, 1, Integer::sum);
                        }
                    } else if (reply.status() != 503) {
                        others.add(copy + " " + reply.status() + " " + reply.body());
                    }
                    Thread.sleep(20);
                }
                return n;
            }));
        }
        Thread.sleep(5_000);
        cluster.kill(2);
        Instant killed = Instant.now();
        Thread.sleep(8_000);
        cluster.rejoin(2);
        Duration rejoin = Duration.between(killed, Instant.now());
        nodeBack.set(true);
        int total = 0;
        for (Future<Integer> future : sent) {
            total += future.get(3, TimeUnit.MINUTES);
        }
        pool.shutdownNow();

        assertThat(others).as("answers other than 201/200/503 while node 2 was killed").isEmpty();
        assertThat(statusCounts.getOrDefault(503, 0)).as("copy B answered 503 while its node was down").isPositive();
        // B recovers by itself: a submission after the rejoin is stored
        Instant recovering = Instant.now();
        int status = 0;
        while (Duration.between(recovering, Instant.now()).toSeconds() < 60) {
            status = apiB.post(SUBMIT, Api.submission("G-2", Map.of("E1.1", 3)), null).status();
            if (status == 201) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(status).as("copy B after node 2 rejoined").isEqualTo(201);

        String idList = acknowledged.keySet().stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
        long[] found = new long[4];
        for (int node = 1; node <= 3; node++) {
            found[node] = cluster.count(node, DB, "SELECT COUNT(*) FROM response WHERE id IN (" + idList + ")");
            assertThat(found[node]).as("acknowledged responses on node " + node).isEqualTo(acknowledged.size());
            assertThat(cluster.count(node, DB, "SELECT COUNT(*) - COUNT(DISTINCT id) FROM response")).isZero();
        }
        System.out.printf("galera: kill -9 of node 2 under %d clients: sent %d, statuses %s, acknowledged %d, found on nodes 1/2/3 %d/%d/%d,"
                        + " node 2 killed to Synced again %.1f s, B stored again %d s after the rejoin%n",
                clients, total, statusCounts, acknowledged.size(), found[1], found[2], found[3], rejoin.toMillis() / 1000.0,
                Duration.between(recovering, Instant.now()).toSeconds());
    }
}
