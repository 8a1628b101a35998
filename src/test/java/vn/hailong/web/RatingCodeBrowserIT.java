package vn.hailong.web;

import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import vn.hailong.support.Api;
import vn.hailong.support.Browser;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A receipt's QR code (decoded from the PNG) and its rating link on a 390 px phone (issue 13 §3): the one-stop rating with the dossier's
 * procedure shown, tapped and sent; the second visit says "already rated" and stores nothing; an
 * unknown code is a 404 page.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RatingCodeBrowserIT implements DatabaseTest {

    @RegisterExtension
    static final Browser browser = Browser.sized(390, 844, true);

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    HttpClient http;
    String ratingUrl;
    String ratingCode;

    @BeforeAll
    void setUp() {
        http = HttpClient.create(server.getURL());
        Api api = new Api(http, json);
        String admin = api.adminToken();
        api.agency(admin, "BN", null);
        api.agency(admin, "BN-X1", "BN");
        Map<String, Object> dossier = Map.of("code", "H01.23-261120-0042", "agency", "BN-X1",
                "procedure", Map.of("code", "1.004227", "name", "Đăng ký khai sinh"), "counter", "Q3",
                "officer", Map.of("code", "cb-0142", "name", "Nguyễn Văn A"), "channel", "direct",
                "returnedAt", "2026-11-21T10:30:00+07:00");
        Api.Reply reply = api.post("/api/v1/dossiers:batch", Map.of("dossiers", List.of(dossier)), admin);
        JsonNode result = reply.json().get("results").get(0);
        ratingCode = result.get("ratingCode").getStringValue();
        ratingUrl = result.get("ratingUrl").getStringValue();
        assertThat(ratingUrl).startsWith(server.getURL().toString());
    }

    @AfterAll
    void closeClient() {
        http.close();
    }

    @Test
    void theReceiptQrCodeRatesOnceAndTheSecondVisitSaysAlreadyRated() {
        // What the phone's camera reads from the receipt: the QR image decodes to the rating link.
        io.micronaut.http.HttpResponse<byte[]> qr = http.toBlocking().exchange("/qr/r/" + ratingCode + ".png", byte[].class);
        assertThat(qr.getContentType().orElseThrow().toString()).isEqualTo("image/png");
        String scanned = QrImages.decode(qr.body());
        assertThat(scanned).isEqualTo(ratingUrl);
        browser.open(scanned + "?lang=vi");
        assertThat(browser.number("return document.documentElement.scrollWidth")).as("no sideways scrolling").isLessThanOrEqualTo(390);
        assertThat(browser.find(By.id("rating-code")).getText()).isEqualTo(ratingCode);
        assertThat(browser.find(By.id("rating-procedure")).getText()).isEqualTo("Đăng ký khai sinh");
        browser.find(By.cssSelector("input[type=radio][name='a.rating'][value='3']")).findElement(By.xpath("..")).click();
        browser.find(By.cssSelector("form button[type=submit]")).click();
        browser.waitForPath("/r/[^/]+/thanks\\?lang=vi");
        assertThat(browser.find(By.id("rated-title")).getText()).isEqualTo("Cảm ơn Ông/Bà!");
        assertThat(browser.find(By.id("full-survey")).getAttribute("href")).contains("/s/BN-X1/sipas-2017");
        assertThat(Rows.count("SELECT COUNT(*) FROM response r JOIN response_dossier d ON d.response_id = r.id"
                + " WHERE r.survey_code = 'one-stop-rating'")).isEqualTo(1);

        browser.open(ratingUrl + "?lang=vi");
        assertThat(browser.find(By.id("rated-title")).getText()).isEqualTo("Hồ sơ này đã được đánh giá");
        assertThat(browser.driver().findElements(By.cssSelector("input[name='a.rating']"))).isEmpty();
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE survey_code = 'one-stop-rating'")).isEqualTo(1);
    }

    @Test
    void anUnknownCodeIsAClearNotFoundPage() {
        browser.open(server.getURL() + "/r/ZZZZ-ZZZZ-ZZZZ?lang=vi");
        assertThat(browser.find(By.id("unknown-title")).getText()).isEqualTo("Không tìm thấy mã đánh giá");
    }
}
