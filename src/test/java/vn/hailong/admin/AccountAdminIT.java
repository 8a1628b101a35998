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

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accounts over HTTP: create, new password, disable / enable, scope. A changed account's open
 * sessions (page cookie and API bearer token alike) stop working at once.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountAdminIT implements DatabaseTest {

    static final String PASSWORD = "reviewer-password";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    AdminPages pages;
    AdminPages.Session admin;

    /**
     * One copy of the app: re-read the account on every request, so "at once" is what is tested.
     * With the default (hailong.sessions.recheck, 10 s) other copies see the change within that time.
     */
    @Override
    public Map<String, String> extraProperties() {
        return Map.of("hailong.sessions.recheck", "0s");
    }

    @BeforeAll
    void data() {
        pages = new AdminPages(server, json);
        String token = pages.api.adminToken();
        pages.api.agency(token, "AC", null);
        pages.api.agency(token, "AC-1", "AC");
        pages.api.agency(token, "AC-2", "AC");
        admin = pages.login(ADMIN, ADMIN_PASSWORD);
    }

    @AfterAll
    void close() {
        pages.close();
    }

    private Api.Reply create(String username, String role, String agency) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", username);
        form.put("password", PASSWORD);
        form.put("role", role);
        form.put("agency", agency);
        return admin.post("/admin/accounts", "/admin/accounts", form);
    }

    private int login(String username, String password) {
        return pages.api.post("/api/v1/login", Map.of("username", username, "password", password), null).status();
    }

    @Test
    void createdReviewerCanLogInAndSeesItsScope() {
        Api.Reply reply = create("ac-new", "REVIEWER", "AC-1");
        assertThat(reply.status()).isEqualTo(303);
        assertThat(reply.response().getHeaders().get("Location")).startsWith("/admin/accounts?done=created&what=ac-new");
        assertThat(Rows.text("SELECT CONCAT(a.role, '@', g.code) FROM account a JOIN agency g ON g.id = a.agency_id "
                + "WHERE a.username = 'ac-new'")).isEqualTo("REVIEWER@AC-1");
        assertThat(Rows.text("SELECT password_hash FROM account WHERE username = 'ac-new'")).doesNotContain(PASSWORD);
        assertThat(login("ac-new", PASSWORD)).isEqualTo(200);
        assertThat(admin.get("/admin/accounts").body()).contains("data-username=\"ac-new\"");
    }

    @Test
    void badInputIsExplainedAndNothingIsStored() {
        long before = Rows.count("SELECT COUNT(*) FROM account");
        Api.Reply reply = admin.post("/admin/accounts", "/admin/accounts?lang=en",
                Map.of("username", "x", "password", "short", "role", "REVIEWER", "agency", ""));
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body()).contains("Username: 3 to 64").contains("Password: 8 to 128 characters.")
                .contains("Agency: required for reviewers and kiosks.");
        // An ADMIN with an agency is a province administrator (issue 15): its agency must exist like any other.
        Api.Reply admins = admin.post("/admin/accounts", "/admin/accounts?lang=en",
                Map.of("username", "ac-admin2", "password", PASSWORD, "role", "ADMIN", "agency", "AC-NOPE"));
        assertThat(admins.status()).isEqualTo(422);
        assertThat(admins.body()).contains("There is no agency with the code AC-NOPE");
        Api.Reply unknown = admin.post("/admin/accounts", "/admin/accounts?lang=en",
                Map.of("username", "ac-x", "password", PASSWORD, "role", "BOSS", "agency", "NOPE"));
        assertThat(unknown.body()).contains("Role: choose").contains("There is no agency with the code NOPE");
        Api.Reply taken = admin.post("/admin/accounts", "/admin/accounts", Map.of("username", ADMIN, "password", PASSWORD,
                "role", "ADMIN", "agency", ""));
        assertThat(taken.status()).isEqualTo(422);
        assertThat(taken.body()).contains("Tên đăng nhập: admin đã có người dùng.");
        assertThat(Rows.count("SELECT COUNT(*) FROM account")).isEqualTo(before);
    }

    @Test
    void disablingEndsOpenSessionsAndLoginsUntilEnabledAgain() {
        create("ac-off", "REVIEWER", "AC");
        AdminPages.Session reviewer = pages.login("ac-off", PASSWORD);
        String bearer = pages.api.login("ac-off", PASSWORD);
        assertThat(reviewer.get("/reports").status()).isEqualTo(200);
        assertThat(pages.api.get("/api/v1/reports/satisfaction?agency=AC&survey=sipas-2017", bearer).status()).isEqualTo(200);

        Api.Reply disabled = admin.post("/admin/accounts/ac-off", "/admin/accounts/ac-off/disable", Map.of());
        assertThat(disabled.status()).isEqualTo(303);
        assertThat(Rows.text("SELECT enabled FROM account WHERE username = 'ac-off'")).isIn("0", "false", "FALSE");
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'account.disable' AND actor = 'admin'"
                + " AND target = 'account:ac-off' AND details LIKE 'agency AC;%'")).isEqualTo(1);

        Api.Reply page = reviewer.get("/reports");
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.response().getHeaders().get("Location")).startsWith("/login");
        assertThat(pages.api.get("/api/v1/reports/satisfaction?agency=AC&survey=sipas-2017", bearer).status()).isEqualTo(401);
        assertThat(login("ac-off", PASSWORD)).isEqualTo(401);

        assertThat(admin.post("/admin/accounts/ac-off", "/admin/accounts/ac-off/enable", Map.of()).status()).isEqualTo(303);
        assertThat(login("ac-off", PASSWORD)).isEqualTo(200);
        // A session from before the disabling stays ended: only a new login opens one.
        assertThat(pages.api.get("/api/v1/reports/satisfaction?agency=AC&survey=sipas-2017", bearer).status()).isEqualTo(401);
    }

    @Test
    void aNewPasswordEndsOpenSessionsAndReplacesTheOldOne() {
        create("ac-pw", "REVIEWER", "AC");
        AdminPages.Session reviewer = pages.login("ac-pw", PASSWORD);
        String bearer = pages.api.login("ac-pw", PASSWORD);

        Api.Reply tooShort = admin.post("/admin/accounts/ac-pw", "/admin/accounts/ac-pw/password?lang=en", Map.of("password", "1234567"));
        assertThat(tooShort.status()).isEqualTo(422);
        assertThat(tooShort.body()).contains("Password: 8 to 128 characters.");
        assertThat(reviewer.get("/reports").status()).isEqualTo(200);

        assertThat(admin.post("/admin/accounts/ac-pw", "/admin/accounts/ac-pw/password", Map.of("password", "a new långer pass")).status())
                .isEqualTo(303);
        assertThat(reviewer.get("/reports").status()).isEqualTo(303);
        assertThat(pages.api.get("/api/v1/reports/satisfaction?agency=AC&survey=sipas-2017", bearer).status()).isEqualTo(401);
        assertThat(login("ac-pw", PASSWORD)).isEqualTo(401);
        assertThat(login("ac-pw", "a new långer pass")).isEqualTo(200);
    }

    @Test
    void aNewScopeTakesEffectAtOnce() {
        create("ac-scope", "REVIEWER", "AC-1");
        String bearer = pages.api.login("ac-scope", PASSWORD);
        assertThat(pages.api.get("/api/v1/reports/satisfaction?agency=AC-1&survey=sipas-2017", bearer).status()).isEqualTo(200);

        Api.Reply unknown = admin.post("/admin/accounts/ac-scope", "/admin/accounts/ac-scope/scope?lang=en", Map.of("agency", "NOPE"));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(Rows.text("SELECT g.code FROM account a JOIN agency g ON g.id = a.agency_id WHERE a.username = 'ac-scope'"))
                .isEqualTo("AC-1");

        assertThat(admin.post("/admin/accounts/ac-scope", "/admin/accounts/ac-scope/scope", Map.of("agency", "AC-2")).status()).isEqualTo(303);
        // The old token carried AC-1 as its scope: it must not keep working with it.
        assertThat(pages.api.get("/api/v1/reports/satisfaction?agency=AC-1&survey=sipas-2017", bearer).status()).isEqualTo(401);
        String fresh = pages.api.login("ac-scope", PASSWORD);
        assertThat(pages.api.get("/api/v1/reports/satisfaction?agency=AC-1&survey=sipas-2017", fresh).status()).isEqualTo(403);
        assertThat(pages.api.get("/api/v1/reports/satisfaction?agency=AC-2&survey=sipas-2017", fresh).status()).isEqualTo(200);
    }

    @Test
    void anAdministratorCannotDisableTheirOwnAccount() {
        Api.Reply reply = admin.post("/admin/accounts/" + ADMIN, "/admin/accounts/" + ADMIN + "/disable?lang=en", Map.of());
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body()).contains("You cannot disable your own account.");
        assertThat(admin.get("/admin").status()).isEqualTo(200);
    }

    /** Issue 11, red-team finding 4: a locked account is shown on the accounts page, and an administrator unlocks it (audited). */
    @Test
    void aLockedAccountIsShownAndAnAdministratorUnlocksIt() {
        create("ac-locked", "REVIEWER", "AC");
        for (int i = 0; i < 5; i++) {
            assertThat(login("ac-locked", "wrong-" + i)).isEqualTo(401);
        }
        assertThat(login("ac-locked", PASSWORD)).isEqualTo(429);

        String en = admin.get("/admin/accounts?lang=en").body();
        assertThat(en).containsPattern("data-username=\"ac-locked\"[\\s\\S]*?Locked until [0-9:]+[\\s\\S]*?"
                + "action=\"/admin/accounts/ac-locked/unlock\\?lang=en\"[\\s\\S]*?name=\"_csrf\"[\\s\\S]*?Unlock</button>");
        assertThat(en).doesNotContain("action=\"/admin/accounts/ac-off/unlock");
        assertThat(admin.get("/admin/accounts?lang=vi").body()).contains("Bị khóa đến").contains("Mở khóa");
        assertThat(admin.get("/admin/accounts/ac-locked?lang=en").body()).contains("action=\"/admin/accounts/ac-locked/unlock?lang=en\"");

        Api.Reply unlocked = admin.post("/admin/accounts?lang=en", "/admin/accounts/ac-locked/unlock?lang=en", Map.of());
        assertThat(unlocked.status()).isEqualTo(303);
        assertThat(unlocked.response().getHeaders().get("Location")).startsWith("/admin/accounts?done=unlocked&what=ac-locked");
        assertThat(admin.get(unlocked.response().getHeaders().get("Location")).body()).contains("ac-locked can log in again");
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'account.unlock' AND actor = 'admin'"
                + " AND target = 'account:ac-locked'")).isEqualTo(1);
        assertThat(login("ac-locked", PASSWORD)).isEqualTo(200);
        assertThat(admin.get("/admin/accounts?lang=en").body()).doesNotContain("action=\"/admin/accounts/ac-locked/unlock");

        assertThat(admin.post("/admin/accounts?lang=en", "/admin/accounts/nobody-here/unlock", Map.of()).status()).isEqualTo(404);
    }
}
