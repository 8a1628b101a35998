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
    static final String ONE_STOP = "/s/HN-01/one-stop-rating";
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
    void questionnaireOpensOnItsFirstPartWithProgressAnEstimateAndAFreshResponseId() {
        Api.Reply page = api.get(PAGE, null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.response().getContentType().orElseThrow().toString()).startsWith("text/html");
        assertThat(page.body()).contains("<html lang=\"vi\"").contains("Phiếu khảo sát sự hài lòng").contains("Cơ quan HN-01");
        assertThat(page.body()).contains("<span id=\"progress\">Phần 1/7</span>")
                .contains("<h1 id=\"page-title\" tabindex=\"-1\">E1. Tiếp cận dịch vụ</h1>")
                // 29 closed questions (22 criteria, overall, improve, 5 about you) at 5 to 10 s each: 2.4 to 4.8 minutes
                .contains("Khoảng 3–5 phút: 29 câu hỏi chọn nhanh, chia thành 7 phần")
                .contains("<input type=\"hidden\" name=\"page\" value=\"1\">");
        for (String criterion : List.of("E1.1", "E1.2", "E1.3", "E1.4")) {
            assertThat(page.body()).as(criterion).contains("name=\"a." + criterion + "\" value=\"5\"")
                    .contains("id=\"q-" + criterion + "\"");
        }
        assertThat(page.body()).as("one element a page").doesNotContain("name=\"a.E2.1\"").doesNotContain("name=\"a.overall\"");
        // Every criterion is on one of the pages, each once.
        int seen = 0;
        for (int part = 1; part <= 7; part++) {
            seen += (int) Pattern.compile("name=\"a\\.E\\d\\.\\d\" value=\"1\"").matcher(part(PAGE, part, "vi", List.of()).body()).results().count();
        }
        assertThat(seen).isEqualTo(Api.SIPAS_CRITERIA.size()).isEqualTo(22);
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
                .contains("Part 1 of 7").contains(">Next</button>")
                .contains("About 3–5 minutes: 29 quick questions in 7 parts")
                .doesNotContain("Nơi chờ có đủ ghế ngồi.")
                .doesNotContain("Tiếp tục");
        assertThat(page.body()).contains("action=\"/s/HN-01/sipas-2017?lang=en\"")
                .as("the language switch posts the answers given so far").contains("formaction=\"/s/HN-01/sipas-2017?lang=vi\"");
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
        assertThat(html).as("the page of the marked answer, the other pages' answers carried")
                .contains("<span id=\"progress\">Phần 1/7</span>")
                .contains("<input type=\"hidden\" name=\"a.improve\" value=\"E3\">");
        assertThat(html).contains("<input type=\"hidden\" name=\"a.comment\" value=\"Nhanh gọn &lt;b&gt;lắm&lt;/b&gt;\">").doesNotContain("<b>lắm");
        assertThat(hiddenId(html)).as("the same response id, so a corrected post is still one response").isEqualTo(id);
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + id + "'")).isZero();
        assertThat(Rows.submissionState()).isEqualTo(before);

        Api.Reply corrected = api.send(post(form.replace("a.E1.1=9", "a.E1.1=3")));
        assertThat(corrected.status()).isEqualTo(303);
        assertThat(Rows.count(answer(id, "E1.1") + " AND value_int = 3")).isEqualTo(1);
    }

    @Test
    void anEmptyFormIsRefusedOnTheFormWithTheReasonAndNothingIsStored() {
        String id = hiddenId(api.get(PAGE, null).body());
        String before = Rows.submissionState();

        Api.Reply reply = api.send(post(form(List.of("id", id, "version", "1", "a.E1.1", "", "a.comment", ""))));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.response().getContentType().orElseThrow().toString()).startsWith("text/html");
        assertThat(reply.body()).contains("id=\"problems\"").contains("Ông/Bà chưa đánh giá câu nào")
                .as("shown on the review page, which leads back to every part").contains("Xem lại và gửi")
                .contains("<button type=\"submit\" name=\"go\" value=\"1\" class=\"change\">Sửa phần 1</button>");
        assertThat(hiddenId(reply.body())).isEqualTo(id);
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + id + "'")).isZero();
        assertThat(Rows.submissionState()).isEqualTo(before);
    }

    @Test
    void tooManyChoicesAreNamedInTheSummaryAsALinkToTheQuestion() {
        String id = hiddenId(api.get(PAGE, null).body());
        assertThat(part(PAGE, 6, "vi", List.of()).body()).as("the limit is said beside the question").contains("(chọn tối đa 2)")
                .contains("data-max-choices=\"2\"");

        Api.Reply reply = api.send(post(form(List.of("id", id, "version", "1", "a.E1.1", "4",
                "a.improve", "E1", "a.improve", "E2", "a.improve", "E3"))));

        assertThat(reply.status()).isEqualTo(422);
        String html = reply.body();
        assertThat(html).containsPattern("<a href=\"#q-improve\"><span>[^<]+</span>: <span>Chọn tối đa 2\\.</span></a>");
        assertThat(html).contains("id=\"e-improve\">Chọn tối đa 2.</p>").doesNotContain("Vui lòng kiểm tra lại câu trả lời này");
        assertThat(html).contains("id=\"problems\" tabindex=\"-1\"");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + id + "'")).isZero();

        Api.Reply en = api.send(api.csrf().form(PAGE + "?lang=en", form(List.of("id", id, "version", "1", "a.E1.1", "4",
                "a.improve", "E1", "a.improve", "E2", "a.improve", "E3"))));
        assertThat(en.body()).contains("Choose up to 2.");
    }

    @Test
    void aSatisfiedLevelInTheMiddleOfTheThreeLevelScaleIsShownAsPositive() {
        String html = api.get(ONE_STOP + "?lang=vi", null).body();
        assertThat(html).containsPattern("<label class=\"option tone-high\">\\s*<input type=\"radio\" name=\"a.rating\" value=\"2\"")
                .containsPattern("<label class=\"option tone-low\">\\s*<input type=\"radio\" name=\"a.rating\" value=\"1\"");
        assertThat(api.get(PAGE + "?lang=vi", null).body()).as("the 5-level scale keeps its neutral middle")
                .containsPattern("<label class=\"option tone-mid\">\\s*<input type=\"radio\" name=\"a.E1.1\" value=\"3\"");
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
    void languageSwitchKeepsTheDossierFromTheLinkAndEveryAnswer() {
        Api.Reply page = api.get(PAGE + "?d=HS%2012%2F3", null);
        assertThat(page.body()).contains("<input type=\"hidden\" name=\"dossier\" value=\"HS 12/3\"")
                .containsPattern("<button type=\"submit\" class=\"link\" name=\"go\" value=\"1\" id=\"switch-lang\"\\s+"
                        + "formaction=\"/s/HN-01/sipas-2017\\?lang=en\" lang=\"en\">English</button>");
        String id = hiddenId(page.body());

        // The switch is a button of the form: pressing it on part 3 posts everything and shows part 3 in English.
        Api.Reply english = api.send(api.csrf().form(PAGE + "?lang=en", form(List.of("id", id, "version", "1", "page", "3",
                "dossier", "HS 12/3", "a.E1.1", "4", "a.E3.2", "5", "go", "3"))));

        assertThat(english.status()).isEqualTo(200);
        assertThat(english.body()).contains("<html lang=\"en\"").contains("Part 3 of 7")
                .contains("<input type=\"hidden\" name=\"dossier\" value=\"HS 12/3\"")
                .contains("<input type=\"hidden\" name=\"a.E1.1\" value=\"4\">")
                .contains("<input type=\"radio\" name=\"a.E3.2\" value=\"5\" checked=\"checked\">");
        assertThat(hiddenId(english.body())).isEqualTo(id);
    }

    @Test
    void walkingThePartsForwardAndBackKeepsEveryAnswerAndTheSendIsStoredOnce() {
        String id = hiddenId(api.get(PAGE, null).body());
        String before = Rows.submissionState();

        Api.Reply second = api.send(post(form(List.of("id", id, "version", "1", "page", "1", "a.E1.1", "5", "a.E1.2", "", "go", "2"))));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).contains("Phần 2/7").contains("<input type=\"hidden\" name=\"a.E1.1\" value=\"5\">")
                .doesNotContain("name=\"a.E1.2\"").contains("id=\"back\"");
        assertThat(hiddenId(second.body())).isEqualTo(id);

        // Part 2 answered, then back to part 1: both answers are there, part 1's on its own buttons.
        Api.Reply first = api.send(post(form(List.of("id", id, "version", "1", "page", "2", "a.E1.1", "5", "a.E2.3", "4", "go", "1"))));
        assertThat(first.body()).contains("Phần 1/7").contains("<input type=\"radio\" name=\"a.E1.1\" value=\"5\" checked=\"checked\">")
                .contains("<input type=\"hidden\" name=\"a.E2.3\" value=\"4\">");

        // A reload of a part posts the same again: the same page, nothing stored.
        String reviewForm = form(List.of("id", id, "version", "1", "page", "7", "a.E1.1", "5", "a.E2.3", "4",
                "a.improve", "E2", "a.improve", "E3", "a.comment", "Rất tốt", "a.gender", "female", "go", "8"));
        for (int i = 0; i < 2; i++) {
            Api.Reply review = api.send(post(reviewForm));
            assertThat(review.status()).isEqualTo(200);
            assertThat(review.body()).contains("<h1 id=\"page-title\" tabindex=\"-1\">Xem lại và gửi</h1>")
                    .contains("<dd>Rất hài lòng</dd>").contains("<dd>Rất tốt</dd>").contains("<dd>Nữ</dd>")
                    .contains("<dd>Thủ tục, giấy tờ, phí và thời gian giải quyết, Thái độ và cách làm việc của công chức</dd>")
                    .contains("Đã trả lời 1/4 câu").contains("id=\"send\"");
            assertThat(Rows.submissionState()).as("moving between parts stores nothing").isEqualTo(before);
        }

        String sendForm = form(List.of("id", id, "version", "1", "page", "8", "a.E1.1", "5", "a.E2.3", "4",
                "a.improve", "E2", "a.improve", "E3", "a.comment", "Rất tốt", "a.gender", "female", "go", "send"));
        Api.Reply sent = api.send(post(sendForm));
        assertThat(sent.status()).isEqualTo(303);
        assertThat(sent.response().getHeaders().get("Location")).isEqualTo("/s/HN-01/sipas-2017/thanks?lang=vi");
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + id + "'")).isEqualTo(6);
        String stored = Rows.submissionState();

        Api.Reply again = api.send(post(sendForm));
        assertThat(again.status()).as("the same id again is a replay").isEqualTo(303);
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + id + "'")).isEqualTo(1);
        assertThat(Rows.submissionState()).isEqualTo(stored);
    }

    @Test
    void nextChecksThePartWithTheResponseRulesAndStaysOnItWithTheReason() {
        String id = hiddenId(api.get(PAGE, null).body());
        String before = Rows.submissionState();

        Api.Reply refused = api.send(post(form(List.of("id", id, "version", "1", "page", "6", "a.E1.1", "4",
                "a.improve", "E1", "a.improve", "E2", "a.improve", "E3", "go", "7"))));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("Phần 6/7").contains("id=\"problems\" tabindex=\"-1\"")
                .containsPattern("<a href=\"#q-improve\"><span>[^<]+</span>: <span>Chọn tối đa 2\\.</span></a>")
                .contains("<input type=\"checkbox\" name=\"a.improve\" value=\"E3\" checked=\"checked\">")
                .contains("<input type=\"hidden\" name=\"a.E1.1\" value=\"4\">");
        assertThat(Rows.submissionState()).isEqualTo(before);

        // Back is never blocked, and an empty part is no problem before the end.
        assertThat(api.send(post(form(List.of("id", id, "version", "1", "page", "6", "a.improve", "E1", "a.improve", "E2",
                "a.improve", "E3", "go", "5")))).status()).isEqualTo(200);
        assertThat(api.send(post(form(List.of("id", id, "version", "1", "page", "2", "go", "3")))).status()).isEqualTo(200);
    }

    @Test
    void tooManyPrioritiesAreMarkedOnTheForm() {
        String id = hiddenId(api.get(PAGE, null).body());

        Api.Reply reply = api.send(post(form(List.of("id", id, "version", "1",
                "a.improve", "E1", "a.improve", "E2", "a.improve", "E3"))));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body()).containsPattern("<fieldset class=\"question invalid\"\\s+id=\"q-improve\"[^>]*>");
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

    @Test
    void sipas2023ShowsOpinionsFirstThenTheElementsThenExpectationsEachWithAHeading() {
        Api.Reply page = api.get("/s/HN-01/sipas-2023", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<h1 id=\"page-title\" tabindex=\"-1\">Nhận định của Ông/Bà</h1>").contains("Phần 1/8");
        // The parts in order, one after the other, as one text to check the order in.
        StringBuilder all = new StringBuilder();
        for (int part = 1; part <= 8; part++) {
            all.append(part("/s/HN-01/sipas-2023", part, "vi", List.of()).body());
        }
        String html = all.toString();
        assertThat(html).contains("Nhận định của Ông/Bà").contains("Nhu cầu, mong đợi của Ông/Bà");
        int opinions = html.indexOf("id=\"section-opinions\"");
        int access = html.indexOf("id=\"section-E1\"");
        int feedback = html.indexOf("id=\"section-E5\"");
        int general = html.indexOf("id=\"section-general\"");
        int expectations = html.indexOf("id=\"section-expectations\"");
        assertThat(opinions).as("opinions section").isPositive();
        assertThat(List.of(opinions, access, feedback, general, expectations)).as("section order").isSorted();
        assertThat(html).doesNotContain("id=\"section-profile\"");
        for (String criterion : List.of("E1.1", "E1.5", "E2.5", "E3.6", "E4.3", "E5.4", "overall")) {
            assertThat(html).as(criterion).contains("name=\"a." + criterion + "\" value=\"5\"");
        }
        assertThat(Pattern.compile("name=\"a\\.E\\d\\.\\d\" value=\"1\"").matcher(html).results().count()).isEqualTo(23);
        for (String option : List.of("none", "some", "many")) {
            assertThat(html).contains("<input type=\"radio\" name=\"a.harassment\" value=\"" + option + "\"");
        }
        assertThat(html).contains("<input type=\"radio\" name=\"a.informalPayment\" value=\"undisclosed\"")
                .contains("<input type=\"radio\" name=\"a.submission\" value=\"online\"")
                .contains("<input type=\"checkbox\" name=\"a.expectations\" value=\"simpler-procedures\"")
                .contains("name=\"a.comment\"");
        // the opinions come before the first criterion, the expectations after the last
        assertThat(html.indexOf("id=\"q-harassment\"")).isBetween(opinions, access);
        assertThat(html.indexOf("id=\"q-expectations\"")).isGreaterThan(expectations);

        Api.Reply english = api.get("/s/HN-01/sipas-2023?lang=en", null);
        assertThat(english.body()).contains("What you noticed").contains("Part 1 of 8");
        assertThat(part("/s/HN-01/sipas-2023", 2, "en", List.of()).body()).contains("Signs and directions at the office are clear and easy to follow.");
        assertThat(part("/s/HN-01/sipas-2023", 8, "en", List.of()).body()).contains("Your needs and expectations");
    }

    @Test
    void sipas2017KeepsItsSectionsWithoutTheNewHeadings() {
        StringBuilder all = new StringBuilder();
        for (int part = 1; part <= 7; part++) {
            all.append(part(PAGE, part, "vi", List.of()).body());
        }
        String html = all.toString();

        assertThat(html).doesNotContain("id=\"section-opinions\"").doesNotContain("id=\"section-expectations\"")
                .doesNotContain("Nhận định của Ông/Bà");
        assertThat(List.of(html.indexOf("id=\"section-E5\""), html.indexOf("id=\"section-general\""),
                html.indexOf("id=\"section-profile\""))).isSorted().doesNotContain(-1);
    }

    @Test
    void oneStopRatingShowsThreeLevelsWithoutNoAnswerAndAsksForTheReasonOnlyWhenNeeded() {
        Api.Reply page = api.get(ONE_STOP, null);

        assertThat(page.status()).isEqualTo(200);
        String html = page.body();
        assertThat(html).contains("Đánh giá việc giải quyết hồ sơ tại Bộ phận Một cửa").contains("R. Đánh giá giải quyết hồ sơ");
        for (String value : List.of("1", "2", "3")) {
            assertThat(html).contains("<input type=\"radio\" name=\"a.rating\" value=\"" + value + "\"");
        }
        assertThat(html).as("no 'no answer' choice for the rating").doesNotContain("name=\"a.rating\" value=\"\"")
                .doesNotContain("name=\"a.rating\" value=\"4\"");
        assertThat(html).contains("<input type=\"radio\" name=\"a.reason\" value=\"long-wait\"")
                .contains("maxlength=\"500\"");

        String id = hiddenId(html);
        String before = Rows.submissionState();
        Api.Reply refused = api.send(postTo(ONE_STOP, form(List.of("id", id, "version", "1", "a.rating", "1",
                "a.reasonText", "Phải chờ lâu"))));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).containsPattern("<fieldset class=\"question invalid\"\\s+id=\"q-reason\">")
                .containsPattern("<fieldset class=\"question\"\\s+id=\"q-rating\">")
                .contains("<input type=\"radio\" name=\"a.rating\" value=\"1\" checked=\"checked\">")
                .contains(">Phải chờ lâu</textarea>");
        assertThat(hiddenId(refused.body())).isEqualTo(id);
        assertThat(Rows.submissionState()).isEqualTo(before);

        Api.Reply noRating = api.send(postTo(ONE_STOP, form(List.of("id", id, "version", "1", "a.reason", "other"))));
        assertThat(noRating.status()).isEqualTo(422);
        assertThat(noRating.body()).containsPattern("<fieldset class=\"question invalid\"\\s+id=\"q-rating\">");
        assertThat(Rows.submissionState()).isEqualTo(before);

        Api.Reply stored = api.send(postTo(ONE_STOP, form(List.of("id", id, "version", "1", "a.rating", "1",
                "a.reason", "long-wait", "a.reasonText", "Phải chờ lâu"))));
        assertThat(stored.status()).isEqualTo(303);
        assertThat(stored.response().getHeaders().get("Location")).isEqualTo(ONE_STOP + "/thanks?lang=vi");
        assertThat(Rows.count(answer(id, "rating") + " AND value_int = 1")).isEqualTo(1);
        assertThat(Rows.count(answer(id, "reason") + " AND value_text = 'long-wait'")).isEqualTo(1);

        Api.Reply english = api.get(ONE_STOP + "?lang=en", null);
        assertThat(english.body()).contains("Not satisfied").contains("Very satisfied").contains("Why are you not satisfied?");
    }

    // --- helpers ---

    /** Part {@code n} of a questionnaire, reached as its buttons do (from no page: nothing to check on the way). */
    private Api.Reply part(String page, int n, String lang, List<String> answers) {
        List<String> fields = new ArrayList<>(List.of("id", UUID.randomUUID().toString(), "version", "1", "go", Integer.toString(n)));
        fields.addAll(answers);
        Api.Reply reply = api.send(api.csrf().form(page + "?lang=" + lang, form(fields)));
        assertThat(reply.status()).as("part %d of %s", n, page).isEqualTo(200);
        return reply;
    }

    private MutableHttpRequest<String> postTo(String page, String form) {
        return api.csrf().form(page + "?lang=vi", form);
    }

    private MutableHttpRequest<String> post(String form) {
        return postTo(PAGE, form);
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
