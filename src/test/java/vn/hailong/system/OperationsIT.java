package vn.hailong.system;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.client.HttpClient;
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
import vn.hailong.support.TestDatabase;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What operators and integrators rely on: health, the published contract, the entry pages, errors. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsIT implements DatabaseTest {

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    HttpClient browser;
    Api api;

    @BeforeAll
    void setUp() {
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setFollowRedirects(false);
        browser = HttpClient.create(server.getURL(), configuration);
        api = new Api(browser, json);
        api.agency(api.adminToken(), "HN", null);
    }

    private static MutableHttpRequest<String> loginForm(String form) {
        return HttpRequest.POST("/login", form).contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
    }

    @AfterAll
    void closeClient() {
        browser.close();
    }

    @Test
    void healthIsUpWithoutCredentialsAndShowsNoSecrets() {
        Api.Reply health = api.get("/health", null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.response().getContentType().orElseThrow().toString()).startsWith("application/json");
        assertThat(health.body().replace(" ", "")).isEqualTo("{\"status\":\"UP\"}");
        assertThat(health.body()).doesNotContainIgnoringCase("jdbc")
                .doesNotContainIgnoringCase("password")
                .doesNotContainIgnoringCase("secret")
                .doesNotContain("://")
                .doesNotContain(TestDatabase.url())
                .doesNotContain(ADMIN_PASSWORD);
    }

    @Test
    void livenessAndReadinessProbesAreUpWithoutCredentials() {
        for (String probe : new String[] {"/health/liveness", "/health/readiness"}) {
            Api.Reply reply = api.get(probe, null);

            assertThat(reply.status()).as(probe).isEqualTo(200);
            assertThat(reply.body().replace(" ", "")).as(probe).isEqualTo("{\"status\":\"UP\"}");
        }
    }

    @Test
    void openApiDescribesTheStableEndpoints() {
        Api.Reply openApi = api.get("/openapi.yml", null);

        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.response().getContentType().orElseThrow().toString()).contains("yaml");
        assertThat(openApi.body()).startsWith("openapi:")
                .contains("/api/v1/responses:")
                .contains("/api/v1/reports/satisfaction:")
                .contains("/api/v1/login:")
                .contains("/api/v1/surveys/{code}:")
                .contains("/api/v1/agencies:");
        // internal pages are not part of the public contract
        assertThat(openApi.body()).doesNotContain("/s/{agencyCode}").doesNotContain("  /reports:");
    }

    @Test
    void startAndLoginPagesAreHtml() {
        Api.Reply home = api.get("/", null);
        Api.Reply login = api.get("/login", null);

        assertThat(home.status()).isEqualTo(200);
        assertThat(home.response().getContentType().orElseThrow().toString()).startsWith("text/html");
        assertThat(home.body()).contains("<html lang=\"vi\"").contains("Đánh giá sự hài lòng");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.response().getContentType().orElseThrow().toString()).startsWith("text/html");
        assertThat(login.body()).contains("<form method=\"post\" action=\"/login\"").contains("name=\"password\"");
        assertThat(api.get("/login?lang=en", null).body()).contains("<html lang=\"en\"").contains("Staff login");
    }

    @Test
    void reportsPageSendsAnonymousVisitorsToTheLoginPage() {
        Api.Reply reports = api.get("/reports?agency=HN", null);

        assertThat(reports.status()).isEqualTo(303);
        String location = reports.response().getHeaders().get("Location");
        assertThat(location).startsWith("/login?next=");
        assertThat(URLDecoder.decode(location.substring("/login?next=".length()), StandardCharsets.UTF_8)).isEqualTo("/reports?agency=HN");
    }

    @Test
    void loggingInOnTheLoginPageLeadsBackToTheReports() {
        Api.Reply wrong = api.send(loginForm("username=" + ADMIN + "&password=wrong-password&next=%2Freports"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.response().getContentType().orElseThrow().toString()).startsWith("text/html");
        assertThat(wrong.body()).contains("Sai tên đăng nhập hoặc mật khẩu.");
        assertThat(wrong.response().getCookie("HAILONG_SESSION")).isEmpty();
        Api.Reply tooLong = api.send(loginForm("username=" + ADMIN + "&password=" + "p".repeat(300) + "&next=%2Freports"));
        assertThat(tooLong.status()).isEqualTo(401);

        Api.Reply right = api.send(loginForm("username=" + ADMIN + "&password=" + ADMIN_PASSWORD + "&next=%2Freports%3Fagency%3DHN"));

        assertThat(right.status()).isEqualTo(303);
        assertThat(right.response().getHeaders().get("Location")).isEqualTo("/reports?agency=HN");
        Cookie session = right.response().getCookie("HAILONG_SESSION").orElseThrow();
        assertThat(session.isHttpOnly()).isTrue();
        Api.Reply reports = api.send(HttpRequest.GET("/reports?agency=HN").cookie(Cookie.of("HAILONG_SESSION", session.getValue())));
        assertThat(reports.status()).isEqualTo(200);
        assertThat(reports.body()).contains("Báo cáo mức độ hài lòng");

        Api.Reply offsite = api.send(loginForm("username=" + ADMIN + "&password=" + ADMIN_PASSWORD + "&next=https%3A%2F%2Fevil.example%2F"));
        assertThat(offsite.response().getHeaders().get("Location")).isEqualTo("/reports");
    }

    @Test
    void unknownApiPathIsANotFoundProblem() {
        Api.Reply reply = api.get("/api/v1/nope", null);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.response().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
        assertThat(reply.text("status")).isEqualTo("404");
        assertThat(reply.text("type")).isNotBlank();
        assertThat(reply.text("title")).isNotBlank();
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("at io.micronaut");
    }
}
