package vn.hailong.web;

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

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code hailong.public-url} set, codes and posters use it, whatever host the request named. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QrPublicUrlIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;

    @Override
    public Map<String, String> extraProperties() {
        // The trailing slash is what people paste; it must not double up in the link.
        return Map.of("hailong.public-url", "https://hailong.example.gov.vn/");
    }

    @BeforeAll
    void setUp() {
        api = new Api(client, json);
        String admin = api.adminToken();
        api.agency(admin, "HN", null);
        api.agency(admin, "HN-01", "HN");
    }

    @Test
    void pngEncodesTheConfiguredPublicAddress() {
        byte[] png = client.toBlocking().retrieve(HttpRequest.GET("/qr/HN-01/sipas-2017.png").header("Host", "internal-10-0-0-5:8080"),
                byte[].class);

        assertThat(QrImages.decode(png)).isEqualTo("https://hailong.example.gov.vn/s/HN-01/sipas-2017");
        // The same for every request: shared caches may keep it for a day.
        assertThat(client.toBlocking().exchange(HttpRequest.GET("/qr/HN-01/sipas-2017.png"), byte[].class)
                .getHeaders().get("Cache-Control")).isEqualTo("public, max-age=86400");
    }

    @Test
    void dossierVariantUsesThePublicAddressToo() {
        byte[] png = client.toBlocking().retrieve(HttpRequest.GET("/qr/HN-01/sipas-2017.png?d=H01.23-261120-0042"), byte[].class);

        assertThat(QrImages.decode(png)).isEqualTo("https://hailong.example.gov.vn/s/HN-01/sipas-2017?d=H01.23-261120-0042");
    }

    @Test
    void posterPrintsThePublicAddress() {
        Api.Reply poster = api.get("/qr/HN-01/sipas-2017?lang=en", null);

        assertThat(poster.status()).isEqualTo(200);
        assertThat(poster.body()).contains("<html lang=\"en\"")
                .contains("<p class=\"poster-url\">https://hailong.example.gov.vn/s/HN-01/sipas-2017</p>");
    }
}
