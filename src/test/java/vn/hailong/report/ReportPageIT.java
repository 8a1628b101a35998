package vn.hailong.report;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The reviewer's report page shows the numbers of the API, and only inside the reviewer's scope. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportPageIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    Api api;
    HttpClient noRedirects;

    @BeforeAll
    void data() {
        api = new Api(client, json);
        String admin = api.adminToken();
        api.agency(admin, "RP", null);
        api.agency(admin, "RP-1", "RP");
        api.agency(admin, "RP-2", "RP");
        api.reviewer(admin, "rp-reviewer", "RP");
        api.reviewer(admin, "rp1-reviewer", "RP-1");
        Random random = new Random(11);
        for (int i = 0; i < 60; i++) {
            Map<String, Object> answers = new LinkedHashMap<>();
            for (String code : Api.SIPAS_CRITERIA) {
                if (random.nextInt(5) > 0) {
                    answers.put(code, 1 + random.nextInt(5));
                }
            }
            api.post("/api/v1/responses", Api.submission(i % 2 == 0 ? "RP-1" : "RP-2", answers), null);
        }
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setFollowRedirects(false);
        noRedirects = HttpClient.create(server.getURL(), configuration);
    }

    @AfterAll
    void close() {
        noRedirects.close();
    }

    private String sessionCookie(String username) {
        var response = noRedirects.toBlocking().exchange(api.csrf().form("/login",
                        "username=" + username + "&password=reviewer-password&next=/reports")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE), String.class);
        assertThat(response.code()).isEqualTo(303);
        assertThat(response.getHeaders().get("Location")).isEqualTo("/reports");
        String setCookie = response.getHeaders().get("Set-Cookie");
        assertThat(setCookie).containsIgnoringCase("HttpOnly").contains("SameSite=Lax");
        return setCookie.split(";")[0];
    }

    private Api.Reply page(String path, String cookie) {
        return api.send(HttpRequest.GET(path).header("Cookie", cookie));
    }

    @Test
    void reportPageShowsTheSameFiguresAsTheApi() {
        String cookie = sessionCookie("rp-reviewer");
        Api.Reply html = page("/reports?agency=RP&survey=sipas-2017&lang=en", cookie);
        JsonNode report = api.get("/api/v1/reports/satisfaction?agency=RP&survey=sipas-2017", api.login("rp-reviewer", "reviewer-password")).json();

        assertThat(html.status()).isEqualTo(200);
        assertThat(html.body()).contains("<html lang=\"en\"");
        assertThat(number(html.body(), "id=\"index\">([0-9.]+)")).isEqualTo(twoDecimals(report.get("index")));
        assertThat(number(html.body(), "id=\"responses\">([0-9]+)")).isEqualTo(report.get("responses").coerceStringValue());
        for (JsonNode element : report.get("elements").values()) {
            for (JsonNode criterion : element.get("criteria").values()) {
                String row = rowOf(html.body(), criterion.get("code").getStringValue());
                assertThat(row).contains(">" + criterion.get("answers").coerceStringValue() + "<");
                assertThat(row).contains(">" + twoDecimals(criterion.get("index")) + "<");
            }
        }
        assertThat(html.body()).contains("id=\"ranking\"").contains("Agency RP-1").contains("Agency RP-2");
    }

    @Test
    void communeReviewerSeesOnlyItsOwnCommuneOnThePage() {
        String cookie = sessionCookie("rp1-reviewer");
        assertThat(page("/reports", cookie).status()).isEqualTo(200); // defaults to its own agency
        assertThat(page("/reports?agency=RP-1&survey=sipas-2017", cookie).status()).isEqualTo(200);
        assertThat(page("/reports?agency=RP-2&survey=sipas-2017", cookie).status()).isEqualTo(403);
        assertThat(page("/reports?agency=RP&survey=sipas-2017", cookie).status()).isEqualTo(403);
    }

    @Test
    void withoutLoginThePageRedirectsToLogin() {
        var response = noRedirects.toBlocking().exchange(HttpRequest.GET("/reports?agency=RP"), String.class);
        assertThat(response.code()).isEqualTo(303);
        assertThat(response.getHeaders().get("Location")).startsWith("/login?next=");
    }

    @Test
    void wrongPasswordOnTheLoginPageSetsNoCookie() {
        Api.Reply reply = api.send(api.csrf().form("/login", "username=rp-reviewer&password=wrong&next=/reports")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE));
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.response().getHeaders().get("Set-Cookie")).isNull();
    }

    private static String twoDecimals(JsonNode value) {
        return String.format(Locale.ROOT, "%.2f", value.getNumberValue().doubleValue());
    }

    private static String number(String html, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(html);
        assertThat(matcher.find()).as(regex).isTrue();
        return matcher.group(1);
    }

    private static String rowOf(String html, String code) {
        int start = html.indexOf("id=\"row-" + code + "\"");
        assertThat(start).as("row " + code).isPositive();
        return html.substring(start, html.indexOf("</tr>", start));
    }
}
