package vn.hailong.security;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.RawHttp;
import vn.hailong.support.Rows;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** CSRF protection of page forms, session cookies, logout, security headers and error pages. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CsrfAndHeadersIT implements DatabaseTest {

    static final String FORM = "application/x-www-form-urlencoded";
    static final String PAGE = "/s/HN-01/sipas-2017";

    @Inject
    EmbeddedServer server;

    RawHttp http;
    String admin;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("hailong.test.broken-page", "true");
    }

    @BeforeAll
    void setUp() {
        http = new RawHttp(server.getPort());
        admin = RawHttp.field(http.post("/api/v1/login", "application/json",
                "{\"username\":\"" + ADMIN + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}").body(), "accessToken");
        http.post("/api/v1/agencies", "application/json", "{\"code\":\"HN\",\"nameVi\":\"HN\",\"nameEn\":\"HN\",\"kind\":\"PROVINCE\",\"parent\":null}",
                "Authorization", "Bearer " + admin);
        http.post("/api/v1/agencies", "application/json", "{\"code\":\"HN-01\",\"nameVi\":\"X\",\"nameEn\":\"X\",\"kind\":\"COMMUNE\",\"parent\":\"HN\"}",
                "Authorization", "Bearer " + admin);
    }

    // --- CSRF ---

    @Test
    void loginFormWithoutTheCsrfTokenIsRefusedAndLogsNobodyIn() {
        String[] csrf = http.csrf("/login");
        HttpResponse<String> missing = http.post("/login", FORM, credentials(), "Cookie", csrf[0]);
        HttpResponse<String> noCookie = http.post("/login", FORM, credentials() + "&_csrf=" + csrf[1]);
        HttpResponse<String> wrong = http.post("/login", FORM, credentials() + "&_csrf=" + csrf[1].replace(csrf[1].charAt(0), csrf[1].charAt(0) == 'a' ? 'b' : 'a'),
                "Cookie", csrf[0]);
        String[] other = http.csrf("/login");
        HttpResponse<String> otherBrowsersToken = http.post("/login", FORM, credentials() + "&_csrf=" + other[1], "Cookie", csrf[0]);

        for (HttpResponse<String> refused : List.of(missing, noCookie, wrong, otherBrowsersToken)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("This form has expired").contains("Biểu mẫu đã hết hạn");
            assertThat(refused.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("HAILONG_SESSION="));
        }
    }

    @Test
    void loginFormWithItsTokenLogsInWithAnHttpOnlySameSiteCookieLivingAsLongAsTheToken() {
        String[] csrf = http.csrf("/login");
        HttpResponse<String> ok = http.post("/login", FORM, credentials() + "&_csrf=" + csrf[1], "Cookie", csrf[0]);

        assertThat(ok.statusCode()).isEqualTo(303);
        String session = ok.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("HAILONG_SESSION=")).findFirst().orElseThrow();
        assertThat(session).containsIgnoringCase("HttpOnly").contains("SameSite=Lax").contains("Max-Age=28800").doesNotContain("Secure");
        assertThat(csrfCookieOf(http.get("/login"))).containsIgnoringCase("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
    }

    @Test
    void questionnaireWithoutTheTokenStoresNothingAndWithItStoresTheResponse() {
        String before = Rows.submissionState();
        String id = UUID.randomUUID().toString();
        String form = "id=" + id + "&version=1&a.E1.1=4";
        String[] csrf = http.csrf(PAGE);

        assertThat(http.post(PAGE, FORM, form, "Cookie", csrf[0]).statusCode()).isEqualTo(403);
        assertThat(http.post(PAGE, FORM, form + "&_csrf=bad", "Cookie", csrf[0]).statusCode()).isEqualTo(403);
        assertThat(Rows.submissionState()).isEqualTo(before);

        assertThat(http.post(PAGE, FORM, form + "&_csrf=" + csrf[1], "Cookie", csrf[0]).statusCode()).isEqualTo(303);
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + id + "'")).isEqualTo(1);
    }

    @Test
    void theAlertRuleFormWithoutItsTokenStoresNoRule() {
        String[] csrf = http.csrf("/login");
        String[] session = login();
        String form = "kind=not-satisfied&agency=HN&survey=one-stop-rating";
        long before = vn.hailong.support.Rows.count("SELECT COUNT(*) FROM alert_rule");
        assertThat(http.post("/reports/alerts/rules", FORM, form, "Cookie", csrf[0] + "; " + session[0]).statusCode()).isEqualTo(403);
        assertThat(http.post("/reports/alerts/rules", FORM, form + "&_csrf=bad", "Cookie", csrf[0] + "; " + session[0]).statusCode())
                .isEqualTo(403);
        assertThat(vn.hailong.support.Rows.count("SELECT COUNT(*) FROM alert_rule")).isEqualTo(before);
        assertThat(http.post("/reports/alerts/rules", FORM, form + "&_csrf=" + csrf[1], "Cookie", csrf[0] + "; " + session[0])
                .statusCode()).isEqualTo(303);
        assertThat(vn.hailong.support.Rows.count("SELECT COUNT(*) FROM alert_rule")).isEqualTo(before + 1);
    }

    @Test
    void multipartFormsCarryTheTokenAsAPart() {
        String[] csrf = http.csrf("/login");
        String boundary = "----hailong" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf[1] + "\r\n--" + boundary + "--\r\n";
        String wrong = body.replace(csrf[1], "x" + csrf[1].substring(1));
        String[] session = login();

        HttpResponse<String> refused = http.post("/logout", "multipart/form-data; boundary=" + boundary, wrong,
                "Cookie", csrf[0] + "; " + session[0]);
        HttpResponse<String> accepted = http.post("/logout", "multipart/form-data; boundary=" + boundary, body,
                "Cookie", csrf[0] + "; " + session[0]);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(accepted.statusCode()).isEqualTo(303);
    }

    @Test
    void logoutNeedsTheTokenAndEndsTheSessionEvenForACopyOfTheCookie() {
        String[] session = login();
        assertThat(http.get("/reports?agency=HN", "Cookie", session[0]).statusCode()).isEqualTo(200);

        String[] csrf = http.csrf("/login");
        assertThat(http.post("/logout", FORM, "", "Cookie", csrf[0] + "; " + session[0]).statusCode()).isEqualTo(403);
        assertThat(http.get("/reports?agency=HN", "Cookie", session[0]).statusCode()).as("a refused logout changes nothing").isEqualTo(200);

        HttpResponse<String> out = http.post("/logout", FORM, "_csrf=" + csrf[1], "Cookie", csrf[0] + "; " + session[0]);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("HAILONG_SESSION=;") && c.contains("Max-Age=0"));
        // Someone who kept a copy of the cookie (or its token) gets nowhere after the logout.
        assertThat(http.get("/reports?agency=HN", "Cookie", session[0]).statusCode()).isEqualTo(303);
        assertThat(http.get("/api/v1/reports/satisfaction?agency=HN&survey=sipas-2017", "Authorization", "Bearer " + session[1]).statusCode())
                .isEqualTo(401);
        assertThat(login()[0]).as("logging in again works").isNotBlank();
    }

    @Test
    void anApiCallAuthenticatedByThePageCookieAloneNeedsTheCsrfHeader() {
        String[] session = login();
        String[] csrf = http.csrf("/login");
        String agency = "{\"code\":\"C" + System.nanoTime() % 100000 + "\",\"nameVi\":\"C\",\"nameEn\":\"C\",\"kind\":\"COMMUNE\",\"parent\":\"HN\"}";

        HttpResponse<String> refused = http.post("/api/v1/agencies", "application/json", agency, "Cookie", csrf[0] + "; " + session[0]);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        HttpResponse<String> allowed = http.post("/api/v1/agencies", "application/json", agency, "Cookie", csrf[0] + "; " + session[0],
                "X-CSRF-Token", csrf[1]);
        assertThat(allowed.statusCode()).isEqualTo(201);
        assertThat(http.post("/api/v1/agencies", "application/json", agency.replace("\"C", "\"D"), "Authorization", "Bearer " + admin).statusCode())
                .as("bearer clients need no CSRF token").isEqualTo(201);
    }

    // --- headers ---

    @Test
    void everyKindOfResponseCarriesTheSecurityHeaders() {
        String[] session = login();
        Map<String, HttpResponse<String>> responses = new java.util.LinkedHashMap<>();
        responses.put("page", http.get("/"));
        responses.put("questionnaire", http.get(PAGE));
        responses.put("kiosk", http.get("/kiosk"));
        responses.put("api", http.get("/api/v1/surveys"));
        responses.put("static css", http.get("/static/css/hailong.css"));
        responses.put("static js", http.get("/static/js/kiosk.js"));
        responses.put("qr image", http.get("/qr/HN-01/sipas-2017.png"));
        responses.put("health", http.get("/health"));
        responses.put("404 page", http.get("/no-such-page"));
        responses.put("404 api", http.get("/api/v1/surveys/no-such-survey"));
        responses.put("401 api", http.get("/api/v1/reports/satisfaction?agency=HN"));
        responses.put("303 login", http.get("/reports"));
        responses.put("403 csrf", http.post("/login", FORM, credentials()));
        responses.put("422 api", http.post("/api/v1/responses", "application/json", "{}"));
        responses.put("400 api", http.post("/api/v1/responses", "application/json", "{broken"));
        responses.put("500 page", http.get("/test/broken"));
        responses.put("reports (logged in)", http.get("/reports?agency=HN", "Cookie", session[0]));

        responses.forEach((what, response) -> {
            var h = response.headers();
            assertThat(h.firstValue("Content-Security-Policy")).as(what).hasValueSatisfying(csp -> {
                assertThat(csp).contains("default-src 'self'").contains("script-src 'self'").contains("frame-ancestors 'none'")
                        .contains("object-src 'none'").contains("form-action 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            });
            assertThat(h.firstValue("X-Content-Type-Options")).as(what).contains("nosniff");
            assertThat(h.firstValue("X-Frame-Options")).as(what).contains("DENY");
            assertThat(h.firstValue("Referrer-Policy")).as(what).isEqualTo(java.util.Optional.of("same-origin"));
            assertThat(h.firstValue("Permissions-Policy")).as(what).hasValueSatisfying(p -> assertThat(p).contains("camera=()"));
            assertThat(h.firstValue("Strict-Transport-Security")).as(what + ": no HSTS over plain HTTP").isEmpty();
        });
        assertThat(responses.get("reports (logged in)").headers().firstValue("Cache-Control")).as("staff pages are not cached").contains("no-store");
        assertThat(responses.get("static css").headers().firstValue("Cache-Control").orElse("")).doesNotContain("no-store");
    }

    @Test
    void aTemplateThatFailsWhileRenderingGivesAComplete500PageWithoutDetails() {
        HttpResponse<String> broken = http.get("/test/broken");

        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(broken.body()).contains("Something went wrong on the server").contains("</html>")
                .doesNotContainIgnoringCase("exception").doesNotContainIgnoringCase("ognl").doesNotContain("missing.property")
                .doesNotContain(" at ");
    }

    @Test
    void templatesHaveNoInlineScriptsEventHandlersOrStyleAttributes() throws IOException {
        Pattern inlineScript = Pattern.compile("<script(?![^>]*\\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", Pattern.CASE_INSENSITIVE);
        Pattern handler = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
        Pattern style = Pattern.compile("<style|\\sstyle\\s*=|th:style", Pattern.CASE_INSENSITIVE);
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/views"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                String html = Files.readString(file);
                if (file.endsWith(Path.of("report", "document.html"))) {
                    // The report document's print template: rendered to PDF on the server (ReportPdf,
                    // openhtmltopdf reads its page rules from a <style>), never served to a browser,
                    // so the Content-Security-Policy this test guards does not apply. It has no script.
                    assertThat(inlineScript.matcher(html).find()).as(file + " has an inline script").isFalse();
                    assertThat(html).doesNotContainIgnoringCase("<script");
                    continue;
                }
                assertThat(inlineScript.matcher(html).find()).as(file + " has an inline script").isFalse();
                assertThat(handler.matcher(html).find()).as(file + " has an event-handler attribute").isFalse();
                assertThat(style.matcher(html).find()).as(file + " has inline styles").isFalse();
            }
        }
    }

    // --- helpers ---

    private static String credentials() {
        return "username=" + ADMIN + "&password=" + ADMIN_PASSWORD + "&next=%2Freports";
    }

    /** Logs in on the page: the session cookie ("HAILONG_SESSION=...") and its token. */
    private String[] login() {
        String[] csrf = http.csrf("/login");
        HttpResponse<String> ok = http.post("/login", FORM, credentials() + "&_csrf=" + csrf[1], "Cookie", csrf[0]);
        assertThat(ok.statusCode()).isEqualTo(303);
        String cookie = ok.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("HAILONG_SESSION=")).findFirst().orElseThrow().split(";")[0];
        return new String[] {cookie, cookie.substring("HAILONG_SESSION=".length())};
    }

    private static String csrfCookieOf(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("HAILONG_CSRF=")).findFirst().orElseThrow();
    }
}
