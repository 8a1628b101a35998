package vn.hailong.outbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.AppProcess;
import vn.hailong.support.TestDatabase;
import vn.hailong.support.WebhookReceiver;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox across crashes and copies, with the packaged jar configured through environment
 * variables: events committed by a copy killed (SIGKILL) before it delivered them are delivered
 * after the restart; with two copies running, each event reaches the receiver once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxCrashIT {

    static final String PASSWORD = "outbox-admin-password";
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final WebhookReceiver receiver = new WebhookReceiver();
    final Map<String, String> env = new HashMap<>();
    String url;
    AppProcess a;
    AppProcess b;

    @BeforeAll
    void start() {
        TestDatabase.dropSibling("outbox");
        url = TestDatabase.sibling("outbox");
        env.putAll(AppProcess.databaseEnvironment(url));
        env.put("HAILONG_ADMIN_USERNAME", "admin");
        env.put("HAILONG_ADMIN_PASSWORD", PASSWORD);
        env.put("HAILONG_JWT_SECRET", "outbox-crash-test-secret-0123456789abcdef");
        env.put("HAILONG_LIMITS_PUBLIC_ENABLED", "false");
        env.put("HAILONG_OUTBOX_POLL", "200ms");
        env.put("HAILONG_OUTBOX_RETRY_BASE", "200ms");
        // the first run never dispatches: what it commits is still undelivered when it is killed
        env.put("HAILONG_OUTBOX_INITIAL_DELAY", "1h");
        a = AppProcess.startWithEnvironment(env);
    }

    @AfterAll
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        receiver.close();
        TestDatabase.dropSibling("outbox");
    }

    @Test
    void eventsCommittedBeforeAKillAreDeliveredAfterTheRestartAndTwoCopiesDeliverEachOnce() throws Exception {
        String token = login(a);
        assertThat(post(a, "/api/v1/agencies", "{\"code\":\"OX\",\"nameVi\":\"Xã OX\",\"nameEn\":\"OX\",\"kind\":\"COMMUNE\",\"parent\":null}", token))
                .isEqualTo(201);
        assertThat(post(a, "/api/v1/webhooks", "{\"url\":\"" + receiver.url() + "\",\"events\":[\"response.stored\"],\"agency\":\"OX\"}", token))
                .isEqualTo(201);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(submit(a));
        }
        assertThat(count("SELECT COUNT(*) FROM outbox_event WHERE dispatched_at IS NULL")).isEqualTo(3);
        Thread.sleep(1000);
        assertThat(receiver.received()).isEmpty();

        a.kill();
        a.restart(Map.of("HAILONG_OUTBOX_INITIAL_DELAY", "0s"));
        WebhookReceiver.await(Duration.ofSeconds(60), () -> receiver.received().size() >= 3);
        assertThat(responseIds()).containsExactlyInAnyOrderElementsOf(ids);

        b = AppProcess.startWithEnvironment(Map.copyOf(withoutDelay()));
        for (int i = 0; i < 40; i++) {
            ids.add(submit(i % 2 == 0 ? a : b));
        }
        WebhookReceiver.await(Duration.ofSeconds(90), () -> count("SELECT COUNT(*) FROM delivery WHERE status = 'delivered'") == 43);
        Thread.sleep(1000);
        List<WebhookReceiver.Received> got = receiver.received();
        Set<String> deliveryIds = new HashSet<>();
        got.forEach(r -> deliveryIds.add(r.delivery()));
        assertThat(deliveryIds).hasSize(43);
        assertThat(got).as("each event delivered once").hasSize(43);
        assertThat(responseIds()).containsExactlyInAnyOrderElementsOf(ids);
    }

    private Map<String, String> withoutDelay() {
        Map<String, String> copy = new HashMap<>(env);
        copy.put("HAILONG_OUTBOX_INITIAL_DELAY", "0s");
        return copy;
    }

    private List<String> responseIds() {
        Pattern id = Pattern.compile("\"response\":\\{\"id\":\"([0-9a-f-]+)\"");
        List<String> found = new ArrayList<>();
        for (WebhookReceiver.Received r : receiver.received()) {
            Matcher m = id.matcher(r.body());
            if (m.find()) {
                found.add(m.group(1));
            }
        }
        return found;
    }

    private String submit(AppProcess app) throws Exception {
        String id = UUID.randomUUID().toString();
        int status = post(app, "/api/v1/responses", "{\"id\":\"" + id + "\",\"survey\":\"one-stop-rating\",\"agency\":\"OX\","
                + "\"channel\":\"web\",\"answers\":{\"rating\":3}}", null);
        assertThat(status).isEqualTo(201);
        return id;
    }

    private long count(String sql) {
        try (Connection c = DriverManager.getConnection(url, TestDatabase.username(), TestDatabase.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String login(AppProcess app) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(app.uri("/api/v1/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"accessToken\":\"([^\"]+)\"").matcher(response.body());
        assertThat(m.find()).as(response.body()).isTrue();
        return m.group(1);
    }

    private int post(AppProcess app, String path, String json, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
