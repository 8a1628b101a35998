package vn.hailong.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guessing limit of {@code /r/{ratingCode}} and {@code /qr/r/{ratingCode}.png} (issue 13 §3,
 * RatingCodeGuard): unknown and used codes opened from one client address count, page and QR image
 * together; past the limit that address gets 429 with Retry-After, even for a correct code, until the
 * window has passed, while another address is unaffected. The client address is the one a trusted
 * proxy reports (X-Forwarded-For from this test's loopback, as TrustedProxyIT sets it up). Limit 3
 * misses in a 3-second window, so the window can be seen passing.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RatingCodeGuessingIT implements DatabaseTest {

    static final int LIMIT = 3;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;
    String admin;
    /** Returned dossiers' codes, each test uses its own. */
    final List<String> codes = new java.util.ArrayList<>();

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("hailong.proxy.header", "X-Forwarded-For",
                "hailong.proxy.trusted", "127.0.0.1/32, ::1/128",
                "hailong.limits.rating-codes.max-misses-per-address", String.valueOf(LIMIT),
                "hailong.limits.rating-codes.window", "3s");
    }

    @BeforeAll
    void feed() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "GU", null);
        api.agency(admin, "GU-X1", "GU");
        List<Map<String, Object>> dossiers = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            dossiers.add(Map.of("code", "GU-" + i, "agency", "GU-X1", "procedure", Map.of("code", "1.004227", "name", "Đăng ký khai sinh"),
                    "counter", "Q1", "returnedAt", "2026-11-21T10:30:00+07:00"));
        }
        Api.Reply reply = api.post("/api/v1/dossiers:batch", Map.of("dossiers", dossiers), admin);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        reply.json().get("results").values().forEach(r -> codes.add(r.get("ratingCode").getStringValue()));
        assertThat(codes).hasSize(3).doesNotContainNull();
    }

    private Api.Reply from(String address, MutableHttpRequest<?> request) {
        return api.send(request.header("X-Forwarded-For", address));
    }

    private Api.Reply page(String address, String code) {
        return from(address, HttpRequest.GET("/r/" + code + "?lang=en"));
    }

    private Api.Reply qr(String address, String code) {
        return from(address, HttpRequest.GET("/qr/r/" + code + ".png"));
    }

    /** A well-formed code (12 characters of the alphabet) that no dossier has. */
    private static String wrongCode(int i) {
        return "ZZZZ-ZZZZ-ZZ" + "0123456789".charAt(i) + "Z";
    }

    private static void assertTooMany(Api.Reply reply, long windowSeconds) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(429);
        String retryAfter = reply.response().getHeaders().get("Retry-After");
        assertThat(retryAfter).isNotNull();
        assertThat(Long.parseLong(retryAfter)).isBetween(1L, windowSeconds);
    }

    @Test
    void wrongCodesFromOneAddressLockItOutButNotAnotherUntilTheWindowPasses() throws Exception {
        String guesser = "192.0.2.10";
        String neighbour = "198.51.100.20";
        String correct = codes.get(0);
        // page and QR image count together
        for (int i = 0; i < LIMIT - 1; i++) {
            Api.Reply unknown = page(guesser, wrongCode(i));
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.body()).contains("id=\"unknown-title\"").contains("Unknown rating code");
        }
        Api.Reply unknownQr = qr(guesser, wrongCode(LIMIT));
        assertThat(unknownQr.status()).isEqualTo(404);

        // the next request is refused, a correct code included, on the page and the image
        assertTooMany(page(guesser, wrongCode(5)), 3);
        assertTooMany(page(guesser, correct), 3);
        Api.Reply tooMany = qr(guesser, correct);
        assertTooMany(tooMany, 3);

        // another address is not affected
        Api.Reply other = page(neighbour, correct);
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.body()).contains("name=\"a.rating\"");
        Api.Reply otherQr = qr(neighbour, correct);
        assertThat(otherQr.status()).isEqualTo(200);
        assertThat(otherQr.response().getContentType().map(Object::toString)).contains("image/png");

        // the refusals did not lengthen the lock-out: once the window has passed the correct code opens
        long wait = Long.parseLong(tooMany.response().getHeaders().get("Retry-After"));
        Thread.sleep(wait * 1000 + 300);
        Api.Reply after = page(guesser, correct);
        assertThat(after.status()).as(after.body()).isEqualTo(200);
        assertThat(after.body()).contains("name=\"a.rating\"");
        assertThat(qr(guesser, correct).status()).isEqualTo(200);
    }

    @Test
    void aUsedCodeSaysAlreadyRatedStoresNothingAndCountsAsAGuess() {
        String visitor = "203.0.113.30";
        String used = codes.get(1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", UUID.randomUUID().toString());
        body.put("survey", "one-stop-rating");
        body.put("channel", "web");
        body.put("ratingCode", used);
        body.put("answers", Map.of("rating", 3));
        assertThat(api.post("/api/v1/responses", body, null).status()).isEqualTo(201);
        long stored = Rows.count("SELECT COUNT(*) FROM response");

        Api.Reply again = page(visitor, used);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("id=\"rated-title\"").contains("This dossier has been rated already");
        // a second rating posted on the page: "already rated", nothing stored
        Api.Csrf csrf = api.csrf();
        Api.Reply posted = from(visitor, csrf.form("/r/" + used + "?lang=en", "id=" + UUID.randomUUID() + "&a.rating=2"));
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        assertThat(posted.body()).contains("This dossier has been rated already");
        assertThat(Rows.count("SELECT COUNT(*) FROM response")).isEqualTo(stored);

        // the page visit and the post were misses; one more and the address is limited, even for an unused code
        assertThat(qr(visitor, used).status()).as("a known code, used or not, shows its QR image (the receipt is printed once): no guess").isEqualTo(200);
        assertThat(page(visitor, wrongCode(7)).status()).isEqualTo(404);
        assertTooMany(page(visitor, codes.get(2)), 3);
        assertThat(Rows.count("SELECT COUNT(*) FROM response")).isEqualTo(stored);
    }
}
