package vn.hailong.response;

import io.micrometer.core.instrument.MeterRegistry;
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
import vn.hailong.system.Refusal;
import vn.hailong.system.RefusalStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Red-team finding 2 of issue 11, the writer's half: a row the database refuses (here a year -1
 * date, handed over past the reader through the recorder's package-private seam, as a value the
 * validation did not foresee would be) fails its own submission only. The group it shared a
 * transaction with is split and everyone else's submission stored. A test connection holds the
 * agency's row so that the submissions certainly queue up into one group (as in GroupCommitIT).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadRowIsolationIT implements DatabaseTest {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    MeterRegistry registry;

    @Inject
    ResponseRecorder recorder;

    Api api;
    ExecutorService pool;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("hailong.submissions.writers", "1");
    }

    @BeforeAll
    void setUp() {
        api = new Api(client, json);
        api.agency(api.adminToken(), "BR", null);
        pool = Executors.newFixedThreadPool(16);
    }

    @Test
    void aRowTheDatabaseRefusesFailsOnlyItsOwnSubmission() throws Exception {
        List<Map<String, Object>> bodies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            bodies.add(Api.submission("BR", answers(1 + i % 5)));
        }
        String badId = UUID.randomUUID().toString();
        double splitBefore = registry.get("hailong.submission.split").counter().count();
        List<Future<Integer>> replies = new ArrayList<>();
        CompletableFuture<RecordOutcome> bad;
        Future<Integer> first;
        try (Connection blocker = holdAgency("BR")) {
            // The single writer busy with a first submission, held at its insert...
            Map<String, Object> firstBody = Api.submission("BR", answers(3));
            first = pool.submit(() -> api.post("/api/v1/responses", firstBody, null).status());
            await("the first submission waiting at its insert", () -> Rows.insertsWaiting(blocker) == 1);
            // ...while the bad one and ten good ones queue up behind it: they go as one group.
            bad = recorder.submit(badlyDated(badId), null, System.nanoTime());
            for (Map<String, Object> body : bodies) {
                replies.add(pool.submit(() -> api.post("/api/v1/responses", body, null).status()));
            }
            await("all eleven queued", () -> waiting() == bodies.size() + 1);
            blocker.rollback();
        }
        assertThat(first.get(60, TimeUnit.SECONDS)).isEqualTo(201);
        for (int i = 0; i < replies.size(); i++) {
            assertThat(replies.get(i).get(60, TimeUnit.SECONDS)).as("good submission " + i).isEqualTo(201);
            assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + bodies.get(i).get("id") + "'")).isEqualTo(1);
        }
        Throwable refusal = catchThrowable(() -> ResponseRecorder.await(bad));
        assertThat(refusal).isInstanceOf(Refusal.class);
        assertThat(RefusalStatus.of((Refusal) refusal).getCode()).isEqualTo(422);
        assertThat(((Refusal) refusal).code()).isEqualTo("submission.unstorable");
        assertThat(refusal.getMessage()).doesNotContain("SQL").doesNotContain("truncation");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + badId + "'")).isZero();
        assertThat(registry.get("hailong.submission.split").counter().count()).as("the group written again one by one")
                .isGreaterThan(splitBefore);
    }

    /** A well-formed submission but for its date, which no DATETIME column can hold. */
    private Submission badlyDated(String id) {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        for (String criterion : Api.SIPAS_CRITERIA) {
            answers.put(criterion, JsonNode.createNumberNode(4));
        }
        return new Submission(id, "sipas-2017", null, "BR", Channel.WEB, "vi", null,
                Instant.parse("-0001-06-01T00:00:00Z"), null, answers, null);
    }

    private static Map<String, Object> answers(int value) {
        Map<String, Object> answers = new LinkedHashMap<>();
        for (String criterion : Api.SIPAS_CRITERIA) {
            answers.put(criterion, value);
        }
        return answers;
    }

    private static Connection holdAgency(String code) throws SQLException {
        Connection connection = Rows.connect();
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM agency WHERE code = ? FOR UPDATE")) {
            lock.setString(1, code);
            lock.executeQuery().close();
        }
        return connection;
    }

    private long waiting() {
        return (long) registry.get("hailong.submissions.waiting").gauge().value();
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
