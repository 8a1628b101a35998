package vn.hailong.admin;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every /admin route, read from the router (a new one cannot be forgotten): anonymous visitors
 * are sent to the login page, reviewers and kiosks are refused, and nothing changes.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminAccessIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    @Inject
    Router router;

    AdminPages pages;
    List<UriRouteInfo<?, ?>> routes;
    String kiosk;
    AdminPages.Session reviewer;
    String reviewerBearer;
    String csrfCookie;
    String csrfToken;

    @BeforeAll
    void data() {
        pages = new AdminPages(server, json);
        String admin = pages.api.adminToken();
        pages.api.agency(admin, "AX", null);
        pages.api.agency(admin, "AX-1", "AX");
        reviewerBearer = pages.api.reviewer(admin, "ax-reviewer", "AX");
        reviewer = pages.login("ax-reviewer", "reviewer-password");
        kiosk = pages.api.kiosk(admin, "AX-1");
        Api.Reply login = pages.api.get("/login", null);
        csrfCookie = login.response().getHeaders().getAll("Set-Cookie").stream().filter(c -> c.startsWith("HAILONG_CSRF="))
                .findFirst().orElseThrow().split(";")[0];
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login.body());
        assertThat(m.find()).isTrue();
        csrfToken = m.group(1);
        // HEAD mirrors GET (Micronaut adds it): checking GET covers it.
        routes = router.uriRoutes().filter(r -> r.getUriMatchTemplate().toPathString().startsWith("/admin"))
                .filter(r -> r.getHttpMethod() != HttpMethod.HEAD)
                .<UriRouteInfo<?, ?>>map(r -> r).toList();
    }

    @AfterAll
    void close() {
        pages.close();
    }

    /** A concrete path for a route template: {code} → AX-1, {username} → ax-reviewer, {id} → 1. */
    private static String path(UriRouteInfo<?, ?> route) {
        return route.getUriMatchTemplate().toPathString()
                .replace("{code}", "AX-1").replace("{username}", "ax-reviewer").replace("{id}", "1");
    }

    /**
     * Every POST carries a valid CSRF pair (cookie and field, fetched anonymously from the login
     * page) so that it is the authorization that refuses it, not the CSRF check.
     */
    private MutableHttpRequest<?> request(UriRouteInfo<?, ?> route, String cookies) {
        String path = path(route);
        String cookie = cookies.isEmpty() ? csrfCookie : cookies + "; " + csrfCookie;
        if (route.getHttpMethod() == HttpMethod.GET) {
            return cookies.isEmpty() ? HttpRequest.GET(path) : HttpRequest.GET(path).header("Cookie", cookies);
        }
        return post(route, path).header("Cookie", cookie);
    }

    private MutableHttpRequest<?> post(UriRouteInfo<?, ?> route, String path) {
        // The file uploads (agency CSV, questionnaire upload of issue 15) are multipart forms.
        if (path.endsWith("/import") || path.endsWith("/upload")) {
            return HttpRequest.POST(path, io.micronaut.http.client.multipart.MultipartBody.builder().addPart("_csrf", csrfToken)
                    .addPart("mode", "import")
                    .addPart("file", "a.csv", MediaType.TEXT_PLAIN_TYPE,
                            "code,parent,name_vi,kind\nZZ,,x,PROVINCE\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)).build())
                    .contentType(MediaType.MULTIPART_FORM_DATA_TYPE);
        }
        return HttpRequest.POST(path, "_csrf=" + AdminPages.enc(csrfToken) + "&nameVi=x&kind=X&parent=&validTo=2020-01-01&password=abcdefghij&agency=AX&label=x&code=ZZ")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
    }

    private String state() {
        return Rows.count("SELECT COUNT(*) FROM agency") + "/" + Rows.text("SELECT MAX(CONCAT(name_vi, valid_to)) FROM agency")
                + "/" + Rows.count("SELECT COUNT(*) FROM account") + "/" + Rows.text("SELECT MAX(tokens_valid_after) FROM account")
                + "/" + Rows.count("SELECT COUNT(*) FROM kiosk WHERE revoked_at IS NULL")
                + "/" + Rows.count("SELECT COUNT(*) FROM survey_version WHERE retired_at IS NULL");
    }

    @Test
    void theRouteListCoversEveryPage() {
        List<String> listed = routes.stream().map(r -> r.getHttpMethod() + " " + r.getUriMatchTemplate().toPathString()).toList();
        assertThat(listed).contains("GET /admin", "GET /admin/agencies", "POST /admin/agencies/{code}/move",
                "POST /admin/agencies/import", "GET /admin/accounts", "POST /admin/accounts/{username}/disable",
                "POST /admin/kiosks", "POST /admin/kiosks/{id}/revoke", "GET /admin/templates");
        assertThat(routes).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void anonymousVisitorsAreSentToTheLoginPage() {
        String before = state();
        for (UriRouteInfo<?, ?> route : routes) {
            Api.Reply reply = pages.api.send(request(route, ""));
            assertThat(reply.status()).as(route.toString()).isEqualTo(303);
            assertThat(reply.response().getHeaders().get("Location")).as(route.toString()).startsWith("/login?next=");
        }
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void reviewersAndKiosksAreRefused() {
        String before = state();
        for (UriRouteInfo<?, ?> route : routes) {
            Api.Reply page = pages.api.send(request(route, reviewer.cookieHeader()));
            assertThat(page.status()).as("reviewer page " + route).isEqualTo(403);
            Api.Reply bearer = pages.api.send(request(route, "").bearerAuth(reviewerBearer));
            assertThat(bearer.status()).as("reviewer bearer " + route).isEqualTo(403);
            Api.Reply device = pages.api.send(request(route, "").bearerAuth(kiosk));
            assertThat(device.status()).as("kiosk " + route).isEqualTo(403);
        }
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void theAdministratorLinkShowsOnlyForAdministrators() {
        assertThat(pages.api.get("/", null).body()).doesNotContain("href=\"/admin");
        assertThat(reviewer.get("/reports").body()).doesNotContain("href=\"/admin");
        AdminPages.Session admin = pages.login(ADMIN, ADMIN_PASSWORD);
        assertThat(admin.get("/reports").body()).contains("href=\"/admin?lang=vi\"");
        assertThat(admin.get("/admin?lang=en").body()).contains("href=\"/admin/agencies?lang=en\"")
                .contains("href=\"/admin/accounts?lang=en\"").contains("href=\"/admin/kiosks?lang=en\"")
                .contains("href=\"/admin/templates?lang=en\"");
    }
}
