package vn.hailong.report;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.support.Api;
import vn.hailong.support.Copies;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;
import vn.hailong.tally.MonthCache;
import vn.hailong.tally.RollupFolder;
import vn.hailong.tally.Rollups;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two copies of the app on one database, each with its own cache of closed months' sums
 * ({@link MonthCache}): whatever changes a closed month through copy A — a late response, an
 * exclusion, a rebuild, an agency moved — is in copy B's very next report, although B had that
 * month cached; B's figures are then field for field the ones counted from the raw rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonthCacheCopiesIT implements DatabaseTest {

    static final String SURVEY = "sipas-2017";
    /** Every response is in June and July 2026: months that have ended long ago by the test's clock. */
    static final LocalDate FIRST_DAY = LocalDate.of(2026, 6, 1);

    Copies.Copy a;
    Copies.Copy b;
    String admin;
    final List<String> ids = new ArrayList<>();
    final Random random = new Random(16);

    @BeforeAll
    void twoCopiesAndClosedMonths() {
        Map<String, String> first = new HashMap<>(getProperties());
        first.put("datasources.default.maximum-pool-size", "6");
        first.put("hailong.jwt-secret", "month-cache-copies-secret-0123456789-abcdefghij"); // one login for both, as behind a balancer
        a = Copies.start(first);
        Map<String, String> second = new HashMap<>(first);
        second.put("flyway.datasources.default.clean-schema", "false");
        b = Copies.start(second);
        admin = a.api().adminToken();
        a.api().agency(admin, "P", null);
        a.api().agency(admin, "P-1", "P");
        a.api().agency(admin, "P-2", "P");
        a.api().agency(admin, "Q", null);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            items.add(paper(i % 2 == 0 ? "P-1" : "P-2", FIRST_DAY.plusDays(random.nextInt(61)), i % 3 == 0));
        }
        post(items);
    }

    @AfterAll
    void stop() throws Exception {
        Copies.closeAll(a, b);
    }

    @Test
    @Order(1)
    void copyBAnswersClosedMonthsFromItsCache() throws Exception {
        Map<String, JsonNode> warm = warm(b);
        assertThat(cache(b).size()).as("P, P-1, P-2 × June, July").isGreaterThanOrEqualTo(6);
        // The rows of June out of sight of every reader (responses > 0 is read); B's figures stay: cached.
        // Folded first: no pending delta is left to count, and no fold writes the rows meanwhile.
        a.server().getApplicationContext().getBean(RollupFolder.class).foldAll();
        b.server().getApplicationContext().getBean(RollupFolder.class).foldAll();
        execute("UPDATE rollup_month SET responses = -responses WHERE month_start = '2026-06-01'");
        try {
            assertThat(figures(b)).isEqualTo(warm);
            assertThat(figures(a).get("report").get("responses").getLongValue())
                    .as("A had nothing cached: it reads the rows").isLessThan(warm.get("report").get("responses").getLongValue());
        } finally {
            execute("UPDATE rollup_month SET responses = -responses WHERE month_start = '2026-06-01'");
        }
    }

    @Test
    @Order(2)
    void aLateResponseWrittenThroughACountsInBsNextReport() throws Exception {
        long before = warm(b).get("report").get("responses").getLongValue();
        post(List.of(paper("P-1", LocalDate.of(2026, 6, 20), true)));
        assertThat(figures(b).get("report").get("responses").getLongValue()).isEqualTo(before + 1);
        assertBMatchesTheRawRows();
    }

    @Test
    @Order(3)
    void anExclusionThroughACountsInBsNextReportAndSoDoesTheInclusion() throws Exception {
        long before = warm(b).get("report").get("responses").getLongValue();
        Rollups rollups = a.server().getApplicationContext().getBean(Rollups.class);
        TransactionOperations<Connection> transactions = transactions(a);
        Boolean excluded = transactions.executeWrite(s -> rollups.exclude(s.getConnection(), ids.get(0)));
        assertThat(excluded).isTrue();
        assertThat(figures(b).get("report").get("responses").getLongValue()).isEqualTo(before - 1);
        assertBMatchesTheRawRows();
        Boolean included = transactions.executeWrite(s -> rollups.include(s.getConnection(), ids.get(0)));
        assertThat(included).isTrue();
        assertThat(figures(b).get("report").get("responses").getLongValue()).isEqualTo(before);
        assertBMatchesTheRawRows();
    }

    @Test
    @Order(4)
    void aRebuildThroughACountsInBsNextReport() throws Exception {
        Map<String, JsonNode> warm = warm(b);
        // A response the rollups do not know of (as after a restore of the response table from a
        // backup): only a rebuild brings it into the figures.
        String copied = java.util.UUID.randomUUID().toString();
        String columns = Rows.text("SELECT GROUP_CONCAT(column_name ORDER BY ordinal_position) FROM information_schema.columns"
                + " WHERE table_schema = DATABASE() AND table_name = 'response' AND column_name <> 'id'");
        execute("INSERT INTO response (id, " + columns + ") SELECT '" + copied + "', " + columns + " FROM response WHERE id = '"
                + ids.get(1) + "'");
        execute("INSERT INTO answer (response_id, question_code, ordinal, value_int, value_text) SELECT '" + copied
                + "', question_code, ordinal, value_int, value_text FROM answer WHERE response_id = '" + ids.get(1) + "'");
        assertThat(figures(b)).as("nothing told the rollups").isEqualTo(warm);

        Api.Reply rebuilt = a.api().post("/api/v1/rollups:rebuild?agency=P", "", admin);
        assertThat(rebuilt.status()).as(rebuilt.body()).isEqualTo(200);
        assertThat(figures(b).get("report").get("responses").getLongValue())
                .isEqualTo(warm.get("report").get("responses").getLongValue() + 1);
        assertBMatchesTheRawRows();
    }

    @Test
    @Order(5)
    void anAgencyMovedThroughAMovesItsResponsesInBsNextReport() throws Exception {
        Map<String, JsonNode> warm = warm(b);
        long p2 = b.api().get("/api/v1/reports/satisfaction?agency=P-2&survey=" + SURVEY, admin).json().get("responses").getLongValue();
        AgencyTree tree = a.server().getApplicationContext().getBean(AgencyTree.class);
        tree.move(tree.byCode("P-2").orElseThrow().id(), tree.byCode("Q").orElseThrow().id());
        assertThat(figures(b).get("report").get("responses").getLongValue())
                .isEqualTo(warm.get("report").get("responses").getLongValue() - p2);
        assertThat(b.api().get("/api/v1/reports/satisfaction?agency=Q&survey=" + SURVEY, admin).json().get("responses").getLongValue())
                .isEqualTo(p2);
        assertBMatchesTheRawRows();
    }

    private Map<String, Object> paper(String agency, LocalDate day, boolean choices) {
        Map<String, Object> answers = new LinkedHashMap<>();
        for (String code : Api.SIPAS_CRITERIA) {
            if (random.nextInt(5) != 0) {
                answers.put(code, 1 + random.nextInt(5));
            }
        }
        answers.put("overall", 1 + random.nextInt(5));
        if (choices) {
            answers.put("improve", List.of(random.nextBoolean() ? "E3" : "E5"));
        }
        Map<String, Object> body = Api.submission(agency, answers);
        body.put("channel", "paper");
        body.put("submittedAt", OffsetDateTime.of(day.atTime(9, 30), ZoneOffset.ofHours(7)).toString());
        ids.add((String) body.get("id"));
        return body;
    }

    private void post(List<Map<String, Object>> items) {
        for (int i = 0; i < items.size(); i += 25) {
            Api.Reply reply = a.api().post("/api/v1/responses:batch", Map.of("responses", items.subList(i, Math.min(items.size(), i + 25))),
                    admin);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }
    }

    /** Reads everything twice on the copy: the second time from its cache. */
    private Map<String, JsonNode> warm(Copies.Copy copy) {
        figures(copy);
        return figures(copy);
    }

    /** The province report (all dates), its monthly trend and the ranking of its communes, as the copy serves them. */
    private Map<String, JsonNode> figures(Copies.Copy copy) {
        Map<String, JsonNode> figures = new LinkedHashMap<>();
        figures.put("report", get(copy, "/api/v1/reports/satisfaction?agency=P&survey=" + SURVEY));
        figures.put("trend", get(copy, "/api/v1/reports/trend?agency=P&survey=" + SURVEY + "&interval=month"));
        figures.put("ranking", get(copy, "/api/v1/reports/ranking?parent=P&survey=" + SURVEY));
        figures.put("june", get(copy, "/api/v1/reports/satisfaction?agency=P&survey=" + SURVEY + "&from=2026-06-01&to=2026-06-30"));
        return figures;
    }

    private JsonNode get(Copies.Copy copy, String path) {
        Api.Reply reply = copy.api().get(path, admin);
        assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(200);
        return reply.json();
    }

    /** B's figures from its cache are the ones B counts from the raw rows. */
    private void assertBMatchesTheRawRows() throws IOException {
        ApplicationContext context = b.server().getApplicationContext();
        SatisfactionReports reports = context.getBean(SatisfactionReports.class);
        Agency p = context.getBean(AgencyTree.class).byCode("P").orElseThrow();
        Map<String, JsonNode> served = figures(b);
        assertThat(served.get("report")).isEqualTo(tree(context, reports.report(p, SURVEY, null, null, true)));
        assertThat(served.get("june")).isEqualTo(tree(context, reports.report(p, SURVEY, FIRST_DAY, LocalDate.of(2026, 6, 30), true)));
        assertThat(served.get("trend"))
                .isEqualTo(tree(context, reports.trend(p, SURVEY, null, null, Period.MONTH, true)));
        assertThat(served.get("ranking")).isEqualTo(tree(context, reports.ranking(p, SURVEY, null, null, true)));
    }

    private static JsonNode tree(ApplicationContext context, Object value) throws IOException {
        JsonMapper json = context.getBean(JsonMapper.class);
        return json.readValue(json.writeValueAsBytes(value), JsonNode.class);
    }

    private static MonthCache cache(Copies.Copy copy) {
        return copy.server().getApplicationContext().getBean(MonthCache.class);
    }

    @SuppressWarnings("unchecked")
    private static TransactionOperations<Connection> transactions(Copies.Copy copy) {
        return copy.server().getApplicationContext().getBean(TransactionOperations.class);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = Rows.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
