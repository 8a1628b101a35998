package vn.hailong.web;

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

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12, item 6: the privacy notice in both languages, linked from the questionnaire, the QR poster and the kiosk. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivacyNoticeIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;

    @BeforeAll
    void data() {
        api = new Api(client, json);
        api.agency(api.adminToken(), "PRV", null);
    }

    @Test
    void theNoticeSaysWhatIsCollectedWhyWhoSeesItHowLongAndThatProfileQuestionsAreOptional() {
        Api.Reply vi = api.get("/privacy?lang=vi", null);
        assertThat(vi.status()).isEqualTo(200);
        assertThat(vi.body()).contains("<html lang=\"vi\">").contains("Nghị định 13/2023/NĐ-CP")
                .contains("Chúng tôi ghi nhận những gì").contains("Để làm gì").contains("Ai được xem").contains("Lưu giữ bao lâu")
                .contains("không bắt buộc").contains("không ghi tên");
        Api.Reply en = api.get("/privacy?lang=en", null);
        assertThat(en.body()).contains("<html lang=\"en\">").contains("Decree 13/2023/NĐ-CP").contains("What we record")
                .contains("Who sees it").contains("How long it is kept").contains("optional");
    }

    @Test
    void theQuestionnaireThePosterAndTheKioskLinkToIt() {
        assertThat(api.get("/s/PRV/sipas-2017?lang=vi", null).body()).contains("href=\"/privacy?lang=vi\"")
                .contains("Thông báo về dữ liệu cá nhân");
        assertThat(api.get("/s/PRV/sipas-2017?lang=en", null).body()).contains("href=\"/privacy?lang=en\"");
        assertThat(api.get("/qr/PRV/sipas-2017?lang=vi", null).body()).containsPattern("<span>https?://[^<]+/privacy</span>");
        // The kiosk builds its start screen from these texts (kiosk.js renders the link).
        assertThat(api.get("/kiosk?lang=vi", null).body()).contains("\"privacy\":\"Thông báo về dữ liệu cá nhân\"")
                .contains("\"privacy\":\"Personal data notice\"");
    }
}
