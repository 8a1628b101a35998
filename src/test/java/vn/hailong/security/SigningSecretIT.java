package vn.hailong.security;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.AppProcess;
import vn.hailong.support.Copies;
import vn.hailong.support.TestDatabase;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HAILONG_JWT_SECRET set in the environment, as the README, the compose file and the Kubernetes
 * Secret set it, is the key the packaged application signs tokens with: a token verifies with that
 * secret (HMAC computed here, independently of the app), works on a second copy started the same
 * way, and still works after the first copy restarts. Before issue 11's fix each process signed
 * with the secret plus a random UUID and a brace, so every one of these failed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SigningSecretIT {

    static final String SECRET = "signing-secret-it-0123456789-abcdefghijklmnopqrstuvwxyz";
    static final String PASSWORD = "signing-secret-admin-password";

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    AppProcess a;
    AppProcess b;

    @BeforeAll
    void startTwoCopies() {
        Map<String, String> env = AppProcess.databaseEnvironment(TestDatabase.sibling("signing"));
        env.put("HAILONG_ADMIN_USERNAME", "admin");
        env.put("HAILONG_ADMIN_PASSWORD", PASSWORD);
        env.put("HAILONG_JWT_SECRET", SECRET);
        a = AppProcess.startWithEnvironment(env);
        b = AppProcess.startWithEnvironment(env);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            Copies.closeAll(a, b);
        } finally {
            TestDatabase.dropSibling("signing");
        }
    }

    @Test
    void aTokenIsSignedWithTheSecretFromTheEnvironmentAndWorksOnEveryCopyAndAfterARestart() throws Exception {
        String token = login(a);
        assertThat(verifies(token, SECRET)).as("HS256 signature of %s with HAILONG_JWT_SECRET", token).isTrue();
        assertThat(status(b, token)).as("A's token on B").isEqualTo(200);
        assertThat(verifies(login(b), SECRET)).as("B signs with the same key").isTrue();

        // forged: the same claims unsigned ("alg": "none"), and signed with another secret
        String[] parts = token.split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(status(b, none + "." + parts[1] + ".")).as("unsigned token").isEqualTo(401);
        assertThat(status(b, parts[0] + "." + parts[1] + "." + sign(parts[0] + "." + parts[1], SECRET + "x")))
                .as("token signed with another secret").isEqualTo(401);

        a.kill();
        a.restart();
        assertThat(status(a, token)).as("the token after A restarted").isEqualTo(200);
        assertThat(status(a, "x" + token)).isEqualTo(401);
    }

    static boolean verifies(String jwt, String secret) throws Exception {
        String[] parts = jwt.split("\\.");
        assertThat(parts).as("a signed JWT has three parts: %s", jwt).hasSize(3);
        return sign(parts[0] + "." + parts[1], secret).equals(parts[2]);
    }

    static String sign(String headerAndClaims, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] signature = mac.doFinal(headerAndClaims.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    String login(AppProcess app) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(app.uri("/api/v1/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Matcher token = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        assertThat(token.find()).isTrue();
        return token.group(1);
    }

    int status(AppProcess app, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(app.uri("/api/v1/agencies")).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
