package vn.hailong.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import vn.hailong.support.Api;
import vn.hailong.support.AppProcess;
import vn.hailong.support.OwnMariaDb;
import vn.hailong.support.Rows;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What happens when things break, against the packaged application in its own process and a
 * MariaDB server of the test's own (own data directory and port: the shared server is never
 * touched). The database is stopped and killed, the application is sent SIGTERM and killed with
 * SIGKILL, while clients submit as kiosks do: the same id on every retry, a fresh id per response.
 *
 * <p>Waits are deadlines on observed progress (acknowledgements, 503s, readiness), never sleeps
 * tuned to one machine. Needs the MariaDB server binaries: without them it is skipped locally and
 * fails under CI (see {@link OwnMariaDb}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {

    static final String DATABASE = "hailong_faults";
    static final String AGENCY = "F";
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "fault-test-admin-password";
    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);
    /** Generous bound for "answers quickly": the pool waits 3 s for a connection before the 503. */
    static final Duration QUICK = Duration.ofSeconds(20);
    static final int CLIENTS = 4;
    /** Acknowledgements to see between two faults: proof that work went on in between. */
    static final int PROGRESS = 40;
    /** Well inside the server's 50 s lock wait timeout, after which a held insert would fail instead of waiting. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    /** Ids stored by the earlier tests of this class, so the crash run can tell its own rows apart. */
    final Set<String> earlierIds = ConcurrentHashMap.newKeySet();
    OwnMariaDb db;
    AppProcess app;
    HttpClient http;
    String adminToken;

    @BeforeAll
    void start() throws Exception {
        db = OwnMariaDb.start();
        db.createDatabase(DATABASE);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("datasources.default.url", db.jdbcUrl(DATABASE));
        properties.put("datasources.default.username", "root");
        properties.put("datasources.default.password", "");
        properties.put("datasources.default.driver-class-name", "com.mysql.cj.jdbc.Driver");
        properties.put("datasources.default.maximum-pool-size", "10");
        properties.put("hailong.admin.username", ADMIN);
        properties.put("hailong.admin.password", ADMIN_PASSWORD);
        properties.put("hailong.bcrypt-cost", "4");
        // A load test: the per-client and per-kiosk submission limits would turn its floods into 429s.
        properties.put("hailong.limits.public.enabled", "false");
        properties.put("hailong.limits.kiosk.enabled", "false");
        // as in production: one fixed secret, so a token outlives a restart of the application
        properties.put("hailong.jwt-secret", "fault-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz");
        // Longer than the 20 s default: on a loaded machine the test's own steps must not race the grace period.
        properties.put("micronaut.lifecycle.graceful-shutdown.grace-period", "90s");
        app = AppProcess.start(properties);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> login = post("/api/v1/login", "{\"username\":\"" + ADMIN + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}", null);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        adminToken = field(login.body(), "accessToken");
        HttpResponse<String> agency = post("/api/v1/agencies", "{\"code\":\"" + AGENCY + "\",\"nameVi\":\"Trung tâm F\","
                + "\"nameEn\":\"Centre F\",\"kind\":\"PROVINCE\",\"parent\":null}", adminToken);
        assertThat(agency.statusCode()).as(agency.body()).isEqualTo(201);
    }

    /** Each test starts with both running, whatever an earlier one left behind. */
    @BeforeEach
    void bothRunning() {
        if (!db.isRunning()) {
            db.restart();
        }
        if (!app.isAlive()) {
            app.restart();
        }
        await("application ready", AppProcess.START_TIMEOUT, () -> app.status("/health/readiness") == 200);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            if (db != null) {
                db.close();
            }
        }
    }

    @Test
    @Order(1)
    void whileTheDatabaseIsDownEveryoneGets503AndAllRecoversWithoutARestart() throws Exception {
        long pid = app.pid();
        Sent before = Sent.random(new Random(1));
        earlierIds.add(before.id);
        assertThat(submit(before).statusCode()).isEqualTo(201);
        HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> form = browser.send(HttpRequest.newBuilder(app.uri("/s/" + AGENCY + "/sipas-2017")).timeout(HTTP_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(200);
        Map<String, String> hidden = hiddenFields(form.body());
        HttpResponse<String> enrolled = post("/api/v1/kiosks", "{\"agency\":\"" + AGENCY + "\",\"label\":\"Counter 1\"}", adminToken);
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
        String kioskToken = field(enrolled.body(), "token");
        assertThat(hidden).containsKeys("id", "version");
        earlierIds.add(hidden.get("id"));

        db.stop();

        Sent during = Sent.random(new Random(2));
        earlierIds.add(during.id);
        Instant asked = Instant.now();
        HttpResponse<String> refused = submit(during);
        assertThat(Duration.between(asked, Instant.now())).as("503 comes quickly, not after a hang").isLessThan(QUICK);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(refused.body()).contains("\"status\":503").doesNotContain("Exception").doesNotContainIgnoringCase("jdbc")
                .doesNotContain("SQL").doesNotContain("127.0.0.1");

        // a kiosk's token is checked against the database before the request reaches its controller
        Sent fromKiosk = Sent.random(new Random(4));
        earlierIds.add(fromKiosk.id);
        HttpResponse<String> kiosk = post("/api/v1/responses", fromKiosk.json().replace("\"web\"", "\"kiosk\""), kioskToken);
        assertThat(kiosk.statusCode()).as(kiosk.body()).isEqualTo(503);
        assertThat(kiosk.headers().firstValue("Retry-After")).isPresent();
        HttpResponse<String> batch = post("/api/v1/responses:batch", "{\"responses\":[" + fromKiosk.json().replace("\"web\"", "\"kiosk\"") + "]}", kioskToken);
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(503);
        HttpResponse<String> login = post("/api/v1/login", "{\"username\":\"" + ADMIN + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}", null);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(503);

        HttpResponse<String> report = get("/api/v1/reports/satisfaction?agency=" + AGENCY + "&survey=sipas-2017", adminToken);
        assertThat(report.statusCode()).as(report.body()).isEqualTo(503);
        assertThat(report.headers().firstValue("Retry-After")).isPresent();

        HttpResponse<String> home = get("/", null);
        assertThat(home.statusCode()).isEqualTo(503);
        assertThat(home.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(home.headers().firstValue("Retry-After")).isPresent();
        assertThat(home.body()).contains("<html lang=\"vi\"").contains("Hệ thống tạm thời gián đoạn").doesNotContain("Exception");
        assertThat(get("/?lang=en", null).body()).contains("<html lang=\"en\"").contains("Briefly unavailable");

        StringBuilder answers = new StringBuilder();
        hidden.forEach((name, value) -> answers.append(enc(name)).append('=').append(enc(value)).append('&'));
        for (String code : Api.SIPAS_CRITERIA) {
            answers.append(enc("a." + code)).append("=4&");
        }
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(app.uri("/s/" + AGENCY + "/sipas-2017?lang=en"))
                .timeout(HTTP_TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(answers.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(503);
        assertThat(page.body()).contains("may not have been saved").contains("Back button");

        assertThat(app.status("/health/readiness")).as("readiness follows the database").isEqualTo(503);
        assertThat(app.status("/health")).isEqualTo(503);
        assertThat(app.status("/health/liveness")).as("a database outage must not get the pods killed").isEqualTo(200);

        db.restart();

        await("readiness back after the database returned", Duration.ofSeconds(90), () -> app.status("/health/readiness") == 200);
        assertThat(app.pid()).as("no restart of the application").isEqualTo(pid);
        assertThat(storedCount(during.id)).isZero();
        assertThat(submit(during).statusCode()).isEqualTo(201);
        assertThat(submit(during).statusCode()).isEqualTo(200);
        assertThat(answersOf(during.id)).isEqualTo(during.answers);
        HttpResponse<String> resent = browser.send(HttpRequest.newBuilder(app.uri("/s/" + AGENCY + "/sipas-2017?lang=en"))
                .timeout(HTTP_TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(answers.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(resent.statusCode()).as(resent.body()).isEqualTo(303);
        assertThat(storedCount(hidden.get("id"))).isEqualTo(1);
        assertThat(post("/api/v1/responses", fromKiosk.json().replace("\"web\"", "\"kiosk\""), kioskToken).statusCode()).isEqualTo(201);
        assertThat(get("/", null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void onSigtermASubmissionInFlightIsFinishedAndStoredBeforeTheAppStops() throws Exception {
        Sent slow = Sent.random(new Random(3));
        earlierIds.add(slow.id);
        CompletableFuture<HttpResponse<String>> reply;
        try (Connection blocker = holdAgencyRow()) {
            reply = http.sendAsync(submission(slow), HttpResponse.BodyHandlers.ofString());
            await("the submission waits inside the database", LOCK_WAIT, () -> Rows.insertsWaiting(blocker) == 1);

            app.terminate();

            await("new connections refused after SIGTERM", Duration.ofSeconds(60), () -> app.status("/health/liveness") == -1);
            assertThat(app.isAlive()).as("the process waits for the request in flight").isTrue();
            assertThat(reply).isNotDone();
            blocker.rollback();
        }
        HttpResponse<String> finished = reply.get(60, TimeUnit.SECONDS);
        assertThat(finished.statusCode()).as(finished.body()).isEqualTo(201);
        assertThat(app.awaitExit(Duration.ofSeconds(60))).as("the process ends after its last request").isTrue();
        assertThat(storedCount(slow.id)).isEqualTo(1);
        assertThat(answersOf(slow.id)).isEqualTo(slow.answers);

        app.restart();
        assertThat(submit(slow).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void noAcknowledgedResponseIsLostOrDuplicatedWhenTheDatabaseAndTheAppCrash() throws Exception {
        Tally tally = new Tally();
        Instant started = Instant.now();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Thread client = new Thread(new Kiosk(tally, new Random(100 + i)), "kiosk-" + i);
            client.start();
            clients.add(client);
        }
        try {
            awaitProgress(tally, "before any fault");

            // Crash the database with submissions certainly in flight: every client's submission handed to
            // the writers, and their transactions inside the database, waiting for a row lock (group
            // commit: several submissions may share one transaction, so there may be fewer of those).
            long refusedBefore = tally.unavailable.get();
            Connection blocker = holdAgencyRow();
            await("submissions waiting inside the database", LOCK_WAIT, () -> allInFlight(blocker));
            long inFlightAtDatabaseKill = inFlight();
            long transactionsAtDatabaseKill = Rows.insertsWaiting(blocker);
            db.kill();
            closeQuietly(blocker);
            Instant outage = Instant.now();
            await("clients see 503 while the database is down", Duration.ofSeconds(60), () -> tally.unavailable.get() >= refusedBefore + 10);
            assertThat(app.status("/health/readiness")).isEqualTo(503);
            assertThat(app.status("/health/liveness")).isEqualTo(200);
            db.restart();
            Duration down = Duration.between(outage, Instant.now());
            await("readiness back", Duration.ofSeconds(90), () -> app.status("/health/readiness") == 200);
            awaitProgress(tally, "after the database returned");

            // Kill the application with submissions in flight (waiting for the lock), then let their transactions go.
            long errorsBefore = tally.connectionErrors.get();
            Connection appBlocker = holdAgencyRow();
            await("submissions waiting inside the database", LOCK_WAIT, () -> allInFlight(appBlocker));
            long inFlightAtAppKill = inFlight();
            long transactionsAtAppKill = Rows.insertsWaiting(appBlocker);
            app.kill();
            appBlocker.rollback();
            closeQuietly(appBlocker);
            await("clients see the application gone", Duration.ofSeconds(60), () -> tally.connectionErrors.get() > errorsBefore);
            app.restart();
            awaitProgress(tally, "after the application restarted");

            tally.stopNewResponses.set(true);
            for (Thread client : clients) {
                client.join(TimeUnit.SECONDS.toMillis(120));
                assertThat(client.isAlive()).as(client.getName() + " finished its last response").isFalse();
            }

            Map<String, Map<String, Integer>> stored = storedAnswers();
            long lost = 0;
            long mismatched = 0;
            List<String> unacknowledged = new ArrayList<>();
            for (Sent sent : tally.sent) {
                Map<String, Integer> row = stored.get(sent.id);
                if (sent.acknowledged.get() == 0) {
                    unacknowledged.add(sent.id + " (" + (row == null ? "not stored" : "stored once") + ")");
                } else if (row == null) {
                    lost++;
                }
                if (row != null && !row.equals(sent.answers)) {
                    mismatched++;
                }
            }
            Set<String> tried = tally.sent.stream().map(s -> s.id).collect(Collectors.toSet());
            long strangers = stored.keySet().stream().filter(id -> !earlierIds.contains(id) && !tried.contains(id)).count();
            long duplicates = duplicateAnswerRows() + tally.sent.stream().filter(s -> s.created.get() > 1).count();
            long acknowledged = tally.sent.stream().filter(s -> s.acknowledged.get() > 0).count();
            long storedFromRun = tally.sent.stream().filter(s -> stored.containsKey(s.id)).count();

            System.out.printf(Locale.ROOT, "FAULT TEST: %d clients, %d s, database killed (SIGKILL) with %d submissions in flight"
                            + " (%d transactions) and down %.1f s, application killed (SIGKILL) with %d in flight (%d transactions)%n"
                            + "FAULT TEST: requests tried %d, responses %d, acknowledged %d (201: %d, 200 replay: %d), stored %d%n"
                            + "FAULT TEST: 503 seen %d (slowest %d ms), other 5xx %d (500: %d), 4xx %d, connection errors %d%n"
                            + "FAULT TEST: lost %d, duplicates %d, half-stored or altered %d, unknown rows %d, never acknowledged %d %s%n",
                    CLIENTS, Duration.between(started, Instant.now()).toSeconds(), inFlightAtDatabaseKill, transactionsAtDatabaseKill,
                    down.toMillis() / 1000.0, inFlightAtAppKill, transactionsAtAppKill,
                    tally.requests.get(), tally.sent.size(), acknowledged,
                    tally.sent.stream().filter(s -> s.created.get() > 0).count(),
                    tally.sent.stream().filter(s -> s.created.get() == 0 && s.acknowledged.get() > 0).count(), storedFromRun,
                    tally.unavailable.get(), tally.slowest503.get(), tally.otherServerErrors.get(), tally.status500.get(),
                    tally.clientErrors.get(), tally.connectionErrors.get(),
                    lost, duplicates, mismatched, strangers, unacknowledged.size(), unacknowledged);
            System.out.println("FAULT TEST: unexpected answers " + tally.unexpected);

            assertThat(lost).as("acknowledged but not stored").isZero();
            assertThat(duplicates).as("stored or created twice").isZero();
            assertThat(mismatched).as("stored with other or missing answers").isZero();
            assertThat(strangers).as("stored rows no client sent").isZero();
            assertThat(unacknowledged).as("every response a client kept retrying was acknowledged in the end").isEmpty();
            assertThat(tally.status500.get()).as("500s").isZero();
            assertThat(tally.otherServerErrors.get()).as("5xx other than 503").isZero();
            assertThat(tally.clientErrors.get()).as("4xx: " + tally.unexpected).isZero();
            assertThat(tally.unavailable.get()).as("the outage was seen as 503s").isPositive();
            assertThat(tally.connectionErrors.get()).as("the kill was seen by the clients").isPositive();
            assertThat(Duration.ofMillis(tally.slowest503.get())).as("503s come quickly").isLessThan(QUICK);
            assertThat(storedFromRun).isEqualTo(acknowledged);
        } finally {
            tally.stopNewResponses.set(true);
            tally.giveUp.set(true);
        }
    }

    // ---- clients ---------------------------------------------------------------------------

    /** One response as a client sent it: its id and answers, and what the server said. */
    static final class Sent {
        final String id = UUID.randomUUID().toString();
        final Map<String, Integer> answers = new TreeMap<>();
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicLong created = new AtomicLong();

        static Sent random(Random random) {
            Sent sent = new Sent();
            for (String code : Api.SIPAS_CRITERIA) {
                sent.answers.put(code, 1 + random.nextInt(5));
            }
            return sent;
        }

        String json() {
            String values = answers.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                    .collect(Collectors.joining(","));
            return "{\"id\":\"" + id + "\",\"survey\":\"sipas-2017\",\"agency\":\"" + AGENCY
                    + "\",\"channel\":\"web\",\"language\":\"vi\",\"answers\":{" + values + "}}";
        }
    }

    /** Everything the clients saw, counted. */
    static final class Tally {
        final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong acknowledgements = new AtomicLong();
        final AtomicLong unavailable = new AtomicLong();
        final AtomicLong status500 = new AtomicLong();
        final AtomicLong otherServerErrors = new AtomicLong();
        final AtomicLong clientErrors = new AtomicLong();
        final AtomicLong connectionErrors = new AtomicLong();
        final LongAccumulator slowest503 = new LongAccumulator(Math::max, 0);
        final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        final AtomicBoolean stopNewResponses = new AtomicBoolean();
        final AtomicBoolean giveUp = new AtomicBoolean();
    }

    /** A kiosk's outbox: each response is retried with its own id until acknowledged, then the next one. */
    final class Kiosk implements Runnable {
        private final Tally tally;
        private final Random random;

        Kiosk(Tally tally, Random random) {
            this.tally = tally;
            this.random = random;
        }

        @Override
        public void run() {
            while (!tally.stopNewResponses.get()) {
                Sent sent = Sent.random(random);
                tally.sent.add(sent);
                deliver(sent);
            }
        }

        private void deliver(Sent sent) {
            int failures = 0;
            while (!tally.giveUp.get()) {
                tally.requests.incrementAndGet();
                long start = System.nanoTime();
                try {
                    HttpResponse<String> reply = http.send(submission(sent), HttpResponse.BodyHandlers.ofString());
                    int status = reply.statusCode();
                    if (status == 201 || status == 200) {
                        sent.acknowledged.incrementAndGet();
                        if (status == 201) {
                            sent.created.incrementAndGet();
                        }
                        tally.acknowledgements.incrementAndGet();
                        return;
                    }
                    if (status == 503) {
                        tally.unavailable.incrementAndGet();
                        tally.slowest503.accumulate(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                        if (reply.headers().firstValue("Retry-After").isEmpty()) {
                            tally.unexpected.add("503 without Retry-After");
                        }
                    } else {
                        (status == 500 ? tally.status500 : status >= 500 ? tally.otherServerErrors : tally.clientErrors).incrementAndGet();
                        tally.unexpected.add(status + " " + reply.body());
                        if (status >= 400 && status < 500 && status != 429) {
                            return; // retrying the same request cannot help; the assertions report it
                        }
                    }
                } catch (IOException e) {
                    tally.connectionErrors.incrementAndGet(); // refused, reset or timed out: the outcome is unknown, so retry
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                // Backoff with jitter, doubling up to 1 s. A kiosk would wait Retry-After; these retry
                // sooner to pack many attempts into the test.
                int ceiling = 100 << Math.min(failures++, 4);
                OwnMariaDb.pause(Duration.ofMillis(Math.min(1000, ceiling / 2 + random.nextInt(ceiling))));
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private void awaitProgress(Tally tally, String phase) {
        long before = tally.acknowledgements.get();
        await(PROGRESS + " acknowledgements " + phase, Duration.ofSeconds(120), () -> tally.acknowledgements.get() >= before + PROGRESS);
    }

    private void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Not within " + timeout + ": " + what + "\nApplication log:\n" + app.logTail());
            }
            OwnMariaDb.pause(Duration.ofMillis(100));
        }
    }

    private HttpRequest submission(Sent sent) {
        return HttpRequest.newBuilder(app.uri("/api/v1/responses")).timeout(HTTP_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(sent.json())).build();
    }

    private HttpResponse<String> submit(Sent sent) throws IOException, InterruptedException {
        return http.send(submission(sent), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path)).timeout(HTTP_TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path)).timeout(HTTP_TIMEOUT).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A connection holding the agency row: every response insert (its foreign key check) waits until it lets go. */
    private Connection holdAgencyRow() throws SQLException {
        Connection blocker = db.connect(DATABASE);
        blocker.setAutoCommit(false);
        try (Statement lock = blocker.createStatement()) {
            lock.executeQuery("SELECT id FROM agency WHERE code = '" + AGENCY + "' FOR UPDATE").close();
        }
        return blocker;
    }

    /** Response inserts running in the database just now (other than on this connection). */
    /** Every client's submission is with the writers, and at least one writer's insert waits in the database. */
    private boolean allInFlight(Connection blocker) {
        return inFlight() >= CLIENTS && Rows.insertsWaiting(blocker) >= 1;
    }

    private long inFlight() {
        return (long) app.metric("hailong_submissions_in_flight");
    }


    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the server it belonged to may be gone
        }
    }

    private long storedCount(String id) throws SQLException {
        try (Connection c = db.connect(DATABASE); PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM response WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Map<String, Integer> answersOf(String id) throws SQLException {
        return storedAnswers().getOrDefault(id, Map.of());
    }

    /** Every stored response id with its scale answers (a response without answers maps to an empty map). */
    private Map<String, Map<String, Integer>> storedAnswers() throws SQLException {
        Map<String, Map<String, Integer>> stored = new HashMap<>();
        try (Connection c = db.connect(DATABASE); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id FROM response")) {
                while (rs.next()) {
                    stored.put(rs.getString(1), new TreeMap<>());
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT response_id, question_code, value_int FROM answer")) {
                while (rs.next()) {
                    stored.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getInt(3));
                }
            }
        }
        return stored;
    }

    private long duplicateAnswerRows() throws SQLException {
        try (Connection c = db.connect(DATABASE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM (SELECT response_id, question_code, COUNT(*) AS n FROM answer"
                     + " GROUP BY response_id, question_code HAVING COUNT(*) > 1) d")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, String> hiddenFields(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            fields.put(m.group(1), m.group(2).replace("&amp;", "&").replace("&#43;", "+").replace("&#61;", "="));
        }
        return fields;
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
