package vn.hailong.outbox;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;
import vn.hailong.support.WebhookReceiver;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks through the outbox, against a real HTTP receiver on loopback: each stored response is
 * one outbox row written with it; the dispatcher posts it signed; failures are retried with the
 * same delivery id until a 2xx.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookDeliveryIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;
    String admin;
    final WebhookReceiver receiver = new WebhookReceiver();

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("hailong.outbox.poll", "100ms", "hailong.outbox.retry-base", "200ms",
                "hailong.limits.public.enabled", "false");
    }

    @BeforeAll
    void tree() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "WH", null);
        api.agency(admin, "WH-1", "WH");
        api.agency(admin, "OTHER", null);
    }

    @AfterAll
    void stop() {
        receiver.close();
    }

    @Test
    void aStoredResponseReachesTheHookSignedAndARefusedOneIsRetriedWithTheSameDeliveryId() throws Exception {
        Api.Reply hook = api.post("/api/v1/webhooks", Map.of("url", receiver.url(),
                "events", List.of("response.stored"), "agency", "WH"), admin);
        assertThat(hook.status()).isEqualTo(201);
        String secret = hook.text("secret");
        assertThat(secret).startsWith("whsec_");
        assertThat(api.get("/api/v1/webhooks", admin).body()).doesNotContain(secret);

        receiver.answer(500, 500, 500);
        Map<String, Object> body = rating("WH-1", 3);
        assertThat(api.post("/api/v1/responses", body, null).status()).isEqualTo(201);
        assertThat(Rows.count("SELECT COUNT(*) FROM outbox_event WHERE kind = 'response.stored' AND subject = '"
                + body.get("id") + "'")).isEqualTo(1);
        // outside the hook's subtree: nothing is sent
        assertThat(api.post("/api/v1/responses", rating("OTHER", 3), null).status()).isEqualTo(201);

        WebhookReceiver.await(Duration.ofSeconds(20), () -> receiver.received().size() >= 4
                && Rows.count("SELECT COUNT(*) FROM delivery WHERE status = 'delivered'") == 1);
        List<WebhookReceiver.Received> got = receiver.received();
        assertThat(got).hasSize(4);
        assertThat(got).extracting(WebhookReceiver.Received::delivery).containsOnly(got.get(0).delivery());
        assertThat(got).extracting(WebhookReceiver.Received::event).containsOnly("response.stored");
        assertThat(got).extracting(WebhookReceiver.Received::body).containsOnly(got.get(0).body());
        for (WebhookReceiver.Received r : got) {
            String[] parts = r.signature().split(",");
            String t = parts[0].substring(2);
            assertThat(parts[1]).isEqualTo("v1=" + hmac(secret, t + "." + r.body()));
        }
        JsonNode sent = json.readValue(got.get(0).body(), JsonNode.class);
        assertThat(sent.get("id").getStringValue()).isEqualTo(got.get(0).delivery());
        assertThat(sent.get("type").getStringValue()).isEqualTo("response.stored");
        assertThat(sent.get("data").get("response").get("id").getStringValue()).isEqualTo(body.get("id"));
        assertThat(sent.get("data").get("response").get("agency").getStringValue()).isEqualTo("WH-1");

        Api.Reply log = api.get("/api/v1/webhooks/" + hook.json().get("id").getLongValue() + "/deliveries", admin);
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.json().get(0).get("status").getStringValue()).isEqualTo("delivered");
        assertThat(log.json().get(0).get("attempts").getIntValue()).isEqualTo(4);
        Thread.sleep(500);
        assertThat(receiver.received()).hasSize(4);

        String metrics = api.get("/prometheus", null).body();
        assertThat(metrics).contains("hailong_outbox_depth").contains("hailong_outbox_oldest_undelivered_seconds")
                .containsPattern("hailong_deliveries_total\\{[^}]*outcome=\"retried\"[^}]*\\} 3\\.0")
                .containsPattern("hailong_deliveries_total\\{[^}]*outcome=\"delivered\"[^}]*\\} 1\\.0");
    }

    @Test
    void aHookWithBadFieldsIsRefusedNamingThemAndNothingIsStored() {
        long before = Rows.count("SELECT COUNT(*) FROM webhook");
        Api.Reply reply = api.post("/api/v1/webhooks", Map.of("url", "ftp://x", "events", List.of("response.eaten"),
                "agency", "WH"), admin);
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.response().getContentType().map(Object::toString).orElse("")).contains("problem+json");
        assertThat(reply.body()).contains("\"url\"").contains("events[0]");
        assertThat(Rows.count("SELECT COUNT(*) FROM webhook")).isEqualTo(before);
        String reviewer = api.reviewer(admin, "wh-reviewer", "WH");
        assertThat(api.post("/api/v1/webhooks", Map.of("url", receiver.url(), "events", List.of("alert.opened"),
                "agency", "WH"), reviewer).status()).isEqualTo(403);
    }

    static Map<String, Object> rating(String agency, int value) {
        Map<String, Object> body = Api.submission(agency, value == 1 ? Map.of("rating", 1, "reason", "long-wait")
                : Map.of("rating", value));
        body.put("survey", "one-stop-rating");
        return body;
    }

    static String hmac(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
