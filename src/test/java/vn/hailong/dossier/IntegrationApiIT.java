package vn.hailong.dossier;

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
import vn.hailong.system.Hashing;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration clients over the API: the key is shown once and stored as its hash, it may submit
 * portal responses for its agency and those below only, it may call nothing else, and revoking
 * it refuses its next request. (Revocation seen by a second copy: IntegrationKeyCopiesIT.)
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntegrationApiIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;
    String admin;

    @BeforeAll
    void tree() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "BN", null);
        api.agency(admin, "BN-X1", "BN");
        api.agency(admin, "BN-X2", "BN");
        api.agency(admin, "HN", null);
    }

    private Api.Reply create(String name, String agency) {
        return api.post("/api/v1/integrations", Map.of("name", name, "agency", agency), admin);
    }

    private static Map<String, Object> portal(String agency) {
        Map<String, Object> body = Api.submission(agency, Map.of("E1.1", 4));
        body.put("channel", "portal");
        return body;
    }

    @Test
    void theKeyIsShownOnceAndStoredOnlyAsItsHash() {
        Api.Reply created = create("Hệ thống một cửa tỉnh", "BN");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String key = created.text("key");
        String id = created.text("id");
        assertThat(key).startsWith("hi_").hasSizeGreaterThan(40);
        assertThat(Rows.text("SELECT key_hash FROM integration_client WHERE id = " + id)).isEqualTo(Hashing.sha256(key));
        assertThat(Rows.count("SELECT COUNT(*) FROM integration_client WHERE key_hash = '" + key + "'")).isZero();

        Api.Reply list = api.get("/api/v1/integrations", admin);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("Hệ thống một cửa tỉnh").doesNotContain(key).doesNotContain("keyHash");
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'integration.create' AND target = 'integration:" + id + "'"))
                .isEqualTo(1);
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE details LIKE '%" + key + "%'")).isZero();
    }

    @Test
    void badRequestsNameTheFieldAndStoreNothing() {
        long before = Rows.count("SELECT COUNT(*) FROM integration_client");
        Api.Reply reply = api.post("/api/v1/integrations", Map.of("name", " "), admin);
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body()).contains("\"name\"").contains("\"agency\"");
        assertThat(create("X", "NO-SUCH").status()).isEqualTo(404);
        assertThat(Rows.count("SELECT COUNT(*) FROM integration_client")).isEqualTo(before);
        assertThat(api.post("/api/v1/integrations", Map.of("name", "X", "agency", "BN"), api.reviewer(admin, "rev-int", "BN")).status())
                .isEqualTo(403);
    }

    @Test
    void aKeySubmitsPortalResponsesInsideItsSubtreeOnly() {
        String key = create("Cổng dịch vụ công", "BN").text("key");
        assertThat(api.post("/api/v1/responses", portal("BN-X1"), key).status()).as("a commune below").isEqualTo(201);
        assertThat(api.post("/api/v1/responses", portal("BN"), key).status()).as("its own agency").isEqualTo(201);
        Map<String, Object> outside = portal("HN");
        Api.Reply refused = api.post("/api/v1/responses", outside, key);
        assertThat(refused.status()).as("another province").isEqualTo(403);
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + outside.get("id") + "'")).isZero();

        Map<String, Object> web = Api.submission("BN-X1", Map.of("E1.1", 4));
        assertThat(api.post("/api/v1/responses", web, key).status()).as("another channel").isEqualTo(403);

        String narrow = create("Hệ thống xã", "BN-X2").text("key");
        assertThat(api.post("/api/v1/responses", portal("BN-X1"), narrow).status()).as("a sibling commune").isEqualTo(403);
        assertThat(api.post("/api/v1/responses", portal("BN"), narrow).status()).as("its parent").isEqualTo(403);
    }

    @Test
    void aKeyMayCallNothingElse() {
        String key = create("Hệ thống xếp hàng", "BN").text("key");
        assertThat(api.get("/api/v1/reports/satisfaction?agency=BN&survey=sipas-2017", key).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/integrations", key).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/kiosks", Map.of("agency", "BN", "label", "K"), key).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/agencies/BN", key).status()).isEqualTo(403);
    }

    @Test
    void aRevokedKeyIsRefusedAtItsNextRequest() {
        Api.Reply created = create("Hệ thống cũ", "BN");
        String key = created.text("key");
        assertThat(api.post("/api/v1/responses", portal("BN-X1"), key).status()).isEqualTo(201);
        assertThat(Rows.count("SELECT COUNT(*) FROM integration_client WHERE id = " + created.text("id") + " AND last_used_at IS NOT NULL"))
                .isEqualTo(1);

        Api.Reply revoke = api.send(io.micronaut.http.HttpRequest.DELETE("/api/v1/integrations/" + created.text("id")).bearerAuth(admin));
        assertThat(revoke.status()).isEqualTo(204);
        Map<String, Object> after = portal("BN-X1");
        assertThat(api.post("/api/v1/responses", after, key).status()).isEqualTo(401);
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + after.get("id") + "'")).isZero();
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'integration.revoke'")).isEqualTo(1);
        assertThat(api.send(io.micronaut.http.HttpRequest.DELETE("/api/v1/integrations/999999").bearerAuth(admin)).status()).isEqualTo(404);
    }
}
