package vn.hailong.audit;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
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

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Logins land in the audit log (never a password); admins read, verify and export it; nobody else can. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditPageIT implements DatabaseTest {

    static final String REVIEWER_PASSWORD = "reviewer-password";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    Api api;
    HttpClient noRedirects;
    String admin;
    String reviewer;

    @Override
    public Map<String, String> extraProperties() {
        // Dozens of failed logins from one address below: the lockout would otherwise step in.
        return Map.of("hailong.limits.login.enabled", "false");
    }

    @BeforeAll
    void data() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "AU", null);
        reviewer = api.reviewer(admin, "au-reviewer", "AU");
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setFollowRedirects(false);
        noRedirects = HttpClient.create(server.getURL(), configuration);
    }

    @AfterAll
    void close() {
        noRedirects.close();
    }

    @Test
    void successfulApiLoginIsRecordedWithRoleAndAgency() {
        long before = Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND actor = 'au-reviewer'");
        api.login("au-reviewer", REVIEWER_PASSWORD);

        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND actor = 'au-reviewer'")).isEqualTo(before + 1);
        String agencyId = Rows.text("SELECT id FROM agency WHERE code = 'AU'");
        assertThat(Rows.text("SELECT CONCAT(actor_role, '/', actor_agency_id, '/', target, '/', details) FROM audit_log "
                + "WHERE action = 'login' AND actor = 'au-reviewer' ORDER BY seq DESC LIMIT 1"))
                .startsWith("REVIEWER/" + agencyId + "/account:au-reviewer/via api; client=");
    }

    @Test
    void failedLoginsAreRecordedWithoutThePassword() {
        String password = "Guess-" + System.nanoTime();
        Api.Reply wrong = api.post("/api/v1/login", Map.of("username", "au-reviewer", "password", password), null);
        Api.Reply page = api.send(api.csrf().form("/login", "username=au-reviewer&password=" + password + "-page&next=/reports"));

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(page.status()).isEqualTo(401);
        assertThat(Rows.text("SELECT details FROM audit_log WHERE action = 'login.failed' AND actor = 'au-reviewer' "
                + "ORDER BY seq DESC LIMIT 1 OFFSET 1")).startsWith("via api; client=");
        assertThat(Rows.text("SELECT details FROM audit_log WHERE action = 'login.failed' AND actor = 'au-reviewer' "
                + "ORDER BY seq DESC LIMIT 1")).startsWith("via page; client=");
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE CONCAT(actor, '|', COALESCE(target, ''), '|', "
                + "COALESCE(details, '')) LIKE '%" + password + "%'")).isZero();
    }

    @Test
    void unknownUsernameIsKeptShortenedAndOneWithAControlCharacterIsRefusedUnrecorded() {
        String typed = "ghost-admin-login-ok-" + "x".repeat(300);
        api.post("/api/v1/login", Map.of("username", typed, "password", "whatever-secret"), null);

        String last = "FROM audit_log WHERE action = 'login.failed' AND actor LIKE 'ghost%' ORDER BY seq DESC LIMIT 1";
        String actor = Rows.text("SELECT actor " + last);
        assertThat(actor).startsWith("ghost-admin-login-ok-").hasSize(Actor.MAX_NAME).endsWith("…");
        assertThat(Rows.text("SELECT details " + last)).startsWith("via api");

        // A name with a control character cannot be anyone's (account.Usernames): refused before any
        // lookup, so nothing forged ("\nadmin login ok") can reach the log.
        long before = Rows.count("SELECT COUNT(*) FROM audit_log");
        Api.Reply refused = api.post("/api/v1/login", Map.of("username", "ghost\nadmin login ok", "password", "whatever-secret"), null);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE actor LIKE '%admin login ok%'")).isZero();
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log")).isEqualTo(before);
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE details LIKE '%whatever-secret%' OR target LIKE '%whatever-secret%'")).isZero();
    }

    @Test
    void adminActionsThroughTheApiAreRecorded() {
        api.agency(admin, "AU-2", "AU");
        api.reviewer(admin, "au2-reviewer", "AU-2");
        String token = api.kiosk(admin, "AU-2");
        api.post("/api/v1/rollups:rebuild?agency=AU", "", admin);

        String adminId = "ADMIN";
        assertThat(lastRow("agency.create")).isEqualTo("admin/" + adminId + "/agency:AU-2/parent=AU; via api");
        assertThat(lastRow("account.create")).isEqualTo("admin/" + adminId + "/account:au2-reviewer/role=REVIEWER; agency=AU-2; via api");
        assertThat(lastRow("kiosk.enrol")).matches("admin/ADMIN/kiosk:\\d+/agency=AU-2; label=Counter 1; via api");
        assertThat(lastRow("rollups.rebuild")).startsWith("admin/ADMIN/rollups/agency=AU; from=; to=; responses=");
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE details LIKE '%" + token + "%' OR target LIKE '%" + token + "%'")).isZero();
    }

    private static String lastRow(String action) {
        return Rows.text("SELECT CONCAT(actor, '/', COALESCE(actor_role, ''), '/', target, '/', details) FROM audit_log "
                + "WHERE action = '" + action + "' ORDER BY seq DESC LIMIT 1");
    }

    @Test
    void adminSeesFiltersAndPagesTheLog() {
        for (int i = 0; i < 55; i++) {
            api.post("/api/v1/login", Map.of("username", "pager-" + i, "password", "x"), null);
        }
        Api.Reply first = api.get("/admin/audit?action=login&lang=en", admin);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).contains("Audit log").contains("pager-54").contains("login.failed").contains("rel=\"next\"");
        Api.Reply byActor = api.get("/admin/audit?actor=pager-3&lang=vi", admin);
        assertThat(byActor.body()).contains("Nhật ký kiểm toán").contains("pager-3").doesNotContain("pager-30")
                .contains("1 mục");
        Api.Reply second = api.get("/admin/audit?action=login.failed&page=2&lang=en", admin);
        assertThat(second.body()).contains("rel=\"prev\"").contains("pager-0");
        Api.Reply future = api.get("/admin/audit?from=2999-01-01&lang=en", admin);
        assertThat(future.body()).contains("0 entries");
    }

    @Test
    void badFilterIsA400WithTheField() {
        Api.Reply reply = api.get("/admin/audit?from=yesterday&page=0&lang=en", admin);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("From: must be a date written year-month-day, for example 2026-03-01.")
                .contains("Page: must be a whole number of at least 1.");
        Api.Reply vietnamese = api.get("/admin/audit?from=yesterday&page=0&lang=vi", admin);
        assertThat(vietnamese.status()).isEqualTo(400);
        assertThat(vietnamese.body()).contains("Từ ngày: phải là một ngày dạng năm-tháng-ngày").contains("Trang: phải là một số nguyên")
                .doesNotContain("must be");
    }

    @Test
    void verifyingThePageShowsIntactThenTheFirstChangedEntry() throws Exception {
        String cookie = sessionCookie(ADMIN, ADMIN_PASSWORD);
        assertThat(postForm("/admin/audit/verify", cookie)).isEqualTo(303);
        Api.Reply intact = page("/admin/audit?lang=en", cookie);
        assertThat(intact.body()).contains("Intact: all").contains("entries check out");
        assertThat(Rows.text("SELECT details FROM audit_log WHERE action = 'audit.verify' ORDER BY seq DESC LIMIT 1")).startsWith("intact;");

        long victim = Rows.count("SELECT MIN(seq) FROM audit_log WHERE action = 'login'");
        try (var c = Rows.connect(); var s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_log SET actor = 'nobody' WHERE seq = " + victim);
        }
        assertThat(postForm("/admin/audit/verify", cookie)).isEqualTo(303);
        Api.Reply broken = page("/admin/audit?lang=en", cookie);
        assertThat(broken.body()).contains("Broken at entry " + victim + ".").contains("changed after it was written");
        Api.Reply brokenVi = page("/admin/audit?lang=vi", cookie);
        assertThat(brokenVi.body()).contains("Chuỗi bị phá vỡ tại mục " + victim + ".");
        try (var c = Rows.connect(); var s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_log SET actor = 'admin' WHERE seq = " + victim);
        }
    }

    @Test
    void exportIsCsvWithBomAndIsItselfAudited() {
        api.post("/api/v1/login", Map.of("username", "=HYPERLINK(\"http://x\")", "password", "x"), null);
        Api.Reply csv = api.get("/admin/audit.csv?action=login.failed", admin);

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.response().getHeaders().get("Content-Type")).startsWith("text/csv");
        assertThat(csv.response().getHeaders().get("Content-Disposition")).contains("attachment").contains(".csv");
        assertThat(csv.body()).startsWith("\uFEFFseq,at_utc,actor,actor_role,actor_agency_id,action,target,details,prev_hash,hash\r\n");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines.length - 1).isEqualTo(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'login.failed'"));
        // The name is recorded as normalised (account.Usernames: lower case); the formula stays text.
        assertThat(csv.body()).contains("\"'=hyperlink(\"\"http://x\"\")\"").doesNotContainIgnoringCase(",=HYPERLINK");
        assertThat(Rows.text("SELECT details FROM audit_log WHERE action = 'audit.export' ORDER BY seq DESC LIMIT 1"))
                .isEqualTo("from=; to=; action=login.failed; actor=");
    }

    @Test
    void onlyAdminsReachTheAuditLog() {
        assertThat(api.get("/admin/audit", reviewer).status()).isEqualTo(403);
        assertThat(api.get("/admin/audit.csv", reviewer).status()).isEqualTo(403);
        assertThat(api.send(HttpRequest.POST("/admin/audit/verify", "").contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                .bearerAuth(reviewer)).status()).isEqualTo(403);
        assertThat(api.get("/admin/audit", reviewer).body()).contains("Not allowed");
        for (String path : new String[] {"/admin/audit", "/admin/audit.csv"}) {
            var anonymous = noRedirects.toBlocking().exchange(HttpRequest.GET(path), String.class);
            assertThat(anonymous.code()).isEqualTo(303);
            assertThat(anonymous.getHeaders().get("Location")).startsWith("/login?next=");
        }
    }

    private String sessionCookie(String username, String password) {
        var response = noRedirects.toBlocking().exchange(api.csrf().form("/login",
                "username=" + username + "&password=" + password + "&next=/admin/audit"), String.class);
        assertThat(response.code()).isEqualTo(303);
        return response.getHeaders().getAll("Set-Cookie").stream().filter(c -> c.startsWith("HAILONG_SESSION="))
                .findFirst().orElseThrow().split(";")[0];
    }

    private Api.Reply page(String path, String cookie) {
        return api.send(HttpRequest.GET(path).header("Cookie", cookie));
    }

    /** Posts a page form as the browser does: session cookie, CSRF cookie and the form's token. */
    private int postForm(String path, String sessionCookie) {
        Api.Csrf csrf = api.csrf();
        var request = HttpRequest.POST(path, csrf.field()).contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                .header("Cookie", sessionCookie + "; HAILONG_CSRF=" + csrf.cookie());
        return noRedirects.toBlocking().exchange(request, String.class).code();
    }
}
