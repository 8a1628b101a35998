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
import vn.hailong.support.WebhookReceiver;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhooks page (issue 14, "a delivery log per hook on an admin page"): a hook whose receiver
 * refused twice and then took the event shows as active, with the delivery delivered after three
 * attempts, in Vietnamese and in English; a hook with nothing sent says so.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookAdminIT implements DatabaseTest {

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    AdminPages pages;
    AdminPages.Session admin;
    String token;
    final WebhookReceiver receiver = new WebhookReceiver();

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("hailong.outbox.poll", "100ms", "hailong.outbox.retry-base", "200ms",
                "hailong.limits.public.enabled", "false");
    }

    @BeforeAll
    void data() {
        pages = new AdminPages(server, json);
        token = pages.api.adminToken();
        pages.api.agency(token, "WA", null);
        pages.api.agency(token, "WB", null);
        admin = pages.login(ADMIN, ADMIN_PASSWORD);
    }

    @AfterAll
    void close() {
        pages.close();
        receiver.close();
    }

    @Test
    void theDeliveryLogShowsEachHooksStateAttemptsAndOutcome() {
        assertThat(pages.api.post("/api/v1/webhooks", Map.of("url", receiver.url(), "events", List.of("response.stored"),
                "agency", "WA"), token).status()).isEqualTo(201);
        assertThat(pages.api.post("/api/v1/webhooks", Map.of("url", "http://127.0.0.1:9/quiet", "events", List.of("alert.opened"),
                "agency", "WB"), token).status()).isEqualTo(201);
        receiver.answer(500, 500);
        Map<String, Object> body = Api.submission("WA", Map.of("rating", 3));
        body.put("survey", "one-stop-rating");
        assertThat(pages.api.post("/api/v1/responses", body, null).status()).isEqualTo(201);
        WebhookReceiver.await(Duration.ofSeconds(20),
                () -> Rows.count("SELECT COUNT(*) FROM delivery WHERE status = 'delivered'") == 1);

        Api.Reply vi = admin.get("/admin/webhooks");
        assertThat(vi.status()).isEqualTo(200);
        String page = vi.body();
        assertThat(page).contains(receiver.url()).contains("response.stored").contains("đang hoạt động")
                .contains("đã gửi").contains("Nhật ký gửi").contains("Chưa gửi lần nào.")
                .doesNotContain("??");
        assertThat(page).containsPattern("class=\"attempts\">3<");
        assertThat(page).contains("aria-current=\"page\"");

        String en = admin.get("/admin/webhooks?lang=en").body();
        assertThat(en).contains("Delivery log").contains(">delivered</span>").contains("Nothing sent yet.");
    }
}
