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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Red-team finding 1(a) of issue 11, over real HTTP: with no proxy configured (the default), a
 * client cannot choose its own address with {@code X-Forwarded-For}, {@code Forwarded} or
 * {@code X-Real-IP}. Before the fix Micronaut's default resolver took the address from those headers,
 * so 34 failed logins with a rotating X-Forwarded-For were 34 × 401 and never a 429, and the
 * per-address submission limit let every forged address through.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForwardedAddressIT implements DatabaseTest {

    static final String JSON = "application/json";

    @Inject
    EmbeddedServer server;

    RawHttp http;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of(
                "hailong.limits.login.enabled", "true",
                "hailong.limits.login.max-failures-per-address", "30",
                "hailong.limits.public.enabled", "true",
                "hailong.limits.public.max-per-browser", "1000",
                "hailong.limits.public.max-per-address", "3");
    }

    @BeforeAll
    void setUp() {
        http = new RawHttp(server.getPort());
        String admin = RawHttp.field(http.post("/api/v1/login", JSON,
                "{\"username\":\"" + ADMIN + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}").body(), "accessToken");
        for (String agency : List.of("{\"code\":\"HN\",\"nameVi\":\"HN\",\"nameEn\":\"HN\",\"kind\":\"PROVINCE\",\"parent\":null}",
                "{\"code\":\"HN-01\",\"nameVi\":\"X\",\"nameEn\":\"X\",\"kind\":\"COMMUNE\",\"parent\":\"HN\"}")) {
            assertThat(http.post("/api/v1/agencies", JSON, agency, "Authorization", "Bearer " + admin).statusCode()).isEqualTo(201);
        }
    }

    @Test
    void rotatingForwardedHeadersDoNotEscapeTheAddressLimitOfLogins() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 1; i <= 34; i++) {
            // a different name each time: only the address limit (30) can stop this
            statuses.add(http.post("/api/v1/login", JSON, "{\"username\":\"guess-" + i + "\",\"password\":\"wrong\"}",
                    forgedAddress(i)).statusCode());
        }
        assertThat(statuses.subList(0, 30)).containsOnly(401);
        assertThat(statuses.subList(30, 34)).as("one socket is one client, whatever its headers say").containsOnly(429);
    }

    @Test
    void rotatingForwardedHeadersDoNotEscapeThePerAddressSubmissionLimit() {
        long before = Rows.count("SELECT COUNT(*) FROM response");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            String body = "{\"id\":\"" + UUID.randomUUID() + "\",\"survey\":\"sipas-2017\",\"agency\":\"HN-01\",\"channel\":\"web\","
                    + "\"answers\":{\"E1.1\":4}}";
            statuses.add(http.post("/api/v1/responses", JSON, body, forgedAddress(100 + i)).statusCode());
        }
        assertThat(statuses).containsExactly(201, 201, 201, 429, 429, 429);
        assertThat(Rows.count("SELECT COUNT(*) FROM response")).isEqualTo(before + 3);
    }

    private static String[] forgedAddress(int i) {
        String ip = "203.0." + (i / 250) + "." + (i % 250 + 1);
        return new String[] {"X-Forwarded-For", ip, "Forwarded", "for=" + ip, "X-Real-IP", ip};
    }
}
