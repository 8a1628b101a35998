package vn.hailong.security;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.RawHttp;
import vn.hailong.support.Rows;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Abuse limits with small numbers: per kiosk at most 4 responses per hour and 5 s between two
 * (exact, from the database); per browser 2 and per address 3 anonymous responses per 10 minutes
 * (per copy); the honeypot.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubmissionLimitsIT implements DatabaseTest {

    static final String JSON = "application/json";
    static final String FORM = "application/x-www-form-urlencoded";
    static final String PAGE = "/s/HN-01/sipas-2017";

    @Inject
    EmbeddedServer server;

    RawHttp http;
    String admin;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of(
                "hailong.limits.kiosk.enabled", "true",
                "hailong.limits.kiosk.max-per-window", "4",
                "hailong.limits.kiosk.window", "1h",
                "hailong.limits.kiosk.min-interval", "5s",
                "hailong.limits.public.enabled", "true",
                "hailong.limits.public.max-per-browser", "2",
                "hailong.limits.public.max-per-address", "3",
                "hailong.limits.public.window", "10m");
    }

    @BeforeAll
    void setUp() {
        http = new RawHttp(server.getPort());
        admin = RawHttp.field(http.post("/api/v1/login", JSON, "{\"username\":\"" + ADMIN + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}").body(),
                "accessToken");
        asAdmin("/api/v1/agencies", "{\"code\":\"HN\",\"nameVi\":\"HN\",\"nameEn\":\"HN\",\"kind\":\"PROVINCE\",\"parent\":null}");
        asAdmin("/api/v1/agencies", "{\"code\":\"HN-01\",\"nameVi\":\"X\",\"nameEn\":\"X\",\"kind\":\"COMMUNE\",\"parent\":\"HN\"}");
    }

    @Test
    void aKioskMustWaitTheMinimumIntervalBetweenTwoLiveSubmissionsButRetriesAreNeverLimited() {
        String kiosk = kiosk();
        String first = kioskResponse(null);
        assertThat(submit(first, kiosk).statusCode()).isEqualTo(201);

        String before = Rows.submissionState();
        HttpResponse<String> tooSoon = submit(kioskResponse(null), kiosk);
        assertThat(tooSoon.statusCode()).isEqualTo(429);
        assertThat(tooSoon.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(Long.parseLong(tooSoon.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 6L);
        assertThat(Rows.submissionState()).isEqualTo(before);

        assertThat(submit(first, kiosk).statusCode()).as("the replay of an acknowledged response").isEqualTo(200);
    }

    @Test
    void aFlushedOfflineQueueIsStoredWhenItsResponsesWereFinishedAtRealisticIntervals() {
        String kiosk = kiosk();
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.ofHours(7)).minusHours(3).truncatedTo(ChronoUnit.SECONDS);
        List<String> queue = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queue.add(kioskResponse(start.plusMinutes(2L * i)));
        }
        String twoSecondsAfterTheLast = kioskResponse(start.plusMinutes(4).plusSeconds(2));
        queue.add(twoSecondsAfterTheLast);

        HttpResponse<String> batch = http.post("/api/v1/responses:batch", JSON, "{\"responses\":[" + String.join(",", queue) + "]}",
                "Authorization", "Bearer " + kiosk);

        assertThat(batch.statusCode()).isEqualTo(200);
        assertThat(countOf(batch.body(), "\"status\":\"stored\"")).isEqualTo(3);
        assertThat(batch.body()).contains("\"status\":\"rejected\",\"code\":422").contains("\"field\":\"submittedAt\"");
        assertThat(batch.headers().firstValue("Retry-After")).as("waiting would not help the 422").isEmpty();
    }

    @Test
    void aKioskOverItsHourlyRateGets429ForTheRestOfTheBatchAndNothingOfItIsStored() {
        String kiosk = kiosk();
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.ofHours(7)).minusHours(5).truncatedTo(ChronoUnit.SECONDS);
        List<String> queue = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            queue.add(kioskResponse(start.plusMinutes(i)));
        }
        long before = Rows.count("SELECT COUNT(*) FROM response");

        HttpResponse<String> batch = http.post("/api/v1/responses:batch", JSON, "{\"responses\":[" + String.join(",", queue) + "]}",
                "Authorization", "Bearer " + kiosk);

        assertThat(countOf(batch.body(), "\"status\":\"stored\"")).isEqualTo(4);
        assertThat(countOf(batch.body(), "\"code\":429")).isEqualTo(2);
        assertThat(Long.parseLong(batch.headers().firstValue("Retry-After").orElseThrow())).isBetween(3000L, 3601L);
        assertThat(Rows.count("SELECT COUNT(*) FROM response")).isEqualTo(before + 4);
        assertThat(submit(kioskResponse(null), kiosk).statusCode()).isEqualTo(429);
    }

    @Test
    void publicClientsAreLimitedPerBrowserAndPerAddressAndTheHoneypotStoresNothing() {
        String[] phone = http.csrf(PAGE);
        assertThat(sendForm(phone).statusCode()).isEqualTo(303);
        assertThat(sendForm(phone).statusCode()).isEqualTo(303);
        String before = Rows.submissionState();
        HttpResponse<String> third = sendForm(phone);
        assertThat(third.statusCode()).as("a third one from the same browser").isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).isPresent();
        assertThat(third.body()).contains("Gửi quá nhiều lần");
        assertThat(Rows.submissionState()).isEqualTo(before);

        String[] otherPhone = http.csrf(PAGE);
        assertThat(sendForm(otherPhone).statusCode()).as("another phone on the same network").isEqualTo(303);
        assertThat(sendForm(otherPhone).statusCode()).as("the network's fourth").isEqualTo(429);
        HttpResponse<String> api = http.post("/api/v1/responses", JSON, webResponse());
        assertThat(api.statusCode()).as("the API counts the same address").isEqualTo(429);
        assertThat(api.headers().firstValue("Retry-After")).isPresent();

        String id = UUID.randomUUID().toString();
        String[] bot = http.csrf(PAGE);
        HttpResponse<String> trapped = http.post(PAGE + "?lang=vi", FORM, "id=" + id + "&version=1&a.E1.1=5&website=buy-now&_csrf=" + bot[1],
                "Cookie", bot[0]);
        assertThat(trapped.statusCode()).isEqualTo(303);
        assertThat(trapped.headers().firstValue("Location").orElse("")).isEqualTo(PAGE + "/thanks?lang=vi");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + id + "'")).isZero();
    }

    private HttpResponse<String> sendForm(String[] csrf) {
        return http.post(PAGE + "?lang=vi", FORM, "id=" + UUID.randomUUID() + "&version=1&a.E1.1=4&_csrf=" + csrf[1], "Cookie", csrf[0]);
    }

    private HttpResponse<String> submit(String json, String token) {
        return http.post("/api/v1/responses", JSON, json, "Authorization", "Bearer " + token);
    }

    private static String kioskResponse(OffsetDateTime submittedAt) {
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"survey\":\"sipas-2017\",\"agency\":\"HN-01\",\"channel\":\"kiosk\","
                + (submittedAt == null ? "" : "\"submittedAt\":\"" + submittedAt + "\",") + "\"answers\":{\"E1.1\":4}}";
    }

    private static String webResponse() {
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"survey\":\"sipas-2017\",\"agency\":\"HN-01\",\"channel\":\"web\",\"answers\":{\"E1.1\":4}}";
    }

    private String kiosk() {
        return RawHttp.field(asAdmin("/api/v1/kiosks", "{\"agency\":\"HN-01\",\"label\":\"Counter\"}").body(), "token");
    }

    private HttpResponse<String> asAdmin(String path, String json) {
        HttpResponse<String> reply = http.post(path, JSON, json, "Authorization", "Bearer " + admin);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
        return reply;
    }

    private static int countOf(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }
}
