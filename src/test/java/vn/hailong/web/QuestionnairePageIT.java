package vn.hailong.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The citizen's questionnaire page over HTTP, as a browser without JavaScript uses it: redirects
 * are not followed so that the Post/Redirect/Get answer itself is checked.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuestionnairePageIT implements DatabaseTest {

    static final String PAGE = "/s/HN-01/sipas-2017";
    static final Pattern HIDDEN_ID = Pattern.compile("<input type=\"hidden\" name=\"id\" value=\"([0-9a-f-]{36})\"");

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    HttpClient browser;
    Api api;

    @BeforeAll
    void setUp() {
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setFollowRedirects(false);
        browser = HttpClient.create(server.getURL(), configuration);
        api = new Api(browser, json);
        String admin = api.adminToken();
        api.agency(admin, "HN", null);
        api.agency(admin, "HN-01", "HN");
    }

    @AfterAll
    void closeClient() {
        browser.close();
    }

    @Test
    void questionnaireShowsEveryCriterionAndAFreshResponseId() {
        Api.Reply page = api.get(PAGE, null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.response().getContentType().orElseThrow().toString()).startsWith("text/html");
        assertThat(page.body()).contains("<html lang=\"vi\"").contains("Phiếu khảo sát sự hài lòng").contains("Cơ quan HN-01");
        for (String criterion : Api.SIPAS_CRITERIA) {
            assertThat(page.body()).as(criterion).contains("name=\"a." + criterion + "\" value=\"5\"")
                    .contains("id=\"q-" + criterion + "\"");
        }
        assertThat(Pattern.compile("name=\"a\\.E\\d\\.\\d\" value=\"1\"").matcher(page.body()).results().count()).isEqualTo(22);
        assertThat(page.body()).contains("<input type=\"hidden\" name=\"version\" value=\"1\"");
        String id = hiddenId(page.body());
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(hiddenId(api.get(PAGE, null).body())).as("each opening gets its own id").isNotEqualTo(id);
    }

    @Test
    void questionnaireSpeaksEnglishWithLangEn() {
        Api.Reply page = api.get(PAGE + "?lang=en", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<html lang=\"en\"")
                .contains("Survey of citizen satisfaction with the service of public administrative agencies")
                .contains("There are enough seats in the waiting area.")
                .contains("Agency HN-01")
                .contains("Send my answers")
                .doesNotContain("Nơi chờ có đủ ghế ngồi.")
                .doesNotContain("Gửi đánh giá");
        assertThat(page.body()).contains("action=\"/s/HN-01/sipas-2017?lang=en\"");
    }

    @Test
    void unknownAgencyOrSurveyIsNotFound() {
        Api.Reply agency = api.get("/s/NOWHERE/sipas-2017", null);
        Api.Reply survey = api.get("/s/HN-01/no-such-survey", null);

        assertThat(agency.status()).isEqualTo(404);
        assertThat(agency.response().getContentType().orElseThrow().toString()).startsWith("text/html");
        assertThat(agency.body()).contains("Không tìm thấy");
        assertThat(survey.status()).isEqualTo(404);
    }

    @Test
    void postedFormIsStoredOnceAndRedirectsToTheThankYouPage() {
        String id = hiddenId(api.get(PAGE, null).body());
        String form = form(List.of(
                "id", id, "version", "1",
                "a.E1.1", "5", "a.E1.2", "4", "a.E1.3", "",
                "a.improve", "E1", "a.improve", "E3",
                "a.comment", "Cán bộ nhiệt tình & chu đáo"));

        Api.Reply reply = api.send(post(form));

        assertThat(reply.status()).isEqualTo(303);
        assertThat(reply.response().getHeaders().get("Location")).isEqualTo("/s/HN-01/sipas-2017/thanks?lang=vi");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + id + "' AND channel = 'web' AND language = 'vi'"))
                .isEqualTo(1);
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + id + "'")).isEqualTo(5);
        assertThat(Rows.count(answer(id, "E1.1") + " AND value_int = 5")).isEqualTo(1);
        assertThat(Rows.count(answer(id, "E1.2") + " AND value_int = 4")).isEqualTo(1);
        assertThat(Rows.count(answer(id, "E1.3"))).as("blank = no answer").isZero();
        assertThat(Rows.count(answer(id, "improve") + " AND value_text IN ('E1', 'E3')")).isEqualTo(2);
        assertThat(Rows.text("SELECT value_text FROM answer WHERE response_id = '" + id + "' AND question_code = 'comment'"))
                .isEqualTo("Cán bộ nhiệt tình & chu đáo");

        String before = Rows.submissionState();
        Api.Reply refresh = api.send(post(form));

        assertThat(refresh.status()).isEqualTo(303);
        assertThat(refresh.response().getHeaders().get("Location")).isEqualTo("/s/HN-01/sipas-2017/thanks?lang=vi");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + id + "'")).isEqualTo(1);
        assertThat(Rows.submissionState()).isEqualTo(before);
    }

    @Test
    void outOfRangeAnswerReturnsTheFormWithTheErrorMarkedAndTheEnteredValuesKept() {
        String id = hiddenId(api.get(PAGE, null).body());
        String before = Rows.submissionState();
        String form = form(List.of(
                "id", id, "version", "1",
                "a.E1.1", "9", "a.E1.2", "4",
                "a.improve", "E3",
                "a.comment", "Nhanh gọn <b>lắm</b>"));

        Api.Reply reply = api.send(post(form));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.response().getContentType().orElseThrow().toString()).startsWith("text/html");
        String html = reply.body();
        assertThat(html).contains("id=\"problems\"").contains("Có 1 câu trả lời cần kiểm tra lại");
        assertThat(html).containsPattern("<fieldset class=\"question invalid\"\\s+id=\"q-E1\\.1\">");
        assertThat(html).doesNotContainPattern("<fieldset class=\"question invalid\"\\s+id=\"q-E1\\.2\">")
                .containsPattern("<fieldset class=\"question\"\\s+id=\"q-E1\\.2\">");
        assertThat(html).contains("<input type=\"radio\" name=\"a.E1.2\" value=\"4\" checked=\"checked\">");
        assertThat(html).contains("<input type=\"checkbox\" name=\"a.improve\" value=\"E3\" checked=\"checked\">");
        assertThat(html).contains(">Nhanh gọn &lt;b&gt;lắm&lt;/b&gt;</textarea>").doesNotContain("<b>lắm");
        assertThat(hiddenId(html)).as("the same response id, so a corrected post is still one response").isEqualTo(id);
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + id + "'")).isZero();
        assertThat(Rows.submissionState()).isEqualTo(before);

        Api.Reply corrected = api.send(post(form.replace("a.E1.1=9", "a.E1.1=3")));
        assertThat(corrected.status()).isEqualTo(303);
        assertThat(Rows.count(answer(id, "E1.1") + " AND value_int = 3")).isEqualTo(1);
    }

    @Test
    void dossierFromTheLinkIsRatedOnce() {
        Api.Reply first = api.get(PAGE + "?d=H01.23-261120-0042", null);
        assertThat(first.body()).contains("<input type=\"hidden\" name=\"dossier\" value=\"H01.23-261120-0042\"");
        String firstId = hiddenId(first.body());
        assertThat(api.send(post(form(List.of("id", firstId, "version", "1", "dossier", "H01.23-261120-0042", "a.E2.1", "4"))))
                .status()).isEqualTo(303);
        String before = Rows.submissionState();
        String secondId = hiddenId(api.get(PAGE + "?d=H01.23-261120-0042", null).body());

        Api.Reply second = api.send(post(form(List.of("id", secondId, "version", "1", "dossier", "H01.23-261120-0042", "a.E2.1", "1"))));

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.response().getContentType().orElseThrow().toString()).startsWith("text/html");
        assertThat(second.body()).contains("Hồ sơ này đã được đánh giá rồi.");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + secondId + "'")).isZero();
        assertThat(Rows.submissionState()).isEqualTo(before);
    }

    @Test
    void languageSwitchKeepsTheDossierFromTheLink() {
        Api.Reply page = api.get(PAGE + "?d=HS%2012%2F3", null);

        assertThat(page.body()).contains("href=\"/s/HN-01/sipas-2017?d=HS%2012%2F3&amp;lang=en\"");
        Api.Reply english = api.get(PAGE + "?d=HS%2012%2F3&lang=en", null);
        assertThat(english.body()).contains("<input type=\"hidden\" name=\"dossier\" value=\"HS 12/3\"")
                .contains("href=\"/s/HN-01/sipas-2017?d=HS%2012%2F3&amp;lang=vi\"");
    }

    @Test
    void tooManyPrioritiesAreMarkedOnTheForm() {
        String id = hiddenId(api.get(PAGE, null).body());

        Api.Reply reply = api.send(post(form(List.of("id", id, "version", "1",
                "a.improve", "E1", "a.improve", "E2", "a.improve", "E3"))));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body()).containsPattern("<fieldset class=\"question invalid\"\\s+id=\"q-improve\">");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + id + "'")).isZero();
    }

    @Test
    void thankYouPageIsShown() {
        Api.Reply vi = api.get(PAGE + "/thanks", null);
        Api.Reply en = api.get(PAGE + "/thanks?lang=en", null);

        assertThat(vi.status()).isEqualTo(200);
        assertThat(vi.response().getContentType().orElseThrow().toString()).startsWith("text/html");
        assertThat(vi.body()).contains("Cảm ơn Ông/Bà!").contains("Cơ quan HN-01")
                .contains("href=\"/s/HN-01/sipas-2017?lang=vi\"");
        assertThat(en.status()).isEqualTo(200);
        assertThat(en.body()).contains("<html lang=\"en\"").contains("Thank you!").contains("Agency HN-01");
        assertThat(api.get("/s/NOWHERE/sipas-2017/thanks", null).status()).isEqualTo(404);
    }

    // --- helpers ---

    private static MutableHttpRequest<String> post(String form) {
        return HttpRequest.POST(PAGE + "?lang=vi", form).contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
    }

    /** name, value, name, value... as application/x-www-form-urlencoded, repeated names kept. */
    private static String form(List<String> pairs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i += 2) {
            parts.add(URLEncoder.encode(pairs.get(i), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(pairs.get(i + 1), StandardCharsets.UTF_8));
        }
        return String.join("&", parts);
    }

    private static String answer(String id, String code) {
        return "SELECT COUNT(*) FROM answer WHERE response_id = '" + id + "' AND question_code = '" + code + "'";
    }

    private static String hiddenId(String html) {
        Matcher m = HIDDEN_ID.matcher(html);
        assertThat(m.find()).as("hidden id field in the page").isTrue();
        return m.group(1);
    }
}
