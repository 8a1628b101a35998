package vn.hailong.system;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Test
    void prometheusCountsStoredReplayedAndRejectedSubmissions() {
        Api api = new Api(client, json);
        String admin = api.adminToken();
        api.agency(admin, "MX", null);
        double storedBefore = value(api, "stored");
        double replayedBefore = value(api, "replayed");

        Map<String, Object> body = Api.submission("MX", Map.of("E1.1", 5));
        assertThat(api.post("/api/v1/responses", body, null).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/responses", body, null).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/responses", Api.submission("MX", Map.of("E1.1", 9)), null).status()).isEqualTo(422);

        Api.Reply metrics = api.get("/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(value(api, "stored")).isEqualTo(storedBefore + 1);
        assertThat(value(api, "replayed")).isEqualTo(replayedBefore + 1);
        assertThat(metrics.body()).contains("hailong_responses_total{outcome=\"rejected\",reason=\"422\"}");
        assertThat(metrics.body()).contains("hailong_submission_seconds_bucket");
        assertThat(metrics.body()).contains("hikaricp_connections");
        assertThat(metrics.body()).doesNotContain("jdbc:").doesNotContain(ADMIN_PASSWORD);
    }

    private static double value(Api api, String outcome) {
        String text = api.get("/prometheus", null).body();
        Matcher m = Pattern.compile("hailong_responses_total\\{outcome=\"" + outcome + "\",reason=\"none\"} ([0-9.E]+)").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
