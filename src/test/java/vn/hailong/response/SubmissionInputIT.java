package vn.hailong.response;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Red-team findings 2, 8 and 11 of issue 11, over real HTTP against the real database: implausible
 * dates, out-of-range numbers and lax JSON are refused with a 422 naming the field, nothing stored;
 * a kiosk token submits for its own agency only, on every channel.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubmissionInputIT implements DatabaseTest {

    static final List<String> IMPLAUSIBLE = List.of("-0001-01-01T00:00:00Z", "-9999-01-01T00:00:00Z",
            "0000-01-01T00:00:00+01:00", "0999-12-31T23:59:59Z", "1999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    Api api;
    String admin;
    java.net.http.HttpClient raw = java.net.http.HttpClient.newHttpClient();

    @BeforeAll
    void setUp() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "IN", null);
        api.agency(admin, "IN-1", "IN");
        api.agency(admin, "OTHER", null);
    }

    @Test
    void implausibleDatesAreRefusedNamingTheFieldAndNothingIsStored() {
        for (String field : List.of("submittedAt", "startedAt")) {
            for (String date : IMPLAUSIBLE) {
                Map<String, Object> body = with(Api.submission("IN-1", answers(4)), field, date);
                Api.Reply reply = api.post("/api/v1/responses", body, null);
                assertThat(reply.status()).as(field + " = " + date).isEqualTo(422);
                assertThat(reply.body()).as(field + " = " + date).contains("\"field\":\"" + field + "\"")
                        .contains(date.startsWith("+") ? "in the future" : "not be before 2000-01-01");
                assertThat(stored(body)).isZero();
            }
        }
        // The earliest plausible moment and now are fine.
        Map<String, Object> earliest = with(Api.submission("IN-1", answers(4)), "submittedAt", "2000-01-01T00:00:00Z");
        assertThat(api.post("/api/v1/responses", earliest, null).status()).isEqualTo(201);
        Map<String, Object> now = with(Api.submission("IN-1", answers(4)), "startedAt",
                OffsetDateTime.now(ZoneOffset.ofHours(7)).minusMinutes(3).toString());
        assertThat(api.post("/api/v1/responses", now, null).status()).isEqualTo(201);
    }

    @Test
    void aBatchWithOneBadlyDatedItemStoresTheOthers() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Map<String, Object> item = with(Api.submission("IN-1", answers(1 + i % 5)), "channel", "paper");
            items.add(i == 7 ? with(item, "submittedAt", "0000-01-01T00:00:00+01:00") : item);
        }
        Api.Reply reply = api.post("/api/v1/responses:batch", Map.of("responses", items), admin);
        assertThat(reply.status()).isEqualTo(200);
        JsonNode results = reply.json().get("results");
        for (int i = 0; i < items.size(); i++) {
            JsonNode result = results.get(i);
            if (i == 7) {
                assertThat(result.get("status").getStringValue()).isEqualTo("rejected");
                assertThat(result.get("code").getIntValue()).isEqualTo(422);
                assertThat(result.get("errors").get(0).get("field").getStringValue()).isEqualTo("submittedAt");
                assertThat(stored(items.get(i))).isZero();
            } else {
                assertThat(result.get("status").getStringValue()).as("item " + i).isEqualTo("stored");
                assertThat(stored(items.get(i))).isEqualTo(1);
            }
        }
    }

    @Test
    void thePublicFormRefusesAnImplausibleStartTime() {
        String id = UUID.randomUUID().toString();
        StringBuilder form = new StringBuilder("id=" + id + "&version=1&startedAt="
                + URLEncoder.encode("-0001-01-01T00:00:00Z", StandardCharsets.UTF_8));
        for (String criterion : Api.SIPAS_CRITERIA) {
            form.append("&a.").append(criterion).append("=4");
        }
        Api.Reply reply = api.send(api.csrf().form("/s/IN-1/sipas-2017?lang=en", form.toString()));
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body()).contains("The start time is not valid.");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + id + "'")).isZero();
    }

    @Test
    void aSurveyVersionBeyondEveryIntegerIsRefusedNotWrapped() throws Exception {
        for (String version : List.of("18446744073709551617", "4294967297", "2147483648", "1e400", "-18446744073709551615")) {
            String id = UUID.randomUUID().toString();
            String body = json.writeValueAsString(Api.submission("IN-1", answers(3))).replaceFirst("\"id\":\"[^\"]+\"",
                    "\"id\":\"" + id + "\",\"surveyVersion\":" + version);
            HttpResponse<String> reply = postJson(body.getBytes(StandardCharsets.UTF_8));
            assertThat(reply.statusCode()).as("surveyVersion " + version).isEqualTo(422);
            assertThat(reply.body()).contains("\"field\":\"surveyVersion\"");
            assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + id + "'")).isZero();
        }
    }

    @Test
    void laxJsonIsRefusedWithAClearMessage() throws Exception {
        List<String> ids = new ArrayList<>();
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        String valid = validJson(ids);
        bodies.put("trailing garbage", (valid + " {\"x\":1} trailing").getBytes(StandardCharsets.UTF_8));
        bodies.put("a second document", (valid + valid).getBytes(StandardCharsets.UTF_8));
        bodies.put("duplicate key", validJson(ids).replace("\"channel\":\"web\"", "\"channel\":\"web\",\"channel\":\"phone\"")
                .getBytes(StandardCharsets.UTF_8));
        bodies.put("duplicate answer", validJson(ids).replace("\"E1.1\":3", "\"E1.1\":3,\"E1.1\":1").getBytes(StandardCharsets.UTF_8));
        bodies.put("overlong UTF-8", withComment(validJson(ids), new byte[] {'a', (byte) 0xC0, (byte) 0xBC, 'b'}));
        bodies.put("UTF-8 encoded surrogate", withComment(validJson(ids), new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'b'}));
        bodies.put("escaped lone surrogate", validJson(ids).replace("\"E1.1\":3", "\"E1.1\":3,\"comment\":\"a\\ud800b\"")
                .getBytes(StandardCharsets.UTF_8));
        bodies.put("escaped lone low surrogate", validJson(ids).replace("\"E1.1\":3", "\"E1.1\":3,\"comment\":\"\\udc00\"")
                .getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
            HttpResponse<String> reply = postJson(body.getValue());
            assertThat(reply.statusCode()).as(body.getKey() + ": " + reply.body()).isEqualTo(422);
            assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(reply.body()).as(body.getKey()).doesNotContain("Exception").doesNotContain("jackson");
        }
        for (String id : ids) {
            assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + id + "'")).as(id).isZero();
        }
        // A proper surrogate pair (an emoji, escaped or not) is fine.
        List<String> fine = new ArrayList<>();
        assertThat(postJson(validJson(fine).replace("\"E1.1\":3", "\"E1.1\":3,\"comment\":\"\\ud83d\\ude00 😀\"")
                .getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
        assertThat(Rows.text("SELECT value_text FROM answer WHERE question_code = 'comment' AND response_id = '" + fine.get(0) + "'"))
                .isEqualTo("😀 😀");
    }

    @Test
    void aKioskTokenSubmitsForItsOwnAgencyOnly() {
        String kiosk = api.kiosk(admin, "IN");
        for (String channel : List.of("web", "phone", "kiosk")) {
            Map<String, Object> elsewhere = with(Api.submission("OTHER", answers(5)), "channel", channel);
            Api.Reply refused = api.post("/api/v1/responses", elsewhere, kiosk);
            assertThat(refused.status()).as(channel).isEqualTo(403);
            assertThat(refused.body()).contains("own agency");
            assertThat(stored(elsewhere)).isZero();
            Api.Reply batch = api.post("/api/v1/responses:batch", Map.of("responses", List.of(elsewhere)), kiosk);
            assertThat(batch.json().get("results").get(0).get("code").getIntValue()).isEqualTo(403);
            assertThat(stored(elsewhere)).isZero();
        }
        // Its own agency and those below it still work.
        assertThat(api.post("/api/v1/responses", with(Api.submission("IN-1", answers(5)), "channel", "kiosk"), kiosk).status())
                .isEqualTo(201);
    }

    // --- helpers ---

    private String validJson(List<String> ids) throws Exception {
        Map<String, Object> body = Api.submission("IN-1", answers(3));
        ids.add((String) body.get("id"));
        return json.writeValueAsString(body);
    }

    /** The JSON with a comment answer whose UTF-8 bytes are exactly {@code text}. */
    private static byte[] withComment(String body, byte[] text) {
        String[] parts = body.replace("\"E1.1\":3", "\"E1.1\":3,\"comment\":\"@@\"").split("@@");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(parts[0].getBytes(StandardCharsets.UTF_8));
        out.writeBytes(text);
        out.writeBytes(parts[1].getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private HttpResponse<String> postJson(byte[] body) throws Exception {
        return raw.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + "/api/v1/responses"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long stored(Map<String, Object> body) {
        return Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + body.get("id") + "'");
    }

    private static Map<String, Object> answers(int value) {
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
}
