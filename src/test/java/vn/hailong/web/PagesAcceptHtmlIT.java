package vn.hailong.web;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, item 18: a client that sends exactly {@code Accept: text/html} (no {@code *}/{@code *})
 * gets every page as HTML, not 406 "Supported types: [application/json]".
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagesAcceptHtmlIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    String session;

    @BeforeAll
    void data() {
        Api api = new Api(client, json);
        String admin = api.adminToken();
        api.agency(admin, "HTM", null);
        // The page session cookie carries the same signed token as the API's bearer header.
        session = "HAILONG_SESSION=" + admin;
    }

    @Test
    void everyPageAnswersHtmlToAnAcceptOfTextHtmlAlone() throws Exception {
        List<String> pages = List.of("/", "/login", "/s/HTM/sipas-2017", "/s/HTM/one-stop-rating", "/s/HTM/sipas-2017/thanks",
                "/qr/HTM/sipas-2017", "/kiosk", "/kiosk/setup", "/api", "/admin", "/admin/agencies", "/admin/agencies/HTM",
                "/admin/accounts", "/admin/accounts/admin", "/admin/kiosks", "/admin/templates", "/admin/audit", "/admin/flags",
                "/reports", "/reports/comments", "/reports/targets", "/reports/alerts", "/reports/alerts/rules",
                "/reports/alerts?case=1", "/privacy", "/s/NOWHERE/sipas-2017",
                "/admin/integrations", "/r/ABCD-EFGH-JKMN");
        List<String> wrong = new ArrayList<>();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String page : pages) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + page))
                    .header("Accept", "text/html").header("Cookie", session).GET().build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            boolean ok = response.statusCode() != 406 && response.statusCode() < 500
                    && (response.statusCode() == 303 || type.startsWith("text/html"));
            if (!ok) {
                wrong.add(page + " → " + response.statusCode() + " " + type);
            }
        }
        assertThat(wrong).isEmpty();
    }
}
