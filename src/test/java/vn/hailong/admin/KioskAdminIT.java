package vn.hailong.admin;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
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

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Kiosks over HTTP: enrolment shows the token once, revocation refuses it, the heartbeat feeds page and metrics. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KioskAdminIT implements DatabaseTest {

    private static final Pattern TOKEN = Pattern.compile("hk_[A-Za-z0-9_-]{20,}");

    @Inject
    @Client("/")
    HttpClient client;

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
        pages.api.agency(token, "KA", null);
        pages.api.agency(token, "KA-1", "KA");
        admin = pages.login(ADMIN, ADMIN_PASSWORD);
    }

    @AfterAll
    void close() {
        pages.close();
    }

    record Enrolled(long id, String token) {
    }

    private Enrolled enrol(String label) {
        Api.Reply reply = admin.post("/admin/kiosks", "/admin/kiosks", Map.of("agency", "KA-1", "label", label));
        assertThat(reply.status()).isEqualTo(303);
        String location = reply.response().getHeaders().get("Location");
        assertThat(location).matches("/admin/kiosks/\\d+/enrolled\\?lang=vi");
        assertThat(location).doesNotContain("hk_");
        long id = Long.parseLong(location.split("/")[3]);
        Api.Reply page = admin.get(location);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.response().getHeaders().get("Cache-Control")).isEqualTo("no-store");
        Matcher m = TOKEN.matcher(page.body());
        assertThat(m.find()).as("the token is on the result page").isTrue();
        return new Enrolled(id, m.group());
    }

    /** With the shipped settings the idle overlay counts down from 10 ("10 giây", issue 12 item 5) after 50 s without a touch. */
    @Test
    void theKioskPageWarnsTenSecondsBeforeTheIdleReset() {
        Api.Reply page = pages.api.get("/kiosk", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("data-idle=\"60\"").contains("data-warning=\"10\"").contains("\"idleUnit\":\"giây\"");
    }

    @Test
    void theTokenIsShownOnceAndWorksForTheKiosk() {
        Enrolled kiosk = enrol("Quầy 1");
        assertThat(Rows.text("SELECT label FROM kiosk WHERE id = " + kiosk.id())).isEqualTo("Quầy 1");
        assertThat(Rows.text("SELECT token_hash FROM kiosk WHERE id = " + kiosk.id())).doesNotContain(kiosk.token());
        assertThat(pages.api.get("/api/v1/kiosk/me", kiosk.token()).status()).isEqualTo(200);

        Api.Reply again = admin.get("/admin/kiosks/" + kiosk.id() + "/enrolled");
        assertThat(again.status()).isEqualTo(200);
        assertThat(TOKEN.matcher(again.body()).find()).as("a reload shows no token").isFalse();
        assertThat(again.body()).contains("id=\"token-gone\"");
        assertThat(TOKEN.matcher(admin.get("/admin/kiosks").body()).find()).isFalse();
    }

    @Test
    void badInputIsExplainedAndNothingIsStored() {
        long before = Rows.count("SELECT COUNT(*) FROM kiosk");
        Api.Reply reply = admin.post("/admin/kiosks", "/admin/kiosks?lang=en", Map.of("agency", "NOPE", "label", " "));
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body()).contains("There is no agency with the code NOPE").contains("Label is required");
        assertThat(Rows.count("SELECT COUNT(*) FROM kiosk")).isEqualTo(before);
    }

    @Test
    void aRevokedTokenIsRefusedByTheApi() {
        Enrolled kiosk = enrol("Quầy 2");
        Map<String, Object> response = Api.submission("KA-1", Map.of("E1.1", 5));
        response.put("channel", "kiosk");
        assertThat(pages.api.post("/api/v1/responses", response, kiosk.token()).status()).isEqualTo(201);

        Api.Reply revoked = admin.post("/admin/kiosks", "/admin/kiosks/" + kiosk.id() + "/revoke", Map.of());
        assertThat(revoked.status()).isEqualTo(303);
        assertThat(Rows.text("SELECT revoked_at FROM kiosk WHERE id = " + kiosk.id())).isNotNull();
        for (String action : new String[]{"kiosk.enrol", "kiosk.revoke"}) {
            assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = '" + action + "' AND actor = 'admin'"
                    + " AND target = 'kiosk:" + kiosk.id() + "' AND details LIKE 'agency KA-1;%'")).as(action).isEqualTo(1);
        }

        Map<String, Object> next = Api.submission("KA-1", Map.of("E1.1", 5));
        next.put("channel", "kiosk");
        assertThat(pages.api.post("/api/v1/responses", next, kiosk.token()).status()).isEqualTo(401);
        assertThat(pages.api.get("/api/v1/kiosk/me", kiosk.token()).status()).isEqualTo(401);
        assertThat(pages.api.post("/api/v1/kiosk/heartbeat", Map.of("waiting", 1), kiosk.token()).status()).isEqualTo(401);
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + next.get("id") + "'")).isZero();
        assertThat(row(admin.get("/admin/kiosks?lang=en").body(), kiosk.id())).contains(">revoked<").doesNotContain("class=\"revoke\"");
    }

    @Test
    void theHeartbeatUpdatesLastSeenAndWaitingOnThePageAndInTheMetrics() throws SQLException {
        Enrolled kiosk = enrol("Quầy 3");
        assertThat(Rows.text("SELECT last_seen_at FROM kiosk WHERE id = " + kiosk.id())).isNull();

        Api.Reply beat = pages.api.post("/api/v1/kiosk/heartbeat", Map.of("waiting", 7), kiosk.token());
        assertThat(beat.status()).isEqualTo(204);
        assertThat(Rows.text("SELECT waiting_responses FROM kiosk WHERE id = " + kiosk.id())).isEqualTo("7");
        assertThat(Rows.text("SELECT last_seen_at FROM kiosk WHERE id = " + kiosk.id())).isNotNull();
        String row = row(admin.get("/admin/kiosks").body(), kiosk.id());
        assertThat(row).contains("<td class=\"num waiting\">7</td>").doesNotContain("chưa bao giờ");

        for (Object bad : List.of(-1, 1.5, "7", 2_000_000)) {
            Api.Reply refused = pages.api.post("/api/v1/kiosk/heartbeat", Map.of("waiting", bad), kiosk.token());
            assertThat(refused.status()).as("waiting = " + bad).isEqualTo(422);
        }
        assertThat(pages.api.post("/api/v1/kiosk/heartbeat", "{", kiosk.token()).status()).isEqualTo(400);
        assertThat(pages.api.post("/api/v1/kiosk/heartbeat", Map.of("waiting", 1), pages.api.adminToken()).status()).isEqualTo(403);
        assertThat(pages.api.post("/api/v1/kiosk/heartbeat", Map.of("waiting", 1), null).status()).isEqualTo(401);
        assertThat(Rows.text("SELECT waiting_responses FROM kiosk WHERE id = " + kiosk.id())).isEqualTo("7");

        long waiting = Rows.count("SELECT COALESCE(SUM(waiting_responses), 0) FROM kiosk WHERE revoked_at IS NULL");
        assertThat(metric("hailong_kiosk_waiting_responses")).isEqualTo(waiting);

        // A kiosk silent for an hour counts as stale and its outbox no longer in the sum.
        long staleBefore = metric("hailong_kiosks_stale");
        try (Connection c = Rows.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE kiosk SET last_seen_at = TIMESTAMPADD(HOUR, -1, UTC_TIMESTAMP()) WHERE id = " + kiosk.id());
        }
        assertThat(metric("hailong_kiosks_stale")).isEqualTo(staleBefore + 1);
        assertThat(metric("hailong_kiosk_waiting_responses")).isEqualTo(waiting - 7);
        assertThat(row(admin.get("/admin/kiosks?lang=en").body(), kiosk.id())).contains("not heard from for over 15 min");
    }

    private long metric(String name) {
        String text = pages.api.get("/prometheus", null).body();
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.E+-]+)$").matcher(text);
        assertThat(m.find()).as(name + " in /prometheus").isTrue();
        return (long) Double.parseDouble(m.group(2));
    }

    private static String row(String body, long id) {
        int start = body.indexOf("id=\"kiosk-" + id + "\"");
        assertThat(start).isPositive();
        return body.substring(start, body.indexOf("</tr>", start));
    }
}
