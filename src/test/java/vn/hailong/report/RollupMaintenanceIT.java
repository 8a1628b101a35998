package vn.hailong.report;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import vn.hailong.agency.AgencyTree;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;
import vn.hailong.support.TestDatabase;
import vn.hailong.tally.RollupFolder;
import vn.hailong.tally.RollupState;
import vn.hailong.tally.Rollups;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keeping the rollups right outside the submission path: excluding and re-including a response,
 * the rebuild after rows were deleted or damaged (whole and scoped, API and access rules), stale
 * rollups after the upgrade (reports read the raw rows, the start-up rebuild repairs them), and
 * the V2 migration marking an installation with responses as stale.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollupMaintenanceIT implements DatabaseTest {

    static final String SURVEY = "sipas-2017";

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
    Rollups rollups;

    @Inject
    RollupFolder folder;

    @Inject
    RollupState state;

    @Inject
    TransactionOperations<Connection> transactions;

    Api api;
    String admin;
    final List<String> ids = new ArrayList<>();

    @Override
    public Map<String, String> extraProperties() {
        // The machine these run on is shared and often loaded: a whole-database rebuild may take a while.
        return Map.of("micronaut.http.client.read-timeout", "120s");
    }

    @BeforeAll
    void data() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "P", null);
        api.agency(admin, "P-1", "P");
        api.agency(admin, "P-2", "P");
        Random random = new Random(77);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            Map<String, Object> answers = new LinkedHashMap<>();
            for (String code : Api.SIPAS_CRITERIA) {
                if (random.nextInt(6) != 0) {
                    answers.put(code, 1 + random.nextInt(5));
                }
            }
            answers.put("overall", 1 + random.nextInt(5));
            if (i % 3 == 0) {
                answers.put("improve", List.of(i % 2 == 0 ? "E3" : "E5"));
                answers.put("gender", "female");
            }
            Map<String, Object> body = Api.submission(List.of("P", "P-1", "P-2").get(i % 3), answers);
            body.put("channel", "paper");
            LocalDate day = LocalDate.of(2026, 6, 15).plusDays(random.nextInt(40));
            body.put("submittedAt", OffsetDateTime.of(day.atTime(9, 30), ZoneOffset.ofHours(7)).toString());
            items.add(body);
            ids.add((String) body.get("id"));
        }
        for (int i = 0; i < items.size(); i += 25) {
            Api.Reply reply = api.post("/api/v1/responses:batch", Map.of("responses", items.subList(i, i + 25)), admin);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }
        assertThat(Rows.count("SELECT COUNT(*) FROM response")).isEqualTo(150);
    }

    @Test
    @Order(1)
    void excludingAndIncludingAResponseMovesItOutOfAndBackIntoTheFigures() throws Exception {
        Map<String, String> before = rows();
        long provinceBefore = provinceResponses();
        // ids[0] has choice answers (i % 3 == 0); ids[1] and ids[2] are in other agencies.
        List<String> chosen = List.of(ids.get(0), ids.get(1), ids.get(2));

        for (String id : chosen) {
            assertThat(exclude(id)).isTrue();
        }
        assertThat(exclude(chosen.get(0)))
                .as("excluding twice changes nothing").isFalse();
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE excluded_at IS NOT NULL")).isEqualTo(3);
        assertThat(provinceResponses()).isEqualTo(provinceBefore - 3);
        assertRollupsMatchTheAnswers();
        assertReportsMatchTheRawScan();
        assertThat(rows()).isNotEqualTo(before);

        for (String id : chosen) {
            assertThat(include(id)).isTrue();
        }
        assertThat(include(chosen.get(1))).isFalse();
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE excluded_at IS NOT NULL")).isZero();
        assertThat(rows()).as("the rollup rows are byte for byte what they were").isEqualTo(before);
        assertThat(provinceResponses()).isEqualTo(provinceBefore);

        assertThatThrownBy(() -> transactions.executeWrite(s -> rollups.exclude(s.getConnection(), UUID.randomUUID().toString())))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    @Order(2)
    void anExclusionRolledBackWithItsTransactionLeavesEverythingAsItWas() {
        Map<String, String> before = rows();
        assertThatThrownBy(() -> transactions.executeWrite(s -> {
            rollups.exclude(s.getConnection(), ids.get(3));
            throw new IllegalStateException("the caller's transaction fails after the exclusion");
        })).hasMessageContaining("caller's transaction fails");
        assertThat(rows()).isEqualTo(before);
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE excluded_at IS NOT NULL")).isZero();
    }

    @Test
    @Order(3)
    void rebuildRestoresDeletedDamagedAndStrayRows() throws Exception {
        Map<String, String> before = rows();
        long p1 = agencies.byCode("P-1").orElseThrow().id();
        long p2 = agencies.byCode("P-2").orElseThrow().id();
        execute("DELETE FROM rollup_day WHERE agency_id = " + p1 + " AND on_day < '2026-06-25'");
        execute("UPDATE rollup_month SET responses = 1, tally = (SELECT t.tally FROM (SELECT tally FROM rollup_day WHERE agency_id = "
                + p2 + " ORDER BY on_day LIMIT 1) t) WHERE agency_id = " + p2 + " AND month_start = '2026-07-01'");
        execute("INSERT INTO rollup_month (agency_id, survey_code, month_start, responses, tally) SELECT agency_id, survey_code, "
                + "'2025-01-01', responses, tally FROM rollup_month WHERE agency_id = " + p1 + " AND month_start = '2026-06-01'");
        assertThat(rows()).isNotEqualTo(before);

        String reviewer = api.reviewer(admin, "province-reviewer", "P");
        assertThat(api.post("/api/v1/rollups:rebuild", "", reviewer).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/rollups:rebuild", "", null).status()).isEqualTo(401);
        Api.Reply bad = api.post("/api/v1/rollups:rebuild?from=2026-13-01", "", admin);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("from");
        assertThat(api.post("/api/v1/rollups:rebuild?agency=NOPE", "", admin).status()).isEqualTo(404);

        // Scoped: P-1 in June only. P-1's deleted June days come back; P-2's damaged July row and the stray row stay.
        Api.Reply scoped = api.post("/api/v1/rollups:rebuild?agency=P-1&from=2026-06-10&to=2026-06-20", "", admin);
        assertThat(scoped.status()).as(scoped.body()).isEqualTo(200);
        assertThat(scoped.json().get("units").getLongValue()).isEqualTo(1);
        Map<String, String> afterScoped = rows();
        before.forEach((key, value) -> {
            if (key.startsWith("day/" + p1 + "/")) {
                assertThat(afterScoped.get(key)).as(key).isEqualTo(value);
            }
        });
        assertThat(afterScoped.get("month/" + p2 + "/2026-07-01")).isNotEqualTo(before.get("month/" + p2 + "/2026-07-01"));
        assertThat(afterScoped).containsKey("month/" + p1 + "/2025-01-01");

        Api.Reply whole = api.post("/api/v1/rollups:rebuild", "", admin);
        assertThat(whole.status()).as(whole.body()).isEqualTo(200);
        assertThat(whole.json().get("responses").getLongValue()).isEqualTo(150);
        assertThat(rows()).as("every row as the submissions left it, the stray one gone").isEqualTo(before);
        assertRollupsMatchTheAnswers();
    }

    @Test
    @Order(4)
    void staleRollupsAreNotReadAndTheStartUpRebuildRepairsThem() throws Exception {
        Map<String, String> before = rows();
        JsonNode expected = api.get("/api/v1/reports/satisfaction?agency=P&survey=" + SURVEY + "&from=2026-06-20&to=2026-07-10", admin).json();
        execute("DELETE FROM rollup_day");
        execute("DELETE FROM rollup_month");
        execute("UPDATE rollup_state SET stale = TRUE");
        state.recheck();
        assertThat(state.fresh()).isFalse();

        // Empty rollups, yet the figures are right: they come from the raw rows while the flag is up.
        assertThat(api.get("/api/v1/reports/satisfaction?agency=P&survey=" + SURVEY + "&from=2026-06-20&to=2026-07-10", admin).json())
                .isEqualTo(expected);
        assertReportsMatchTheRawScan();

        state.onApplicationEvent(null);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!state.fresh() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(state.fresh()).isTrue();
        assertThat(Rows.count("SELECT COUNT(*) FROM rollup_state WHERE stale = FALSE AND rebuilt_at IS NOT NULL")).isEqualTo(1);
        assertThat(rows()).isEqualTo(before);
    }

    /** Last: it migrates the test database afresh under the running app, which is stopped right after. */
    @Test
    @Order(99)
    void migrationMarksRollupsStaleOnlyWhereResponsesExist() throws SQLException {
        Flyway flyway = Flyway.configure().dataSource(TestDatabase.url(), TestDatabase.username(), TestDatabase.password())
                .locations("classpath:db/migration").cleanDisabled(false).load();
        flyway.clean();
        flyway.migrate();
        assertThat(Rows.count("SELECT COUNT(*) FROM rollup_state WHERE stale = FALSE")).as("empty installation").isEqualTo(1);

        flyway.clean();
        Flyway.configure().dataSource(TestDatabase.url(), TestDatabase.username(), TestDatabase.password())
                .locations("classpath:db/migration").target("1").load().migrate();
        execute("INSERT INTO agency (id, code, name_vi, name_en, kind, time_zone, created_at) VALUES "
                + "(1, 'A', 'A', 'A', 'PROVINCE', 'Asia/Ho_Chi_Minh', '2026-01-01 00:00:00')");
        execute("INSERT INTO survey_version (id, code, version, title_vi, title_en, definition, checksum, source, created_at) VALUES "
                + "(1, 'sipas-2017', 1, 't', 't', '{}', '" + "0".repeat(64) + "', 'test', '2026-01-01 00:00:00')");
        execute("INSERT INTO response (id, survey_code, survey_version_id, agency_id, channel, submitted_at, submitted_date, "
                + "received_at, content_hash, scores) VALUES ('" + UUID.randomUUID() + "', 'sipas-2017', 1, 1, 'web', "
                + "'2026-01-01 00:00:00', '2026-01-01', '2026-01-01 00:00:00', '" + "0".repeat(64) + "', '5')");
        flyway.migrate();
        assertThat(Rows.count("SELECT COUNT(*) FROM rollup_state WHERE stale = TRUE")).as("installation with responses").isEqualTo(1);
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE excluded_at IS NULL")).isEqualTo(1);
    }

    private boolean exclude(String id) {
        Boolean changed = transactions.executeWrite(s -> rollups.exclude(s.getConnection(), id));
        return changed;
    }

    private boolean include(String id) {
        Boolean changed = transactions.executeWrite(s -> rollups.include(s.getConnection(), id));
        return changed;
    }

    private long provinceResponses() {
        return api.get("/api/v1/reports/satisfaction?agency=P&survey=" + SURVEY, admin).json().get("responses").getLongValue();
    }

    private void assertRollupsMatchTheAnswers() throws SQLException {
        assertThat(RollupCounts.fromRollups(shapes, false)).isEqualTo(RollupCounts.fromAnswers(false));
        assertThat(RollupCounts.fromRollups(shapes, true)).isEqualTo(RollupCounts.fromAnswers(true));
    }

    private void assertReportsMatchTheRawScan() throws IOException {
        for (String code : List.of("P", "P-1")) {
            var agency = agencies.byCode(code).orElseThrow();
            for (LocalDate[] period : List.of(new LocalDate[]{null, null},
                    new LocalDate[]{LocalDate.of(2026, 6, 20), LocalDate.of(2026, 7, 10)},
                    new LocalDate[]{LocalDate.of(2026, 7, 1), LocalDate.of(2026, 7, 31)})) {
                String query = (period[0] == null ? "" : "&from=" + period[0]) + (period[1] == null ? "" : "&to=" + period[1]);
                assertThat(api.get("/api/v1/reports/satisfaction?agency=" + code + "&survey=" + SURVEY + query, admin).json())
                        .as(code + query).isEqualTo(tree(reports.report(agency, SURVEY, period[0], period[1], true)));
                assertThat(api.get("/api/v1/reports/trend?agency=" + code + "&survey=" + SURVEY + query, admin).json())
                        .as("trend " + code + query).isEqualTo(tree(reports.trend(agency, SURVEY, period[0], period[1], Period.MONTH, true)));
            }
        }
    }

    private JsonNode tree(Object value) throws IOException {
        return json.readValue(json.writeValueAsBytes(value), JsonNode.class);
    }

    /**
     * Every rollup row (all of sipas-2017): "day|month/agency id/date" → responses and the serialized
     * tally, once the pending deltas are folded into the rows (so that the rows alone are compared,
     * and a change made to them by hand is not followed by a fold of deltas from before it).
     */
    private Map<String, String> rows() {
        folder.foldAll();
        assertThat(Rows.count("SELECT COUNT(*) FROM rollup_delta")).as("pending deltas after a fold").isZero();
        Map<String, String> result = new TreeMap<>();
        try (Connection c = Rows.connect(); Statement s = c.createStatement()) {
            for (String[] table : new String[][]{{"day", "rollup_day", "on_day"}, {"month", "rollup_month", "month_start"}}) {
                try (ResultSet rs = s.executeQuery("SELECT agency_id, survey_code, " + table[2] + ", responses, tally FROM " + table[1])) {
                    while (rs.next()) {
                        assertThat(rs.getString(2)).isEqualTo(SURVEY);
                        result.put(table[0] + "/" + rs.getLong(1) + "/" + rs.getObject(3, LocalDate.class),
                                rs.getLong(4) + ":" + Base64.getEncoder().encodeToString(rs.getBytes(5)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return result;
    }

    private static void execute(String sql) {
        try (Connection c = Rows.connect(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
