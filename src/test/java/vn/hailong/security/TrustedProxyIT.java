package vn.hailong.security;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.AppProcess;
import vn.hailong.support.TestDatabase;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HAILONG_PROXY_HEADER and HAILONG_TRUSTED_PROXIES set in the environment of the packaged jar, as an
 * operator behind a reverse proxy does (issue 11, red-team 1a). Copy A trusts this test's loopback
 * address as its proxy: X-Forwarded-For names the client, read from the right. Copy B names the
 * header but trusts only 10.0.0.0/8, so the header from 127.0.0.1 is ignored. Per-address limit 3.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrustedProxyIT {

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    AppProcess trusting;
    AppProcess distrusting;

    @BeforeAll
    void start() {
        trusting = AppProcess.startWithEnvironment(environment("proxy-a", "127.0.0.1/32, ::1/128"));
        distrusting = AppProcess.startWithEnvironment(environment("proxy-b", "10.0.0.0/8"));
    }

    private static Map<String, String> environment(String database, String trusted) {
        Map<String, String> env = AppProcess.databaseEnvironment(TestDatabase.sibling(database));
        env.put("HAILONG_JWT_SECRET", "trusted-proxy-it-0123456789-abcdefghijklmnopqrstuvwxyz");
        env.put("HAILONG_LIMITS_LOGIN_MAX_FAILURES_PER_ADDRESS", "3");
        env.put("HAILONG_PROXY_HEADER", "X-Forwarded-For");
        env.put("HAILONG_TRUSTED_PROXIES", trusted);
        return env;
    }

    @AfterAll
    void stop() {
        try {
            for (AppProcess app : new AppProcess[] {trusting, distrusting}) {
                if (app != null) {
                    app.close();
                }
            }
        } finally {
            TestDatabase.dropSibling("proxy-a");
            TestDatabase.dropSibling("proxy-b");
        }
    }

    @Test
    void behindATrustedProxyTheForwardedAddressIsTheClient() throws Exception {
        List<Integer> distinct = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            distinct.add(failedLogin(trusting, "spread-" + i, "198.51.100." + i));
        }
        assertThat(distinct).as("five clients behind the proxy, one failure each").containsOnly(401);

        List<Integer> one = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            one.add(failedLogin(trusting, "same-" + i, "192.0.2.77"));
        }
        assertThat(one).containsExactly(401, 401, 401, 429);
        assertThat(failedLogin(trusting, "same-5", "6.6.6.6, 192.0.2.77"))
                .as("what the client wrote on the left is not believed: the proxy appended 192.0.2.77").isEqualTo(429);
        assertThat(failedLogin(trusting, "same-6", "192.0.2.77, 192.0.2.200"))
                .as("the rightmost entry is the client the proxy saw").isEqualTo(401);
    }

    @Test
    void theHeaderFromAnAddressThatIsNotATrustedProxyIsIgnored() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            statuses.add(failedLogin(distrusting, "other-" + i, "198.51.100." + (50 + i)));
        }
        assertThat(statuses).containsExactly(401, 401, 401, 429);
    }

    private int failedLogin(AppProcess app, String username, String forwardedFor) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(app.uri("/api/v1/login"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"password\":\"wrong-password\"}"))
                .timeout(Duration.ofSeconds(30)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
