package vn.hailong.report;

import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.AppProcess;
import vn.hailong.support.Copies;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.TestDatabase;

import java.net.MalformedURLException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The closed-month cache as operators run it (issue 16): two packaged jars on one database,
 * configured through the environment only ({@code HAILONG_REPORTS_MONTH_CACHE_ENTRIES} as in
 * docs/operations.md). Copy B answers an ended month from its cache — shown by hiding that month's
 * rollup rows, which B does not notice — and a late response for that month sent to copy A is in
 * B's very next report, the province's and its trend's. {@link MonthCacheCopiesIT} covers the
 * other writes (exclusion, rebuild, agency move) on embedded copies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonthCacheJarsIT {

    static final String SUFFIX = "monthjars";
    static final String SURVEY = "sipas-2017";
    static final LocalDate JUNE = LocalDate.of(2026, 6, 1);

    String url;
    AppProcess a;
    AppProcess b;
    Api onA;
    Api onB;
    String admin;
    final Random random = new Random(1616);

    @BeforeAll
    void twoJars() throws MalformedURLException {
        url = TestDatabase.sibling(SUFFIX);
        Map<String, String> env = AppProcess.databaseEnvironment(url);
        env.put("HAILONG_ADMIN_USERNAME", DatabaseTest.ADMIN);
        env.put("HAILONG_ADMIN_PASSWORD", DatabaseTest.ADMIN_PASSWORD);
        env.put("HAILONG_JWT_SECRET", "month-cache-jars-secret-0123456789-abcdefghijklmn");
        env.put("HAILONG_REPORTS_MONTH_CACHE_ENTRIES", "500");
        a = AppProcess.startWithEnvironment(env);
        b = AppProcess.startWithEnvironment(env);
        onA = api(a);
        onB = api(b);
        admin = onA.adminToken();
        onA.agency(admin, "MJ", null);
        onA.agency(admin, "MJ-1", "MJ");
        onA.agency(admin, "MJ-2", "MJ");
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            items.add(paper(i % 2 == 0 ? "MJ-1" : "MJ-2", JUNE.plusDays(random.nextInt(61))));
        }
        post(items);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            Copies.closeAll(a, b);
        } finally {
            TestDatabase.dropSibling(SUFFIX);
        }
    }

    @Test
    void aLateResponseSentToCopyAIsInCopyBsNextReportAlthoughBHadTheMonthCached() throws Exception {
        long before = responses(report(onB));
        assertThat(before).isEqualTo(40);
        JsonNode warmJune = trendPoint(onB, "2026-06");

        // B answers June from memory: with June's month rows hidden (and nothing pending: the
        // folds of both copies run every second; wait until no delta is left), B's figures stay.
        awaitNoPendingDeltas();
        execute("UPDATE rollup_month SET responses = -responses WHERE month_start = '2026-06-01'");
        try {
            assertThat(responses(report(onB))).as("B from its cache").isEqualTo(before);
        } finally {
            execute("UPDATE rollup_month SET responses = -responses WHERE month_start = '2026-06-01'");
        }

        post(List.of(paper("MJ-1", LocalDate.of(2026, 6, 20))));

        assertThat(responses(report(onB))).as("B's next report, at once").isEqualTo(before + 1);
        assertThat(trendPoint(onB, "2026-06").get("responses").getLongValue()).as("June in B's trend")
                .isEqualTo(warmJune.get("responses").getLongValue() + 1);
        assertThat(report(onB)).as("both copies agree").isEqualTo(report(onA));
    }

    private static Api api(AppProcess app) throws MalformedURLException {
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setReadTimeout(Duration.ofSeconds(60));
        return new Api(HttpClient.create(app.uri("/").toURL(), configuration), JsonMapper.createDefault());
    }

    private Map<String, Object> paper(String agency, LocalDate day) {
        Map<String, Object> answers = new LinkedHashMap<>();
        for (String code : Api.SIPAS_CRITERIA) {
            if (random.nextInt(5) != 0) {
                answers.put(code, 1 + random.nextInt(5));
            }
        }
        answers.put("overall", 1 + random.nextInt(5));
        Map<String, Object> body = Api.submission(agency, answers);
        body.put("channel", "paper");
        body.put("submittedAt", OffsetDateTime.of(day.atTime(10, 0), ZoneOffset.ofHours(7)).toString());
        return body;
    }

    private void post(List<Map<String, Object>> items) {
        Api.Reply reply = onA.post("/api/v1/responses:batch", Map.of("responses", items), admin);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    private JsonNode report(Api on) {
        Api.Reply reply = on.get("/api/v1/reports/satisfaction?agency=MJ&survey=" + SURVEY, admin);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static long responses(JsonNode report) {
        return report.get("responses").getLongValue();
    }

    private JsonNode trendPoint(Api on, String start) {
        Api.Reply reply = on.get("/api/v1/reports/trend?agency=MJ&survey=" + SURVEY + "&interval=month", admin);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        for (JsonNode point : reply.json().values()) {
            if (start.equals(point.get("period").getStringValue())) {
                return point;
            }
        }
        throw new AssertionError("no trend point " + start + " in " + reply.body());
    }

    private void awaitNoPendingDeltas() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count("SELECT COUNT(*) FROM rollup_delta") > 0) {
            assertThat(System.nanoTime()).as("the folds empty rollup_delta").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, TestDatabase.username(), TestDatabase.password());
             Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, TestDatabase.username(), TestDatabase.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
