package vn.hailong.web;

import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import vn.hailong.support.Api;
import vn.hailong.support.Browser;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The questionnaire in a real browser on a small phone (360 px): layout, a refused answer and
 * axe-core's accessibility rules on every public page. The paged walk itself, with and without
 * JavaScript at 390 px: {@link PagedQuestionnaireFlow}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhoneQuestionnaireBrowserIT implements DatabaseTest {

    @RegisterExtension
    static final Browser browser = Browser.phone();

    static final String PAGE = "/s/HN-01/sipas-2017";

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    HttpClient http;

    @BeforeAll
    void setUp() {
        http = HttpClient.create(server.getURL());
        Api api = new Api(http, json);
        String admin = api.adminToken();
        api.agency(admin, "HN", null);
        api.agency(admin, "HN-01", "HN");
    }

    @AfterAll
    void closeClient() {
        http.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"vi", "en"})
    void questionnaireFitsA360PixelScreen(String lang) {
        browser.open(url(PAGE + "?lang=" + lang));

        assertLang(lang);
        assertThat(browser.number("return window.innerWidth")).as("the page follows the phone's width (viewport meta)").isEqualTo(360);
        assertThat(browser.number("return document.documentElement.clientWidth")).isEqualTo(360);
        assertNoHorizontalScroll();
        assertThat(browser.driver().findElements(By.cssSelector("input[type=radio][name='a.E1.1']"))).hasSize(6);
        browser.screenshot("questionnaire-360px-" + lang);
    }

    // Tapping answers through the parts, sending, back after the thank-you page and sending again:
    // PagedQuestionnaireFlow (PhonePagedScriptedBrowserIT, PhonePagedNoScriptBrowserIT).

    @Test
    void rejectedAnswerIsMarkedAndTheFormStaysUsable() {
        browser.open(url(PAGE + "?lang=vi"));
        String id = hiddenId();
        String before = Rows.submissionState();
        tapOption("E1.1", "5");
        tapOption("E1.2", "4");
        browser.script("document.querySelector(\"input[name='a.E1.1'][value='5']\").value = '9'");

        next();

        WebElement problems = browser.find(By.id("problems"));
        assertThat(problems.isDisplayed()).isTrue();
        assertThat(browser.find(By.id("q-E1.1")).getDomAttribute("class")).contains("invalid");
        assertThat(browser.find(By.id("q-E1.2")).getDomAttribute("class")).doesNotContain("invalid");
        assertThat(option("E1.2", "4").isSelected()).as("entered answers are kept").isTrue();
        assertThat(hiddenId()).isEqualTo(id);
        assertThat(problems.getText()).contains("Có 1 câu trả lời cần kiểm tra lại");
        assertLang("vi");
        assertNoHorizontalScroll();
        assertThat(Rows.submissionState()).isEqualTo(before);
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + id + "'")).isZero();
        assertThat(browser.axe()).as("axe-core serious/critical violations on the rejected form").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/?lang=vi", "/?lang=en",
            PAGE + "?lang=vi", PAGE + "?lang=en",
            PAGE + "/thanks?lang=vi", PAGE + "/thanks?lang=en",
            "/login?lang=vi", "/login?lang=en",
            "/s/HN-01/sipas-2023?lang=vi", "/s/HN-01/sipas-2023?lang=en",
            "/s/HN-01/one-stop-rating?lang=vi", "/s/HN-01/one-stop-rating?lang=en",
            "/qr/HN-01/sipas-2017?lang=vi", "/qr/HN-01/sipas-2017?lang=en",
            "/privacy?lang=vi", "/privacy?lang=en"})
    void pagePassesAxeAndNamesItsLanguage(String path) {
        browser.open(url(path));

        assertLang(path.substring(path.length() - 2));
        assertNoHorizontalScroll();
        assertThat(browser.axe()).as("axe-core serious/critical violations on %s", path).isEmpty();
    }

    // --- helpers ---

    private String url(String path) {
        return server.getURL().toString() + path;
    }

    @ParameterizedTest
    @ValueSource(strings = {PAGE + "?lang=vi", PAGE + "?lang=en"})
    void textEnlargedTo200PercentStillFitsThePhone(String path) {
        browser.open(url(path));
        browser.script("document.documentElement.style.fontSize = '200%'");

        assertNoHorizontalScroll();
        assertThat(browser.number("return parseFloat(getComputedStyle(document.querySelector('legend')).fontSize)"))
                .as("question text really grew").isGreaterThanOrEqualTo(28);
    }

    private void assertLang(String expected) {
        assertThat(browser.find(By.tagName("html")).getDomAttribute("lang")).as("<html lang> of %s", browser.driver().getCurrentUrl())
                .isEqualTo(expected);
    }

    /**
     * Nothing sticks out sideways. On a phone a too-wide page also makes the browser zoom out, which
     * widens window.innerWidth with it: so the visible width must still be the phone's.
     */
    private void assertNoHorizontalScroll() {
        String page = browser.driver().getCurrentUrl();
        long scrollWidth = browser.number("return document.documentElement.scrollWidth");
        long innerWidth = browser.number("return window.innerWidth");
        assertThat(innerWidth).as("visible width of %s on a %d px screen (zoomed out?)", page, browser.viewport().width())
                .isEqualTo(browser.viewport().width());
        assertThat(scrollWidth).as("page width of %s on a %d px screen", page, innerWidth).isLessThanOrEqualTo(innerWidth);
    }

    private WebElement option(String code, String value) {
        return browser.find(By.cssSelector("input[name='a." + code + "'][value='" + value + "']"));
    }

    /** Taps the visible text of an answer, as a citizen does, not the small box. */
    private void tapOption(String code, String value) {
        browser.find(By.xpath("//input[@name='a." + code + "' and @value='" + value + "']/parent::label/span")).click();
    }

    /** The part's "next" button: the response rules check the part before the next one shows. */
    private void next() {
        browser.find(By.id("next")).click();
    }

    private String hiddenId() {
        return browser.find(By.cssSelector("input[type=hidden][name=id]")).getDomProperty("value");
    }

    private static String answer(String id, String code) {
        return "SELECT COUNT(*) FROM answer WHERE response_id = '" + id + "' AND question_code = '" + code + "'";
    }
}
