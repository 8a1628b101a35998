package vn.hailong.dossier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.AppProcess;
import vn.hailong.support.Copies;
import vn.hailong.support.TestDatabase;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two packaged copies of the app on one database, configured through the environment as
 * operators do: an integration key created on A works on B, and once A revokes it, B refuses its
 * very next request with 401 — no cache window.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntegrationKeyCopiesIT {

    static final String PASSWORD = "integration-copies-admin-password";
    static final String BATCH = "{\"dossiers\":[{\"code\":\"C-%d\",\"agency\":\"BN\",\"returnedAt\":\"2026-11-21T10:30:00+07:00\"}]}";

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    AppProcess a;
    AppProcess b;

    @BeforeAll
    void startTwoCopies() {
        Map<String, String> env = AppProcess.databaseEnvironment(TestDatabase.sibling("integration"));
        env.put("HAILONG_ADMIN_USERNAME", "admin");
        env.put("HAILONG_ADMIN_PASSWORD", PASSWORD);
        env.put("HAILONG_JWT_SECRET", "integration-copies-secret-0123456789-abcdefghijklmnop");
        env.put("HAILONG_DOSSIER_KEY", "integration-copies-dossier-key-0123456789");
        a = AppProcess.startWithEnvironment(env);
        b = AppProcess.startWithEnvironment(env);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            Copies.closeAll(a, b);
        } finally {
            TestDatabase.dropSibling("integration");
        }
    }

    @Test
    void aKeyRevokedOnOneCopyIsRefusedByTheOtherAtItsNextRequest() throws Exception {
        String admin = field(send(a, "POST", "/api/v1/login", "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}", null, 200),
                "accessToken");
        send(a, "POST", "/api/v1/agencies", "{\"code\":\"BN\",\"nameVi\":\"Bắc Ninh\",\"nameEn\":\"Bac Ninh\",\"kind\":\"PROVINCE\"}", admin, 201);
        String created = send(a, "POST", "/api/v1/integrations", "{\"name\":\"Một cửa\",\"agency\":\"BN\"}", admin, 201);
        String key = field(created, "key");
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(created);
        assertThat(id.find()).isTrue();

        String first = send(b, "POST", "/api/v1/dossiers:batch", BATCH.formatted(1), key, 200);
        assertThat(first).contains("\"created\"");
        // the same dossier through the other copy: unchanged, the same rating code
        String again = send(a, "POST", "/api/v1/dossiers:batch", BATCH.formatted(1), key, 200);
        assertThat(field(again, "ratingCode")).isEqualTo(field(first, "ratingCode"));

        send(a, "DELETE", "/api/v1/integrations/" + id.group(1), null, admin, 204);
        send(b, "POST", "/api/v1/dossiers:batch", BATCH.formatted(2), key, 401);
        send(a, "POST", "/api/v1/dossiers:batch", BATCH.formatted(3), key, 401);
    }

    private String send(AppProcess app, String method, String path, String body, String token, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return response.body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }
}
