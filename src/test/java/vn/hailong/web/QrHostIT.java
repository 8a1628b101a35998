package vn.hailong.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Red-team finding 5 of issue 11: without {@code hailong.public-url}, QR codes and posters use the
 * request's own Host only when it is a plausible host[:port], with http or https, and never the
 * forwarded headers a client can send; the image is not left to shared caches.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QrHostIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @BeforeAll
    void setUp() {
        Api api = new Api(client, json);
        String admin = api.adminToken();
        api.agency(admin, "QH", null);
    }

    @Test
    void forwardedHeadersFromTheClientAreIgnored() {
        MutableHttpRequest<?> png = poisoned(HttpRequest.GET("/qr/QH/sipas-2017.png"));
        HttpResponse<byte[]> image = client.toBlocking().exchange(png, byte[].class);
        assertThat(QrImages.decode(image.body())).isEqualTo("http://survey.example.vn:8080/s/QH/sipas-2017");
        String poster = client.toBlocking().retrieve(poisoned(HttpRequest.GET("/qr/QH/sipas-2017?lang=en")), String.class);
        assertThat(poster).contains("<p class=\"poster-url\">http://survey.example.vn:8080/s/QH/sipas-2017</p>")
                .doesNotContain("evil").doesNotContain("javascript:");
    }

    @Test
    void theImageIsNotForSharedCachesWhenTheAddressComesFromTheRequest() {
        HttpResponse<byte[]> image = client.toBlocking().exchange(HttpRequest.GET("/qr/QH/sipas-2017.png")
                .header("Host", "survey.example.vn"), byte[].class);
        assertThat(image.getHeaders().get("Cache-Control")).doesNotContain("public").contains("private");
        assertThat(image.getHeaders().getAll("Vary")).anyMatch(v -> v.contains("Host"));
    }

    @Test
    void anImplausibleHostGivesNoCode() {
        for (String host : List.of("evil.example/x?", "a b", "javascript:alert(1)", "x..y", "-bad.example", "h:99999", "@evil.example")) {
            int status;
            String body;
            try {
                HttpResponse<String> reply = client.toBlocking().exchange(HttpRequest.GET("/qr/QH/sipas-2017?lang=en").header("Host", host), String.class);
                status = reply.code();
                body = reply.body();
            } catch (HttpClientResponseException e) {
                status = e.getStatus().getCode();
                body = e.getResponse().getBody(String.class).orElse("");
            }
            assertThat(status).as(host).isEqualTo(400);
            assertThat(body).as(host).contains("HAILONG_PUBLIC_URL");
        }
    }

    private static MutableHttpRequest<?> poisoned(MutableHttpRequest<?> request) {
        return request.header("Host", "survey.example.vn:8080")
                .header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Proto", "javascript")
                .header("X-Forwarded-Port", "666")
                .header("Forwarded", "for=1.2.3.4;host=evil.example;proto=javascript");
    }
}
