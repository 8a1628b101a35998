package vn.hailong.system;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Request ids on every answer, and the operational metrics an operator's dashboard reads. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Test
    void aCallersRequestIdIsEchoed() {
        Api api = new Api(client, json);
        Api.Reply reply = api.send(HttpRequest.GET("/api/v1/surveys").header("X-Request-Id", "kiosk-17.req:42"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.response().getHeaders().get("X-Request-Id")).isEqualTo("kiosk-17.req:42");
    }

    @Test
    void withoutOneOrWithAnUnsafeOneANewIdIsMade() {
        Api api = new Api(client, json);
        String made = api.get("/api/v1/surveys", null).response().getHeaders().get("X-Request-Id");
        String other = api.get("/api/v1/surveys", null).response().getHeaders().get("X-Request-Id");
        String unsafe = api.send(HttpRequest.GET("/api/v1/surveys").header("X-Request-Id", "x\" forged=\"1 <script>"))
                .response().getHeaders().get("X-Request-Id");

        assertThat(UUID.fromString(made)).isNotNull();
        assertThat(other).isNotEqualTo(made);
        assertThat(UUID.fromString(unsafe)).isNotNull();
    }

    @Test
    void errorsCarryTheRequestIdToo() {
        Api api = new Api(client, json);
        Api.Reply unauthorized = api.send(HttpRequest.GET("/api/v1/reports/satisfaction?agency=X").header("X-Request-Id", "r-401"));
        Api.Reply invalid = api.send(HttpRequest.POST("/api/v1/responses", "{\"id\": 1}").contentType("application/json")
                .header("X-Request-Id", "r-422"));

        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.response().getHeaders().get("X-Request-Id")).isEqualTo("r-401");
        assertThat(invalid.status()).isBetween(400, 499);
        assertThat(invalid.response().getHeaders().get("X-Request-Id")).isEqualTo("r-422");
    }

    @Test
    void prometheusShowsReportLatencyPerEndpointBesideSubmissionsPoolAndMemory() {
        Api api = new Api(client, json);
        String admin = api.adminToken();
        api.agency(admin, "OB", null);
        assertThat(api.post("/api/v1/responses", Api.submission("OB", Map.of("E1.1", 4)), null).status()).isEqualTo(201);
        assertThat(api.get("/api/v1/reports/satisfaction?agency=OB&survey=sipas-2017", admin).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/reports/ranking?parent=OB&survey=sipas-2017", admin).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/reports/trend?agency=OB&survey=sipas-2017&interval=nonsense", admin).status()).isEqualTo(400);

        String metrics = api.get("/prometheus", null).body();

        assertThat(metrics)
                .contains("hailong_report_seconds_count{report=\"satisfaction\",status=\"2xx\"} 1")
                .contains("hailong_report_seconds_count{report=\"ranking\",status=\"2xx\"} 1")
                .contains("hailong_report_seconds_count{report=\"trend\",status=\"4xx\"} 1")
                .contains("hailong_report_seconds_bucket{report=\"satisfaction\",status=\"2xx\",le=")
                .contains("hailong_responses_total{outcome=\"stored\",reason=\"none\"}")
                .contains("hailong_submission_seconds_bucket")
                .contains("hikaricp_connections_active")
                .contains("jvm_memory_used_bytes");
    }

    /** The sample dashboard must not rot: every series it reads is one the application exports. */
    @Test
    void everyMetricTheGrafanaDashboardReadsIsExported() throws IOException {
        Api api = new Api(client, json);
        String admin = api.adminToken();
        api.agency(admin, "GD", null);
        api.post("/api/v1/responses", Api.submission("GD", Map.of("E1.1", 9)), null);
        api.get("/api/v1/reports/satisfaction?agency=GD&survey=sipas-2017", admin);
        String dashboard = Files.readString(Path.of("deploy/grafana/hailong-dashboard.json"));
        JsonNode panels = json.readValue(dashboard, JsonNode.class).get("panels");
        Set<String> names = new TreeSet<>();
        Pattern metric = Pattern.compile("\\b((?:hailong|hikaricp|jvm|http_server|process)_[a-z_]+)\\b");
        for (JsonNode panel : panels.values()) {
            for (JsonNode target : panel.get("targets").values()) {
                Matcher m = metric.matcher(target.get("expr").getStringValue());
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        String exported = api.get("/prometheus", null).body();
        // The kiosk heartbeat gauge comes with the admin work (kiosk.KioskMetrics), built in parallel:
        // until that is in the code base the dashboard's kiosk panel stays empty, and only then.
        if (!classExists("vn.hailong.kiosk.KioskMetrics")) {
            names.remove("hailong_kiosk_waiting_responses");
        }

        assertThat(names).hasSizeGreaterThan(8);
        assertThat(names).allSatisfy(name -> assertThat(exported).as("exported metric " + name).containsPattern(
                "(?m)^" + Pattern.quote(name) + "[{ ]"));
    }

    private static boolean classExists(String name) {
        try {
            Class.forName(name);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
