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
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;
import vn.hailong.tally.RollupFolder;
import vn.hailong.tally.RollupTally;
import vn.hailong.tally.Shapes;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollups stay exactly equal to a recomputation from the raw rows under concurrent writes.
 *
 * <p>16 threads submit 50 times each through the real HTTP API at once (so that many share a
 * group-commit transaction) (single submissions and
 * batches, paper channel so no per-client limit applies), over several agencies of two trees and
 * two weeks that span a month boundary, with replays (200 / "duplicate"), id conflicts and dossier
 * conflicts (409) mixed in. Afterwards every rollup row is compared with counts made here from the
 * {@code answer} rows (not the score lines the application derives), and the report endpoints,
 * now answering from the rollups, give the same JSON as the raw-scan path for several scopes and
 * periods.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollupConcurrencyIT implements DatabaseTest {

    static final String SURVEY = "sipas-2017";
    static final int THREADS = 16;
    static final int ROUNDS = 50;
    static final LocalDate FIRST = LocalDate.of(2026, 6, 24);
    static final int DAYS = 14; // to 7 July
    static final List<String> AGENCIES = List.of("P", "P-1", "P-2", "P-1-A", "Q", "Q-1", "Q-2");
    static final List<String> IMPROVE = List.of("E1", "E2", "E3", "E4", "E5", "other");
    static final List<String> GENDERS = List.of("male", "female", "undisclosed");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    SatisfactionReports reports;

    @Inject
    AgencyTree agencies;

    @Inject
    Shapes shapes;

    @Inject
    RollupFolder folder;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    Api api;
    String admin;
    final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    final Set<String> storedIds = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void submitConcurrently() throws Exception {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "P", null);
        api.agency(admin, "P-1", "P");
        api.agency(admin, "P-2", "P");
        api.agency(admin, "P-1-A", "P-1");
        api.agency(admin, "Q", null);
        api.agency(admin, "Q-1", "Q");
        api.agency(admin, "Q-2", "Q");

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                submitMany(new Random(1000L + thread), thread);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
    }

    /** One thread's share: mostly new responses, some replays and conflicts of its own earlier ones, some batches. */
    private void submitMany(Random random, int thread) {
        List<Map<String, Object>> mine = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            int kind = random.nextInt(100);
            if (kind < 8 && !mine.isEmpty()) {
                Map<String, Object> again = mine.get(random.nextInt(mine.size()));
                expect(api.post("/api/v1/responses", again, admin), 200, "replay");
            } else if (kind < 14 && !mine.isEmpty()) {
                Map<String, Object> changed = new LinkedHashMap<>(mine.get(random.nextInt(mine.size())));
                changed.put("answers", answers(random));
                changed.put("language", "en");
                expect(api.post("/api/v1/responses", changed, admin), 409, "id conflict");
            } else if (kind < 18 && mine.stream().anyMatch(m -> m.containsKey("dossier"))) {
                Map<String, Object> rated = mine.stream().filter(m -> m.containsKey("dossier")).findFirst().orElseThrow();
                Map<String, Object> second = submission(random, thread);
                second.put("dossier", rated.get("dossier"));
                expect(api.post("/api/v1/responses", second, admin), 409, "dossier conflict");
            } else if (kind < 26) {
                List<Map<String, Object>> items = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    items.add(submission(random, thread));
                }
                if (!mine.isEmpty()) {
                    items.add(mine.get(random.nextInt(mine.size())));
                }
                Api.Reply reply = api.post("/api/v1/responses:batch", Map.of("responses", items), admin);
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                JsonNode results = reply.json().get("results");
                for (int i = 0; i < items.size(); i++) {
                    String status = results.get(i).get("status").getStringValue();
                    count("batch " + status);
                    if (i < 4) {
                        assertThat(status).as(reply.body()).isEqualTo("stored");
                        storedIds.add((String) items.get(i).get("id"));
                        mine.add(items.get(i));
                    } else {
                        assertThat(status).as(reply.body()).isEqualTo("duplicate");
                    }
                }
            } else {
                Map<String, Object> body = submission(random, thread);
                expect(api.post("/api/v1/responses", body, admin), 201, "stored");
                storedIds.add((String) body.get("id"));
                mine.add(body);
            }
        }
    }

    private void expect(Api.Reply reply, int status, String what) {
        assertThat(reply.status()).as(what + ": " + reply.body()).isEqualTo(status);
        count(what);
    }

    private void count(String what) {
        outcomes.computeIfAbsent(what, w -> new AtomicInteger()).incrementAndGet();
    }

    private Map<String, Object> submission(Random random, int thread) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", UUID.randomUUID().toString());
        body.put("survey", SURVEY);
        body.put("agency", AGENCIES.get(random.nextInt(AGENCIES.size())));
        body.put("channel", "paper");
        body.put("language", "vi");
        LocalDate day = FIRST.plusDays(random.nextInt(DAYS));
        // Some just after local midnight: the previous day in UTC, and across the month boundary on 1 July.
        int hour = random.nextInt(4) == 0 ? 0 : 7 + random.nextInt(10);
        body.put("submittedAt", OffsetDateTime.of(day.atTime(hour, random.nextInt(60)), ZoneOffset.ofHours(7)).toString());
        if (random.nextInt(5) == 0) {
            body.put("dossier", "HS-" + thread + "-" + UUID.randomUUID());
        }
        body.put("answers", answers(random));
        return body;
    }

    private static Map<String, Object> answers(Random random) {
        Map<String, Object> answers = new LinkedHashMap<>();
        boolean empty = random.nextInt(15) == 0;
        for (String code : Api.SIPAS_CRITERIA) {
            if (!empty && random.nextInt(5) != 0) {
                // Skewed towards satisfied, and a little different per element so the indexes differ.
                answers.put(code, Math.min(5, 1 + random.nextInt(5) + (code.startsWith("E3") ? 1 : 0)));
            }
        }
        if (random.nextInt(10) < 7) {
            answers.put("overall", 1 + random.nextInt(5));
        }
        if (random.nextBoolean()) {
            List<String> picked = new ArrayList<>(IMPROVE);
            Collections.shuffle(picked, random);
            answers.put("improve", picked.subList(0, 1 + random.nextInt(2)));
        }
        if (random.nextInt(3) == 0) {
            answers.put("gender", GENDERS.get(random.nextInt(GENDERS.size())));
        }
        if (random.nextInt(4) == 0) {
            answers.put("comment", "Góp ý số " + random.nextInt(1000));
        }
        if (answers.values().stream().noneMatch(v -> v instanceof Integer)) {
            answers.put("overall", 1 + random.nextInt(5)); // a response rated on no scale is refused (issue 12)
        }
        return answers;
    }

    @Test
    void everyOutcomeHappenedAndEachStoredResponseIsCountedOnce() {
        assertThat(outcomes.keySet()).contains("stored", "replay", "id conflict", "dossier conflict", "batch stored", "batch duplicate");
        assertThat(Rows.count("SELECT COUNT(*) FROM response")).isEqualTo(storedIds.size());
        assertThat(storedIds.size()).isGreaterThan(THREADS * ROUNDS * 3 / 4);
        // Rows plus pending deltas, in one statement (one snapshot), as reports read them...
        String pending = " + (SELECT COALESCE(SUM(responses), 0) FROM rollup_delta)";
        assertThat(Rows.count("SELECT (SELECT SUM(responses) FROM rollup_month)" + pending)).isEqualTo(storedIds.size());
        assertThat(Rows.count("SELECT (SELECT SUM(responses) FROM rollup_day)" + pending)).isEqualTo(storedIds.size());
        // ...and the rows alone once every delta is folded into them.
        folder.foldAll();
        assertThat(Rows.count("SELECT COUNT(*) FROM rollup_delta")).isZero();
        assertThat(Rows.count("SELECT SUM(responses) FROM rollup_month")).isEqualTo(storedIds.size());
        assertThat(Rows.count("SELECT SUM(responses) FROM rollup_day")).isEqualTo(storedIds.size());
    }

    @Test
    void everyRollupRowEqualsACountFromTheAnswerRows() throws SQLException {
        Map<String, RollupCounts> expectedDays = RollupCounts.fromAnswers(false);
        Map<String, RollupCounts> expectedMonths = RollupCounts.fromAnswers(true);
        Map<String, RollupCounts> actualDays = RollupCounts.fromRollups(shapes, false);
        Map<String, RollupCounts> actualMonths = RollupCounts.fromRollups(shapes, true);

        assertThat(expectedMonths.keySet()).as("months on both sides of 1 July").anyMatch(k -> k.endsWith("2026-06-01"))
                .anyMatch(k -> k.endsWith("2026-07-01"));
        assertThat(actualDays).isEqualTo(expectedDays);
        assertThat(actualMonths).isEqualTo(expectedMonths);
        // The same once the pending deltas are folded into the rows.
        folder.foldAll();
        assertThat(RollupCounts.fromRollups(shapes, false)).isEqualTo(expectedDays);
        assertThat(RollupCounts.fromRollups(shapes, true)).isEqualTo(expectedMonths);
        // ...while submissions shared transactions (group commit), so rows were summed in batches too.
        var groups = registry.get("hailong.submission.group").summary();
        assertThat(groups.totalAmount()).as("responses in " + groups.count() + " transactions").isGreaterThan(groups.count());
    }

    @Test
    void reportsFromRollupsEqualTheRawScanForScopesAndPeriods() throws IOException {
        List<LocalDate[]> periods = List.of(
                new LocalDate[]{null, null},
                new LocalDate[]{LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 30)},   // one whole month
                new LocalDate[]{LocalDate.of(2026, 6, 28), LocalDate.of(2026, 7, 3)},   // across the month edge
                new LocalDate[]{LocalDate.of(2026, 7, 1), LocalDate.of(2026, 7, 1)},    // a single day
                new LocalDate[]{LocalDate.of(2026, 4, 1), LocalDate.of(2026, 6, 30)},   // a quarter
                new LocalDate[]{LocalDate.of(2026, 7, 1), LocalDate.of(2026, 9, 30)},   // the next quarter
                new LocalDate[]{LocalDate.of(2026, 6, 30), null},
                new LocalDate[]{null, LocalDate.of(2026, 7, 2)});
        int compared = 0;
        for (String code : List.of("P", "P-1", "P-1-A", "Q")) {
            Agency agency = agencies.byCode(code).orElseThrow();
            for (LocalDate[] period : periods) {
                String query = range(period);
                String what = code + " " + query;
                Api.Reply reply = api.get("/api/v1/reports/satisfaction?agency=" + code + "&survey=" + SURVEY + query, admin);
                assertThat(reply.status()).as(what + reply.body()).isEqualTo(200);
                assertThat(reply.json()).as(what).isEqualTo(tree(reports.report(agency, SURVEY, period[0], period[1], true)));
                compared++;

                Api.Reply ranking = api.get("/api/v1/reports/ranking?parent=" + code + "&survey=" + SURVEY + query, admin);
                assertThat(ranking.status()).as(what + ranking.body()).isEqualTo(200);
                assertThat(ranking.json()).as("ranking " + what).isEqualTo(tree(reports.ranking(agency, SURVEY, period[0], period[1], true)));

                for (Period interval : Period.values()) {
                    Api.Reply trend = api.get("/api/v1/reports/trend?agency=" + code + "&survey=" + SURVEY + query
                            + "&interval=" + interval.name().toLowerCase(), admin);
                    assertThat(trend.status()).as(what + trend.body()).isEqualTo(200);
                    assertThat(trend.json()).as("trend " + interval + " " + what)
                            .isEqualTo(tree(reports.trend(agency, SURVEY, period[0], period[1], interval, true)));
                }
            }
        }
        assertThat(compared).isEqualTo(32);
        // The comparison is not vacuous: the province report covers many responses and has figures.
        JsonNode province = api.get("/api/v1/reports/satisfaction?agency=P&survey=" + SURVEY, admin).json();
        assertThat(province.get("responses").getLongValue()).isGreaterThan(300);
        assertThat(province.get("index").isNumber()).isTrue();
        assertThat(province.get("choices").size()).isPositive();
    }

    private static String range(LocalDate[] period) {
        return (period[0] == null ? "" : "&from=" + period[0]) + (period[1] == null ? "" : "&to=" + period[1]);
    }

    private JsonNode tree(Object value) throws IOException {
        return json.readValue(json.writeValueAsBytes(value), JsonNode.class);
    }

}
