package vn.hailong.admin;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The integration clients page: add (key shown once), last use, revoke (the key stops working), audited. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntegrationAdminIT implements DatabaseTest {

    private static final Pattern KEY = Pattern.compile("hi_[A-Za-z0-9_-]{20,}");

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    AdminPages pages;
    AdminPages.Session admin;

    @BeforeAll
    void data() {
        pages = new AdminPages(server, json);
        String token = pages.api.adminToken();
        pages.api.agency(token, "IA", null);
        admin = pages.login(ADMIN, ADMIN_PASSWORD);
    }

    @AfterAll
    void close() {
        pages.close();
    }

    @Test
    void aClientAddedOnThePageShowsItsKeyOnceAndIsRevokedThere() {
        Api.Reply reply = admin.post("/admin/integrations", "/admin/integrations", Map.of("agency", "IA", "name", "Một cửa IA"));
        assertThat(reply.status()).isEqualTo(303);
        String location = reply.response().getHeaders().get("Location");
        assertThat(location).matches("/admin/integrations/\\d+/created\\?lang=vi").doesNotContain("hi_");
        long id = Long.parseLong(location.split("/")[3]);
        Api.Reply page = admin.get(location);
        Matcher key = KEY.matcher(page.body());
        assertThat(key.find()).as("the key is on the result page").isTrue();
        assertThat(KEY.matcher(admin.get(location).body()).find()).as("a reload shows no key").isFalse();

        String dossiers = "{\"dossiers\":[{\"code\":\"IA-1\",\"agency\":\"IA\"}]}";
        assertThat(pages.api.post("/api/v1/dossiers:batch", dossiers, key.group()).status()).isEqualTo(200);
        Api.Reply list = admin.get("/admin/integrations");
        assertThat(list.body()).contains("Một cửa IA").doesNotContain(key.group());
        assertThat(Rows.count("SELECT COUNT(*) FROM integration_client WHERE id = " + id + " AND last_used_at IS NOT NULL")).isEqualTo(1);

        assertThat(admin.post("/admin/integrations", "/admin/integrations/" + id + "/revoke", Map.of()).status()).isEqualTo(303);
        assertThat(pages.api.post("/api/v1/dossiers:batch", dossiers, key.group()).status()).isEqualTo(401);
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE target = 'integration:" + id + "'"
                + " AND action IN ('integration.create', 'integration.revoke')")).isEqualTo(2);
    }

    @Test
    void badInputIsExplainedAndNothingIsStored() {
        long before = Rows.count("SELECT COUNT(*) FROM integration_client");
        Api.Reply reply = admin.post("/admin/integrations", "/admin/integrations?lang=en", Map.of("agency", "NOPE", "name", " "));
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body()).contains("NOPE").contains("Enter a name");
        assertThat(Rows.count("SELECT COUNT(*) FROM integration_client")).isEqualTo(before);
    }
}
