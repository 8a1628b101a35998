package vn.hailong.admin;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 item 12: times on the admin pages are local to the agency they belong to, with the zone
 * named (a kiosk's last contact in its agency's zone), and questionnaire versions' stored-at in the
 * deployment's zone, never a bare UTC instant.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShownTimesIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;
    String admin;

    @BeforeAll
    void data() {
        api = new Api(client, json);
        admin = api.adminToken();
        // an agency in another zone than the deployment's, so the page must use the agency's own (UTC+9, not +7)
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", "TZ");
        body.put("nameVi", "Cơ quan TZ");
        body.put("nameEn", "Agency TZ");
        body.put("kind", "PROVINCE");
        body.put("timeZone", "Asia/Tokyo");
        assertThat(api.post("/api/v1/agencies", body, admin).status()).isEqualTo(201);
        api.kiosk(admin, "TZ");
    }

    private String page(String path) {
        return client.toBlocking().retrieve(HttpRequest.GET(path).header("Cookie", "HAILONG_SESSION=" + admin));
    }

    @Test
    void kioskLastContactIsInItsAgencysZoneWithTheZoneNamed() throws Exception {
        try (Connection c = Rows.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE kiosk SET last_seen_at = '2026-03-01 02:30:00' WHERE agency_id = (SELECT id FROM agency WHERE code = 'TZ')");
        }
        String kiosks = page("/admin/kiosks?lang=vi");
        assertThat(kiosks).contains("2026-03-01 11:30:00 (Asia/Tokyo)").doesNotContain("2026-03-01 02:30:00");
    }

    @Test
    void questionnaireStoredAtIsInTheDeploymentZoneWithTheZoneNamed() {
        String stored = Rows.text("SELECT created_at FROM survey_version WHERE code = 'sipas-2017' ORDER BY version LIMIT 1");
        Instant at = java.sql.Timestamp.valueOf(stored.length() > 19 ? stored.substring(0, 19) : stored).toLocalDateTime()
                .toInstant(java.time.ZoneOffset.UTC);
        String local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(at.atZone(ZoneId.of("Asia/Ho_Chi_Minh")));
        assertThat(page("/admin/templates?lang=vi")).contains(local + " (Asia/Ho_Chi_Minh)");
    }
}
