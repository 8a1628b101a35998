package vn.hailong.response;

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
import vn.hailong.tally.RollupFolder;
import vn.hailong.tally.RollupState;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: a response to a scored survey without a single scale answer is refused (422, nothing
 * stored); one stored that way before the fix counts nowhere once V40 has marked the rollups stale
 * and the start-up rebuild has recounted them.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmptyResponseIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    RollupState state;

    @Inject
    RollupFolder folder;

    Api api;
    String admin;

    @BeforeAll
    void tree() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "EM", null);
    }

    @Test
    void aResponseWithoutAnyScaleAnswerIsRefusedNamingTheReasonAndNothingIsStored() {
        Map<String, Object> onlyComment = new LinkedHashMap<>();
        onlyComment.put("E1.1", null);
        onlyComment.put("overall", null);
        onlyComment.put("improve", List.of("E3"));
        onlyComment.put("comment", "không có ý kiến");
        for (Map<String, Object> answers : List.of(Map.<String, Object>of(), onlyComment)) {
            Map<String, Object> body = Api.submission("EM", answers);
            Api.Reply reply = api.post("/api/v1/responses", body, null);
            assertThat(reply.status()).as(reply.body()).isEqualTo(422);
            assertThat(reply.body()).contains("\"field\":\"answers\"").contains("at least one question on a scale");
            assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + body.get("id") + "'")).isZero();
            assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + body.get("id") + "'")).isZero();
        }
    }

    @Test
    void emptyResponsesStoredBeforeTheFixCountNowhereAfterTheMigration() throws Exception {
        api.agency(admin, "EMO", null);
        for (int i = 0; i < 2; i++) {
            assertThat(api.post("/api/v1/responses", Api.submission("EMO", Map.of("E1.1", 5, "overall", 4)), null).status()).isEqualTo(201);
        }
        folder.foldAll(); // the rollup rows as the old code left them: with no pending deltas beside them
        long agencyId = Rows.count("SELECT id FROM agency WHERE code = 'EMO'");
        String today = Rows.text("SELECT MAX(submitted_date) FROM response WHERE agency_id = " + agencyId);
        // As the old code stored it: a score line of zeros, and counted once in the rollups.
        String empty = UUID.randomUUID().toString();
        execute("INSERT INTO response (id, survey_code, survey_version_id, agency_id, channel, submitted_at, submitted_date, "
                + "received_at, content_hash, scores) SELECT '" + empty + "', survey_code, survey_version_id, agency_id, channel, "
                + "submitted_at, submitted_date, received_at, '" + "0".repeat(64) + "', REPEAT('0', CHAR_LENGTH(scores)) "
                + "FROM response WHERE agency_id = " + agencyId + " LIMIT 1");
        execute("UPDATE rollup_day SET responses = responses + 1 WHERE agency_id = " + agencyId);
        assertThat(Rows.count("SELECT responses FROM rollup_day WHERE agency_id = " + agencyId)).isEqualTo(3);

        execute(migration("V40__rollups_without_empty_responses.sql"));
        state.recheck();
        assertThat(state.fresh()).as("V40 marks the rollups stale where an empty response is stored").isFalse();
        String query = "/api/v1/reports/satisfaction?agency=EMO&survey=sipas-2017&from=" + today + "&to=" + today;
        assertThat(api.get(query, admin).json().get("responses").getLongValue()).as("raw rows while stale").isEqualTo(2);

        state.onApplicationEvent(null);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!state.fresh() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(state.fresh()).isTrue();
        assertThat(Rows.count("SELECT responses FROM rollup_day WHERE agency_id = " + agencyId)).as("rebuilt rollup").isEqualTo(2);
        assertThat(Rows.count("SELECT responses FROM rollup_month WHERE agency_id = " + agencyId)).isEqualTo(2);
        assertThat(api.get(query, admin).json().get("responses").getLongValue()).as("from the rollups").isEqualTo(2);
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + empty + "'")).as("still stored").isEqualTo(1);
    }

    private static String migration(String name) throws Exception {
        try (InputStream in = EmptyResponseIT.class.getResourceAsStream("/db/migration/" + name)) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return sql.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + "\n" + b).strip().replaceAll(";$", "");
        }
    }

    private static void execute(String sql) {
        try (Connection c = Rows.connect(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
