package vn.hailong.web;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;

import java.awt.image.BufferedImage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Phone by QR" without a configured public address: the code links to the host the request
 * came to. Every image is read back with ZXing's decoder, as a phone would.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QrPosterIT implements DatabaseTest {

    static final String QR = "/qr/HN-01/sipas-2017";

    @Inject
    EmbeddedServer server;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;
    String origin;

    @BeforeAll
    void setUp() {
        api = new Api(client, json);
        String admin = api.adminToken();
        api.agency(admin, "HN", null);
        api.agency(admin, "HN-01", "HN");
        api.agency(admin, "HN.02", "HN");
        origin = "http://" + server.getHost() + ":" + server.getPort();
    }

    @Test
    void pngEncodesTheAbsoluteQuestionnaireUrlOfTheRequestedHost() {
        HttpResponse<byte[]> png = png(HttpRequest.GET(QR + ".png"));

        assertThat(png.getStatus().getCode()).isEqualTo(200);
        assertThat(png.getContentType().orElseThrow().toString()).isEqualTo("image/png");
        // No public address configured: the code depends on the Host, so no shared cache may keep it (issue 11).
        assertThat(png.getHeaders().get("Cache-Control")).contains("private").contains("max-age=86400");
        byte[] body = png.body();
        BufferedImage image = QrImages.image(body);
        assertThat(image.getWidth()).isEqualTo(600);
        assertThat(image.getHeight()).isEqualTo(600);
        assertThat(image.getRGB(0, 0) & 0xFFFFFF).as("quiet zone is white").isEqualTo(0xFFFFFF);
        assertThat(image.getRGB(20, 20) & 0xFFFFFF).as("quiet zone is white").isEqualTo(0xFFFFFF);
        assertThat(QrImages.decode(body)).isEqualTo(origin + "/s/HN-01/sipas-2017");
    }

    @Test
    void pngLinksToTheHostTheCitizenReachedTheServerBy() {
        HttpResponse<byte[]> png = png(HttpRequest.GET(QR + ".png").header("Host", "mot-cua.example.vn"));

        assertThat(png.getStatus().getCode()).isEqualTo(200);
        assertThat(QrImages.decode(png.body())).isEqualTo("http://mot-cua.example.vn/s/HN-01/sipas-2017");
    }

    @Test
    void dossierIsCarriedIntoTheLinkUrlEncoded() {
        HttpResponse<byte[]> plain = png(HttpRequest.GET(QR + ".png?d=H01.23-261120-0042"));
        String awkward = "HS 12/3&x=ý";
        HttpResponse<byte[]> encoded = png(HttpRequest.GET(QR + ".png?d=" + URLEncoder.encode(awkward, StandardCharsets.UTF_8)));

        assertThat(QrImages.decode(plain.body())).isEqualTo(origin + "/s/HN-01/sipas-2017?d=H01.23-261120-0042");
        String link = QrImages.decode(encoded.body());
        assertThat(link).isEqualTo(origin + "/s/HN-01/sipas-2017?d=HS%2012%2F3%26x%3D%C3%BD");

        Api.Reply page = api.get(link.substring(origin.length()), null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).as("the questionnaire reads the dossier back intact")
                .contains("<input type=\"hidden\" name=\"dossier\" value=\"HS 12/3&amp;x=ý\"");
    }

    @Test
    void blankDossierIsLeftOutAndAnOverlongOneIsRefused() {
        assertThat(QrImages.decode(png(HttpRequest.GET(QR + ".png?d=%20")).body())).isEqualTo(origin + "/s/HN-01/sipas-2017");

        Api.Reply tooLong = api.get(QR + ".png?d=" + "X".repeat(65), null);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.text("detail")).contains("64");
    }

    @Test
    void counterLabelDoesNotChangeTheCode() {
        HttpResponse<byte[]> png = png(HttpRequest.GET(QR + ".png?counter=Qu%E1%BA%A7y%203"));

        assertThat(QrImages.decode(png.body())).isEqualTo(origin + "/s/HN-01/sipas-2017");
    }

    @Test
    void posterInVietnameseShowsTheCodeTheAddressAndBothInvitations() {
        Api.Reply poster = api.get(QR, null);

        assertThat(poster.status()).isEqualTo(200);
        assertThat(poster.response().getContentType().orElseThrow().toString()).startsWith("text/html");
        assertThat(poster.body())
                .contains("<html lang=\"vi\"")
                .contains("Cơ quan HN-01")
                .contains("Phiếu khảo sát sự hài lòng")
                .containsPattern("<img class=\"poster-qr\" src=\"/qr/HN-01/sipas-2017\\.png\"")
                .contains("<p class=\"poster-url\">" + origin + "/s/HN-01/sipas-2017</p>")
                .contains("lang=\"vi\">Mời Ông/Bà quét mã QR bằng camera điện thoại để đánh giá sự hài lòng.</p>")
                .contains("lang=\"en\">Please scan the QR code with your phone camera and tell us how satisfied you are.</p>")
                .doesNotContain("poster-counter")
                // The print button's script is a static file: no inline script or handler (CSP).
                .doesNotContainPattern("<script(?![^>]*\\bsrc=)")
                .doesNotContain("onclick");
        assertThat(poster.body().indexOf("Mời Ông/Bà quét")).as("the page's language first")
                .isLessThan(poster.body().indexOf("Please scan"));
        assertThat(poster.body()).as("language switch to English").contains("href=\"/qr/HN-01/sipas-2017?lang=en\"");
    }

    @Test
    void posterInEnglishWithCounterLabelAndDossier() {
        Api.Reply poster = api.get(QR + "?lang=en&counter=Counter%203&d=H01.23-261120-0042", null);

        assertThat(poster.status()).isEqualTo(200);
        assertThat(poster.body())
                .contains("<html lang=\"en\"")
                .contains("Agency HN-01")
                .contains("Rate our service")
                .containsPattern("<img class=\"poster-qr\" src=\"/qr/HN-01/sipas-2017\\.png\\?d=H01\\.23-261120-0042\"")
                .contains("<p class=\"poster-url\">" + origin + "/s/HN-01/sipas-2017?d=H01.23-261120-0042</p>")
                .contains("<p class=\"poster-counter\">Counter 3</p>")
                .doesNotContain("Cơ quan HN-01");
        assertThat(poster.body().indexOf("Please scan")).as("the page's language first")
                .isLessThan(poster.body().indexOf("Mời Ông/Bà quét"));
        assertThat(poster.body()).as("switching language keeps the dossier and the counter")
                .contains("href=\"/qr/HN-01/sipas-2017?d=H01.23-261120-0042&amp;counter=Counter%203&amp;lang=vi\"");
    }

    @Test
    void agencyCodeWithADotWorks() {
        assertThat(QrImages.decode(png(HttpRequest.GET("/qr/HN.02/sipas-2017.png")).body())).isEqualTo(origin + "/s/HN.02/sipas-2017");
        assertThat(api.get("/qr/HN.02/sipas-2017", null).body()).contains("Cơ quan HN.02");
    }

    @Test
    void posterEscapesTheCounterLabel() {
        Api.Reply poster = api.get(QR + "?counter=" + URLEncoder.encode("<b>Quầy 3</b>", StandardCharsets.UTF_8), null);

        assertThat(poster.status()).isEqualTo(200);
        assertThat(poster.body()).contains("&lt;b&gt;Quầy 3&lt;/b&gt;").doesNotContain("<b>Quầy");
    }

    @Test
    void unknownAgencyOrSurveyIsNotFound() {
        for (String path : new String[] {"/qr/NOWHERE/sipas-2017.png", "/qr/HN-01/no-such-survey.png",
                "/qr/NOWHERE/sipas-2017", "/qr/HN-01/no-such-survey"}) {
            Api.Reply reply = api.get(path, null);
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.response().getContentType().orElseThrow().toString()).as(path).startsWith("text/html");
            assertThat(reply.body()).as(path).contains("Không tìm thấy");
        }
    }

    @Test
    void homePageLinksToThePosterOfEachAgencyAndSurvey() {
        Api.Reply home = api.get("/?lang=en", null);

        assertThat(home.body()).contains("href=\"/qr/HN-01/sipas-2017?lang=en\"").contains("href=\"/qr/HN/sipas-2017?lang=en\"")
                .contains(">QR poster</a>");
    }

    private HttpResponse<byte[]> png(HttpRequest<?> request) {
        try {
            return client.toBlocking().exchange(request, byte[].class);
        } catch (HttpClientResponseException e) {
            throw new AssertionError(request.getPath() + " → " + e.getStatus() + " " + e.getResponse().getBody(String.class).orElse(""), e);
        }
    }
}
