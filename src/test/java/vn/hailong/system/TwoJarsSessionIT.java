package vn.hailong.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import vn.hailong.support.AppProcess;
import vn.hailong.support.Copies;
import vn.hailong.support.RawHttp;
import vn.hailong.support.TestDatabase;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, items 3 and 4: two packaged jars on one database, configured only through the
 * environment as the README, the compose file and the Kubernetes Secret do. A staff login on copy A
 * (API token, and the page's session cookie with its CSRF pair) works on copy B — including a form
 * post — and on A after A was killed and started again; a logout on one copy ends every token of the
 * account on both (server-side: {@code account.tokens_valid_after}, re-read within
 * {@code HAILONG_SESSION_RECHECK}). The kiosk token, the CSRF keys and the login-throttle keys hold
 * across copies and restarts the same way: they are keyed by, or derived from, the one
 * {@code HAILONG_JWT_SECRET}, or stored in the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoJarsSessionIT {

    static final String SUFFIX = "twojars";
    static final String SECRET = "two-jars-session-it-secret-0123456789-abcdefghijklmnop";
    static final String PASSWORD = "two-jars-admin-password";
    static final String FORM = "application/x-www-form-urlencoded";
    static final String JSON = "application/json";
    /** Short, so that the test of a logout on the other copy does not wait the default 10 s. */
    static final Duration RECHECK = Duration.ofSeconds(2);
    static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]*)\"");

    AppProcess a;
    AppProcess b;
    RawHttp onA;
    RawHttp onB;
    String url;

    @BeforeAll
    void startTwoJars() {
        url = TestDatabase.sibling(SUFFIX);
        Map<String, String> env = AppProcess.databaseEnvironment(url);
        env.put("HAILONG_ADMIN_USERNAME", "admin");
        env.put("HAILONG_ADMIN_PASSWORD", PASSWORD);
        env.put("HAILONG_JWT_SECRET", SECRET);
        env.put("HAILONG_DOSSIER_KEY", "two-jars-dossier-key-0123456789-abcdefghij");
        env.put("HAILONG_SESSION_RECHECK", RECHECK.toSeconds() + "s");
        env.put("HAILONG_KIOSK_RECHECK", "2s");
        a = AppProcess.startWithEnvironment(env);
        b = AppProcess.startWithEnvironment(env);
        onA = new RawHttp(a.uri("/").getPort());
        onB = new RawHttp(b.uri("/").getPort());
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
    @Order(1)
    void aLoginOnOneJarWorksOnTheOtherAndAfterARestartAndItsLogoutEndsItOnBoth() {
        String token = apiLogin(onA, "admin", PASSWORD);
        PageSession page = pageLogin(onA, "admin", PASSWORD);

        // B: the API token, the cookie, and a form post with A's CSRF pair
        assertThat(bearer(onB, token)).as("A's token on B").isEqualTo(200);
        assertThat(cookie(onB, page)).as("A's session cookie on B").isEqualTo(200);
        String formToken = formToken(onA, page, "/admin/agencies");
        HttpResponse<String> created = onB.post("/admin/agencies", FORM, "_csrf=" + enc(formToken)
                + "&code=TJ&nameVi=" + enc("Tỉnh hai bản") + "&nameEn=TJ&kind=PROVINCE", "Cookie", page.cookies());
        assertThat(created.statusCode()).as("a form from A's page posted to B: %s", created.body()).isEqualTo(303);
        assertThat(count("SELECT COUNT(*) FROM agency WHERE code = 'TJ'")).isEqualTo(1);

        // A killed and started again: the same token and cookie still work there
        a.kill();
        a.restart();
        assertThat(bearer(onA, token)).as("the token on A after A's restart").isEqualTo(200);
        assertThat(cookie(onA, page)).as("the cookie on A after A's restart").isEqualTo(200);

        // logout on B (the page form, with a CSRF token from B's page) ends the account's tokens on both
        HttpResponse<String> logout = onB.post("/logout", FORM, "_csrf=" + enc(formToken(onB, page, "/admin/agencies")), "Cookie", page.cookies());
        assertThat(logout.statusCode()).as(logout.body()).isIn(200, 303);
        assertThat(cookie(onB, page)).as("the cookie on B, which logged out").isEqualTo(401);
        assertThat(bearer(onB, token)).as("the API token of the same account on B").isEqualTo(401);
        assertThat(within(RECHECK.plusSeconds(5), () -> cookie(onA, page))).as("the cookie on A").isEqualTo(401);
        assertThat(within(RECHECK.plusSeconds(5), () -> bearer(onA, token))).as("the API token on A").isEqualTo(401);

        // and the API logout on A ends a token issued by B, on B
        String again = apiLogin(onB, "admin", PASSWORD);
        assertThat(bearer(onA, again)).isEqualTo(200);
        assertThat(onA.post("/api/v1/logout", JSON, "", "Authorization", "Bearer " + again).statusCode()).isIn(200, 204);
        assertThat(within(RECHECK.plusSeconds(5), () -> bearer(onB, again))).as("B's token after the logout on A").isEqualTo(401);
    }

    @Test
    @Order(2)
    void aKioskTokenMadeOnOneJarWorksOnTheOtherAndAfterARestart() {
        String admin = apiLogin(onA, "admin", PASSWORD);
        onA.post("/api/v1/agencies", JSON, "{\"code\":\"TK\",\"nameVi\":\"TK\",\"nameEn\":\"TK\",\"kind\":\"PROVINCE\",\"parent\":null}",
                "Authorization", "Bearer " + admin);
        HttpResponse<String> made = onA.post("/api/v1/kiosks", JSON, "{\"agency\":\"TK\",\"label\":\"Quầy 1\"}", "Authorization", "Bearer " + admin);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String kiosk = RawHttp.field(made.body(), "token");

        assertThat(onB.get("/api/v1/kiosk/me", "Authorization", "Bearer " + kiosk).statusCode()).as("A's kiosk on B").isEqualTo(200);
        assertThat(onB.post("/api/v1/responses", JSON, kioskResponse("TK"), "Authorization", "Bearer " + kiosk).statusCode())
                .as("a kiosk submission through B").isEqualTo(201);
        a.kill();
        a.restart();
        assertThat(onA.get("/api/v1/kiosk/me", "Authorization", "Bearer " + kiosk).statusCode()).as("after A's restart").isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM response WHERE kiosk_id IS NOT NULL")).isEqualTo(1);
        assertThat(onA.get("/api/v1/kiosk/me", "Authorization", "Bearer x" + kiosk).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(3)
    void csrfPairsOfOneJarAreValidOnTheOtherAndAfterARestart() {
        String[] pair = onA.csrf("/login");
        a.kill();
        a.restart();
        HttpResponse<String> onBLogin = onB.post("/login", FORM, "_csrf=" + enc(pair[1]) + "&username=admin&password=" + enc(PASSWORD)
                + "&next=/admin", "Cookie", pair[0]);
        assertThat(onBLogin.statusCode()).as("A's CSRF pair on B").isEqualTo(303);
        HttpResponse<String> onALogin = onA.post("/login", FORM, "_csrf=" + enc(pair[1]) + "&username=admin&password=" + enc(PASSWORD)
                + "&next=/admin", "Cookie", pair[0]);
        assertThat(onALogin.statusCode()).as("the pair on A after A's restart").isEqualTo(303);
        String[] other = onB.csrf("/login");
        assertThat(onA.post("/login", FORM, "_csrf=" + enc(other[1]) + "&username=admin&password=" + enc(PASSWORD), "Cookie", pair[0])
                .statusCode()).as("another browser's token").isEqualTo(403);
    }

    @Test
    @Order(4)
    void loginFailuresCountedOnOneJarLockTheAccountOnTheOtherAndAfterARestart() {
        String admin = apiLogin(onA, "admin", PASSWORD);
        HttpResponse<String> made = onA.post("/api/v1/accounts", JSON, "{\"username\":\"throttled\",\"password\":\"throttled-password-1\","
                + "\"role\":\"ADMIN\",\"agency\":null}", "Authorization", "Bearer " + admin);
        assertThat(made.statusCode()).as(made.body()).isIn(200, 201);
        for (int i = 0; i < 5; i++) {
            assertThat(apiLoginStatus(onA, "throttled", "wrong-" + i)).as("failure %d on A", i + 1).isEqualTo(401);
        }
        assertThat(apiLoginStatus(onB, "throttled", "wrong-on-b")).as("the sixth guess, on B").isEqualTo(429);
        a.kill();
        a.restart();
        assertThat(apiLoginStatus(onA, "throttled", "wrong-after-restart")).as("on A after its restart").isEqualTo(429);
    }

    // --- helpers ---

    record PageSession(String csrfCookie, String sessionCookie) {
        String cookies() {
            return csrfCookie + "; " + sessionCookie;
        }
    }

    static String apiLogin(RawHttp http, String username, String password) {
        HttpResponse<String> response = http.post("/api/v1/login", JSON, "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RawHttp.field(response.body(), "accessToken");
    }

    static int apiLoginStatus(RawHttp http, String username, String password) {
        return http.post("/api/v1/login", JSON, "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}").statusCode();
    }

    static PageSession pageLogin(RawHttp http, String username, String password) {
        String[] csrf = http.csrf("/login");
        HttpResponse<String> login = http.post("/login", FORM, "_csrf=" + enc(csrf[1]) + "&username=" + enc(username)
                + "&password=" + enc(password) + "&next=/admin", "Cookie", csrf[0]);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
        String session = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("HAILONG_SESSION="))
                .findFirst().orElseThrow().split(";")[0];
        return new PageSession(csrf[0], session);
    }

    static String formToken(RawHttp http, PageSession page, String path) {
        HttpResponse<String> response = http.get(path, "Cookie", page.cookies());
        Matcher token = FORM_TOKEN.matcher(response.body());
        assertThat(token.find()).as("a form on %s: %s", path, response.body()).isTrue();
        return token.group(1);
    }

    static int bearer(RawHttp http, String token) {
        return http.get("/api/v1/agencies", "Authorization", "Bearer " + token).statusCode();
    }

    /** The page session alone (no Authorization header): a GET needs no CSRF token. */
    static int cookie(RawHttp http, PageSession page) {
        return http.get("/api/v1/agencies", "Cookie", page.sessionCookie()).statusCode();
    }

    /** The status {@code probe} gives once it is 401, or its last one after {@code limit}. */
    static int within(Duration limit, IntSupplier probe) {
        Instant deadline = Instant.now().plus(limit);
        int status = probe.getAsInt();
        while (status != 401 && Instant.now().isBefore(deadline)) {
            sleep();
            status = probe.getAsInt();
        }
        return status;
    }

    static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String kioskResponse(String agency) {
        StringBuilder answers = new StringBuilder();
        for (String criterion : vn.hailong.support.Api.SIPAS_CRITERIA) {
            answers.append(answers.isEmpty() ? "" : ",").append('"').append(criterion).append("\":4");
        }
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"survey\":\"sipas-2017\",\"agency\":\"" + agency
                + "\",\"channel\":\"kiosk\",\"language\":\"vi\",\"answers\":{" + answers + "}}";
    }

    long count(String sql) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, TestDatabase.username(), TestDatabase.password());
             java.sql.ResultSet rows = c.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
