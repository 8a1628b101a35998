package vn.hailong.alert;

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
import vn.hailong.support.Rows;
import vn.hailong.support.WebhookReceiver;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Escalation of overdue cases, decided at fixed instants around the deadline. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertDeadlinesIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    CaseDeadlines deadlines;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("hailong.outbox.poll", "100ms", "hailong.alerts.deadline-check", "1h",
                "hailong.limits.public.enabled", "false");
    }

    @Test
    void anOverdueCaseIsEscalatedOnceAndShownOverdue() {
        Api api = new Api(client, json);
        String admin = api.adminToken();
        api.agency(admin, "DL", null);
        api.agency(admin, "DL-1", "DL");
        assertThat(api.post("/api/v1/alert-rules", Map.of("agency", "DL", "kind", "not-satisfied",
                "recipients", List.of(), "deadlineHours", 1), admin).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/responses", AlertsIT.rating("DL-1", 1, null), null).status()).isEqualTo(201);
        WebhookReceiver.await(Duration.ofSeconds(10), () -> Rows.count("SELECT COUNT(*) FROM alert_case") == 1);

        JsonNode alert = api.get("/api/v1/alerts?agency=DL", admin).json().get(0);
        Instant deadline = Instant.parse(alert.get("deadline").getStringValue());
        assertThat(deadline).isAfter(Instant.parse(alert.get("openedAt").getStringValue()));

        assertThat(deadlines.escalateOverdue(deadline.minusSeconds(60))).isZero();
        assertThat(deadlines.escalateOverdue(deadline.plusSeconds(60))).isEqualTo(1);
        assertThat(deadlines.escalateOverdue(deadline.plusSeconds(120))).isZero();
        JsonNode escalated = api.get("/api/v1/alerts?agency=DL", admin).json().get(0);
        assertThat(escalated.get("escalatedAt").getStringValue()).isEqualTo(deadline.plusSeconds(60).toString());
        assertThat(Rows.count("SELECT COUNT(*) FROM outbox_event WHERE kind = 'alert.escalated'")).isEqualTo(1);
    }
}
