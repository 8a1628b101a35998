package vn.hailong.response;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
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

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group commit (SubmissionWriter): submissions that arrive together share transactions, yet each
 * is decided as if it had come alone. To make them arrive together for certain, a test connection
 * holds the agency's row locked: every insert referencing it waits inside the database while more
 * submissions queue up behind it; releasing the lock lets the groups go.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupCommitIT implements DatabaseTest {

    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final int WRITERS = 2;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    MeterRegistry registry;

    Api api;
    String admin;
    ExecutorService pool;

    @Override
    public Map<String, String> extraProperties() {
        // Kiosk limits on (the third test is about them; the test environment has them off).
        return Map.of("hailong.limits.kiosk.enabled", "true", "hailong.limits.kiosk.min-interval", "5s",
                "hailong.submissions.writers", Integer.toString(WRITERS));
    }

    @BeforeAll
    void setUp() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "GC", null);
        for (String code : List.of("GC-1", "GC-2", "GC-3", "GC-4")) {
            api.agency(admin, code, "GC");
        }
        pool = Executors.newFixedThreadPool(32);
    }

    @Test
    void submissionsHeldUpTogetherShareTransactionsAndAreEachDecidedOnTheirOwn() throws Exception {
        Map<String, Object> stored = Api.submission("GC-1", answers(4));
        assertThat(api.post("/api/v1/responses", stored, null).status()).isEqualTo(201);

        List<Map<String, Object>> bodies = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            bodies.add(Api.submission("GC-1", answers(1 + i % 5)));
            expected.add(201);
        }
        bodies.add(stored); // a replay of what is stored
        expected.add(200);
        bodies.add(with(Api.submission("GC-1", answers(2)), "id", stored.get("id"))); // its id, other answers
        expected.add(409);
        Map<String, Object> twice = Api.submission("GC-1", answers(5)); // sent twice at once: stored once
        bodies.add(twice);
        bodies.add(twice);
        expected.add(201);
        expected.add(200);
        bodies.add(with(Api.submission("GC-1", answers(3)), "dossier", "GC-DOSSIER-1")); // one dossier, two ids
        bodies.add(with(Api.submission("GC-1", answers(4)), "dossier", "GC-DOSSIER-1"));
        expected.add(201);
        expected.add(409);
        bodies.add(Api.submission("GC-NOWHERE", answers(4)));
        expected.add(404);

        double groupsBefore = groups().count();
        double groupedBefore = groups().totalAmount();
        List<Integer> statuses;
        try (Connection blocker = holdAgency("GC-1")) {
            List<Future<Integer>> replies = sendAll(bodies);
            await("every submission with the writers, and an insert waiting in the database",
                    () -> inFlight() == bodies.size() && Rows.insertsWaiting(blocker) >= 1);
            blocker.rollback();
            statuses = collect(replies);
        }

        assertThat(statuses).containsExactlyInAnyOrderElementsOf(expected);
        long dossierRows = 0;
        for (Map<String, Object> body : bodies) {
            long rows = Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + body.get("id") + "'");
            if (body.containsKey("dossier")) {
                dossierRows += rows;
            } else {
                assertThat(rows).as("rows of " + body.get("id")).isEqualTo("GC-NOWHERE".equals(body.get("agency")) ? 0 : 1);
            }
        }
        assertThat(dossierRows).as("one dossier, two ids: one stored").isEqualTo(1);
        assertThat(Rows.count("SELECT COUNT(*) FROM response r JOIN agency a ON a.id = r.agency_id WHERE a.code = 'GC-1'"))
                .isEqualTo(1 + 12 + 1 + 1);
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + stored.get("id") + "'")).isEqualTo(22);
        // Fewer transactions than submissions: some held several.
        double groups = groups().count() - groupsBefore;
        double grouped = groups().totalAmount() - groupedBefore;
        assertThat(grouped).as("responses that went into transactions").isGreaterThanOrEqualTo(bodies.size() - 1);
        assertThat(groups).as("transactions for " + grouped + " responses").isLessThan(grouped);
    }

    @Test
    void aGroupBeatenToAnIdByAnotherCopyIsDecidedAgainOneByOne() throws Exception {
        List<Map<String, Object>> bodies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            bodies.add(Api.submission("GC-2", answers(1 + i % 5)));
        }
        List<Integer> statuses;
        String taken;
        double splitBefore = registry.get("hailong.submission.split").counter().count();
        try (Connection blocker = holdAgency("GC-2"); Connection holder = holdAgency("GC-4")) {
            // Both writers busy with a submission for GC-4 (held), so that the eight queue up behind them.
            List<Future<Integer>> first = new ArrayList<>();
            for (int writer = 1; writer <= WRITERS; writer++) {
                first.addAll(sendAll(List.of(Api.submission("GC-4", answers(2)))));
                int busy = writer;
                await("writer " + writer + " waiting at its insert", () -> Rows.insertsWaiting(blocker) == busy);
            }
            List<Future<Integer>> replies = sendAll(bodies);
            await("the eight queued", () -> waiting() == bodies.size());
            double groupsBefore = groups().count();
            holder.rollback();
            assertThat(collect(first)).containsOnly(201);
            // The groups that took the eight are past their look for stored ids and wait at their
            // inserts, one of them with several of the eight.
            await("groups waiting at their inserts", () -> inFlight() == bodies.size() && waiting() == 0
                    && Rows.insertsWaiting(blocker) == groups().count() - groupsBefore && sharedInsert(blocker, bodies).size() >= 2);
            taken = sharedInsert(blocker, bodies).get(0);
            // What another copy would do meanwhile: store a different response under one of those ids.
            insertOtherResponse(blocker, taken, "GC-2");
            blocker.commit();
            statuses = collect(replies);
        }

        assertThat(registry.get("hailong.submission.split").counter().count()).as("groups written again one by one")
                .isGreaterThan(splitBefore);
        for (int i = 0; i < bodies.size(); i++) {
            boolean beaten = bodies.get(i).get("id").equals(taken);
            assertThat(statuses.get(i)).as("submission " + i).isEqualTo(beaten ? 409 : 201);
            assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + bodies.get(i).get("id") + "'")).isEqualTo(1);
        }
        assertThat(Rows.text("SELECT content_hash FROM response WHERE id = '" + taken + "'")).isEqualTo("f".repeat(64));
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + taken + "'")).isZero();
    }

    @Test
    void responsesOfOneKioskSentTogetherAreCheckedOneAfterTheOther() throws Exception {
        String kiosk = api.kiosk(admin, "GC-3");
        // Finished one second apart: a touch screen cannot do that, the minimum interval (5 s) refuses
        // all but one. Were they checked in one transaction, none would see the others.
        OffsetDateTime base = OffsetDateTime.now(ZoneOffset.ofHours(7)).minusMinutes(2).withNano(0);
        List<Map<String, Object>> bodies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Map<String, Object> body = with(with(Api.submission("GC-3", answers(3)), "channel", "kiosk"),
                    "submittedAt", base.plusSeconds(i).toString());
            bodies.add(body);
        }
        List<Integer> statuses;
        try (Connection blocker = holdAgency("GC-3")) {
            List<Future<Integer>> replies = new ArrayList<>();
            for (Map<String, Object> body : bodies) {
                replies.add(pool.submit(() -> api.post("/api/v1/responses", body, kiosk).status()));
            }
            await("every submission with the writers, and an insert waiting in the database",
                    () -> inFlight() == bodies.size() && Rows.insertsWaiting(blocker) >= 1);
            blocker.rollback();
            statuses = collect(replies);
        }
        assertThat(statuses).containsExactlyInAnyOrder(201, 422, 422, 422);
        assertThat(Rows.count("SELECT COUNT(*) FROM response r JOIN agency a ON a.id = r.agency_id WHERE a.code = 'GC-3'"))
                .isEqualTo(1);
    }

    private Map<String, Object> answers(int value) {
        Map<String, Object> answers = new LinkedHashMap<>();
        for (String criterion : Api.SIPAS_CRITERIA) {
            answers.put(criterion, value);
        }
        return answers;
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    private List<Future<Integer>> sendAll(List<Map<String, Object>> bodies) {
        List<Future<Integer>> replies = new ArrayList<>();
        for (Map<String, Object> body : bodies) {
            replies.add(pool.submit(() -> api.post("/api/v1/responses", body, null).status()));
        }
        return replies;
    }

    private static List<Integer> collect(List<Future<Integer>> replies) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> reply : replies) {
            statuses.add(reply.get(60, TimeUnit.SECONDS));
        }
        return statuses;
    }

    /** A connection of the test's own holding the agency's row: inserts of responses for it wait (foreign key check). */
    private static Connection holdAgency(String code) throws SQLException {
        Connection connection = Rows.connect();
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM agency WHERE code = ? FOR UPDATE")) {
            lock.setString(1, code);
            lock.executeQuery().close();
        }
        return connection;
    }

    private static void insertOtherResponse(Connection connection, String id, String agency) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO response (id, survey_code, survey_version_id, agency_id, channel, language, kiosk_id, started_at,
                    submitted_at, submitted_date, received_at, dossier_hash, content_hash, scores)
                SELECT ?, v.code, v.id, a.id, 'paper', 'vi', NULL, NULL, ?, ?, ?, NULL, ?, ?
                FROM survey_version v, agency a WHERE v.code = 'sipas-2017' AND a.code = ?
                ORDER BY v.id DESC LIMIT 1""")) {
            LocalDateTime now = LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
            insert.setString(1, id);
            insert.setObject(2, now);
            insert.setObject(3, now.toLocalDate());
            insert.setObject(4, now);
            insert.setString(5, "f".repeat(64));
            insert.setString(6, "3".repeat(22));
            insert.setString(7, agency);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
    }

    /** The ids of these submissions in the first waiting insert that holds more than one of them. */
    private static List<String> sharedInsert(Connection connection, List<Map<String, Object>> bodies) {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT info FROM information_schema.processlist"
                     + " WHERE info LIKE 'INSERT INTO response%' AND id <> CONNECTION_ID()")) {
            while (rs.next()) {
                String sql = rs.getString(1);
                List<String> ids = bodies.stream().map(b -> (String) b.get("id")).filter(sql::contains).toList();
                if (ids.size() >= 2) {
                    return ids;
                }
            }
            return List.of();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private DistributionSummary groups() {
        return registry.get("hailong.submission.group").summary();
    }

    private long waiting() {
        return (long) registry.get("hailong.submissions.waiting").gauge().value();
    }

    private long inFlight() {
        return (long) registry.get("hailong.submissions.in.flight").gauge().value();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Not within " + PATIENCE + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}
