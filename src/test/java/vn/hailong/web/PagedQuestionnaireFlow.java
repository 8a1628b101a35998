package vn.hailong.web;

import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import vn.hailong.support.Api;
import vn.hailong.support.Browser;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paged phone questionnaire (issue 12 item 1) in headless Chromium at 390 × 844, walked as a
 * citizen walks it: parts one by one, back with the page's button and with the browser's, the
 * review, sending, the browser's back after the thank-you page and sending again. Run once with
 * the page's JavaScript and once without it (the subclasses); the database says what was stored.
 */
abstract class PagedQuestionnaireFlow implements DatabaseTest {

    static final String PAGE = "/s/HN-01/sipas-2017";

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    HttpClient http;

    abstract Browser browser();

    /** Whether the page's own scripts run in this browser. */
    abstract boolean scripts();

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

    @Test
    void pagesRunTheirScriptsOrNotAsThisBrowserIsSetUp() {
        browser().open(url(PAGE + "?lang=vi"));
        tapOption("E1.1", "4");
        next("Phần 2/7");

        assertThat(browser().find(By.cssSelector("form button[hidden]")).isDisplayed()).as("the form's default (Enter) button is not seen").isFalse();
        assertThat(browser().driver().findElements(By.cssSelector(".form-nav button")).stream().map(WebElement::getText).toList())
                .containsExactly("Tiếp tục", "Quay lại");
        // questionnaire.js moves the focus to the new part's heading; without scripts nothing does.
        assertThat(browser().script("return document.activeElement && document.activeElement.id")).isEqualTo(scripts() ? "page-title" : "");
    }

    @Test
    void citizenWalksThePartsGoesBackChangesAnAnswerReviewsAndSendsOnce() {
        browser().open(url(PAGE + "?lang=vi"));
        assertThat(text("progress")).isEqualTo("Phần 1/7");
        assertThat(text("estimate")).startsWith("Khoảng 3–5 phút");
        String id = hiddenId();
        String before = Rows.submissionState();

        tapOption("E1.1", "5");
        tapOption("E1.2", "4");
        next("Phần 2/7");
        assertThat(browser().find(By.tagName("h1")).getText()).isEqualTo("E2. Thủ tục hành chính");
        tapOption("E2.3", "3");
        next("Phần 3/7");
        tapOption("E3.6", "2");

        // The page's own back button: part 2 with its answer, part 3's answer carried.
        browser().find(By.id("back")).click();
        waitForProgress("Phần 2/7");
        assertThat(option("E2.3", "3").isSelected()).isTrue();
        tapOption("E2.3", "4");
        next("Phần 3/7");
        assertThat(option("E3.6", "2").isSelected()).as("the answer given on part 3 before going back").isTrue();
        next("Phần 4/7");

        // The browser's back button: part 3 as it was shown; its answers are still in the form.
        browser().driver().navigate().back();
        waitForProgress("Phần 3/7");
        assertThat(option("E3.6", "2").isSelected()).isTrue();
        assertThat(hiddenId()).isEqualTo(id);
        next("Phần 4/7");
        next("Phần 5/7");
        tapOption("E5.4", "1");
        next("Phần 6/7");
        tapOption("overall", "4");
        tapOption("improve", "E2");
        tapOption("improve", "E3");
        browser().find(By.id("t-comment")).sendKeys("Cán bộ nhiệt tình, chu đáo");
        next("Phần 7/7");
        tapOption("gender", "female");
        browser().find(By.id("next")).click();
        waitForHeading("Xem lại và gửi");

        String review = browser().find(By.tagName("main")).getText();
        assertThat(review).contains("Rất hài lòng").contains("Cán bộ nhiệt tình, chu đáo").contains("Nữ")
                .contains("Đã trả lời 2/4 câu");
        assertThat(hiddenId()).as("the id fixed on the first page").isEqualTo(id);
        assertThat(Rows.submissionState()).as("nothing stored before sending").isEqualTo(before);

        browser().find(By.id("send")).click();
        browser().waitForPath("/s/HN-01/sipas-2017/thanks\\?lang=vi");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + id + "' AND channel = 'web'")).isEqualTo(1);
        assertThat(Rows.count(answer(id, "E2.3") + " AND value_int = 4")).as("the changed answer").isEqualTo(1);
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + id + "'"))
                .as("E1.1, E1.2, E2.3, E3.6, E5.4, overall, 2 priorities, comment, gender").isEqualTo(10);
        String stored = Rows.submissionState();

        // Reloading the thank-you page, then back to the review and sending again: still one response.
        browser().driver().navigate().refresh();
        browser().waitForLoad();
        assertThat(Rows.submissionState()).isEqualTo(stored);
        browser().driver().navigate().back();
        waitForHeading("Xem lại và gửi");
        assertThat(hiddenId()).isEqualTo(id);
        browser().find(By.id("send")).click();
        browser().waitForPath("/s/HN-01/sipas-2017/thanks\\?lang=vi");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + id + "'")).isEqualTo(1);
        assertThat(Rows.submissionState()).as("the same id sent again is a replay").isEqualTo(stored);
    }

    @Test
    void tooManyChoicesAreRefusedOnTheirPartWithALinkedSummary() {
        browser().open(url(PAGE + "?lang=vi"));
        String before = Rows.submissionState();
        tapOption("E1.1", "4");
        for (int part = 2; part <= 6; part++) {
            next("Phần " + part + "/7");
        }
        tapOption("improve", "E1");
        tapOption("improve", "E2");
        if (scripts()) {
            // The page stops at two (questionnaire.js): the third box cannot be ticked.
            assertThat(option("improve", "E3").isEnabled()).isFalse();
            browser().script("document.querySelector(\"input[name='a.improve'][value='E3']\").disabled = false");
        }
        tapOption("improve", "E3");
        browser().find(By.id("next")).click();
        waitUntilShown("problems");

        assertThat(text("progress")).isEqualTo("Phần 6/7");
        assertThat(text("problems")).contains("Chọn tối đa 2.");
        assertThat(browser().find(By.cssSelector("#problems a")).getDomAttribute("href")).isEqualTo("#q-improve");
        if (scripts()) {
            assertThat(browser().script("return document.activeElement.id")).as("the summary takes focus").isEqualTo("problems");
        }
        if (scripts()) {
            // axe-core runs as an asynchronous script, which a browser with scripts off never finishes; the markup is the same.
            assertThat(browser().axe()).as("axe on the refused part").isEmpty();
        }
        assertThat(Rows.submissionState()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vi", "en"})
    void everyPartAndTheReviewPassAxeFitTheScreenAndWeighUnder50Kilobytes(String lang) {
        browser().open(url(PAGE + "?lang=" + lang));
        List<String> pages = new java.util.ArrayList<>();
        for (int part = 1; part <= 8; part++) {
            String name = part <= 7 ? "part-" + part : "review";
            assertThat(browser().find(By.tagName("html")).getDomAttribute("lang")).isEqualTo(lang);
            assertNoHorizontalScroll();
            if (scripts()) {
                assertThat(browser().axe()).as("axe-core on %s (%s)", name, lang).isEmpty();
            }
            long bytes = pageWeight();
            assertThat(bytes).as("first-load weight of %s (%s), all resources", name, lang).isLessThan(50 * 1024);
            pages.add(name + " " + bytes);
            if (part == 1 || part == 6 || part == 8) {
                browser().screenshot("phone-390px-" + name + "-" + lang + (scripts() ? "" : "-noscript"));
            }
            if (part < 8) {
                tapOption(part == 6 ? "overall" : part == 7 ? "gender" : "E" + part + ".1", part == 7 ? "male" : "4");
                browser().find(By.id("next")).click();
                if (part < 7) {
                    waitForProgress(lang.equals("vi") ? "Phần " + (part + 1) + "/7" : "Part " + (part + 1) + " of 7");
                } else {
                    waitForHeading(lang.equals("vi") ? "Xem lại và gửi" : "Review and send");
                }
            }
        }
        record("pages " + lang + (scripts() ? " (scripts on)" : " (scripts off)") + ": " + String.join(", ", pages));
    }

    @Test
    void theLanguageSwitchKeepsTheAnswersOfThePart() {
        browser().open(url(PAGE + "?lang=vi"));
        tapOption("E1.1", "5");
        next("Phần 2/7");
        tapOption("E2.2", "3");
        browser().find(By.id("switch-lang")).click();
        waitForProgress("Part 2 of 7");

        assertThat(browser().find(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
        assertThat(option("E2.2", "3").isSelected()).isTrue();
        browser().find(By.id("back")).click();
        waitForProgress("Part 1 of 7");
        assertThat(option("E1.1", "5").isSelected()).isTrue();
    }

    // --- helpers ---

    String url(String path) {
        return server.getURL().toString() + path;
    }

    /**
     * Bytes of the page and everything it loaded, as a first visit fetches them: the bodies as
     * sent (Resource Timing's encodedBodySize, which counts a resource taken from the cache too).
     */
    long pageWeight() {
        return browser().number("var n = performance.getEntriesByType('navigation')[0];"
                + "return n.encodedBodySize + performance.getEntriesByType('resource')"
                + ".reduce(function (s, r) { return s + r.encodedBodySize; }, 0);");
    }

    static void record(String line) {
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "phone-page-weights.txt"), line + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void next(String progress) {
        browser().find(By.id("next")).click();
        waitForProgress(progress);
    }

    void waitForProgress(String expected) {
        browser().waitUntil(d -> {
            try {
                List<WebElement> found = d.findElements(By.id("progress"));
                return !found.isEmpty() && found.get(0).getText().equals(expected) && "complete".equals(browser().script("return document.readyState"));
            } catch (StaleElementReferenceException e) {
                return false;
            } catch (org.openqa.selenium.WebDriverException e) {
                // the old page's element, read while the next page replaces it ("Node with given id
                // does not belong to the document"): not there yet
                return false;
            }
        });
    }

    void waitForHeading(String expected) {
        browser().waitUntil(d -> {
            try {
                List<WebElement> found = d.findElements(By.tagName("h1"));
                return !found.isEmpty() && found.get(0).getText().equals(expected) && "complete".equals(browser().script("return document.readyState"));
            } catch (StaleElementReferenceException e) {
                return false;
            } catch (org.openqa.selenium.WebDriverException e) {
                // the old page's element, read while the next page replaces it ("Node with given id
                // does not belong to the document"): not there yet
                return false;
            }
        });
    }

    void waitUntilShown(String id) {
        browser().waitUntil(d -> !d.findElements(By.id(id)).isEmpty());
    }

    String text(String id) {
        return browser().find(By.id(id)).getText();
    }

    void assertNoHorizontalScroll() {
        long scrollWidth = browser().number("return document.documentElement.scrollWidth");
        long innerWidth = browser().number("return window.innerWidth");
        assertThat(innerWidth).isEqualTo(browser().viewport().width());
        assertThat(scrollWidth).isLessThanOrEqualTo(innerWidth);
    }

    WebElement option(String code, String value) {
        return browser().find(By.cssSelector("input[name='a." + code + "'][value='" + value + "']"));
    }

    /** Taps the visible text of an answer, as a citizen does. */
    void tapOption(String code, String value) {
        browser().find(By.xpath("//input[@name='a." + code + "' and @value='" + value + "']/parent::label/span")).click();
    }

    String hiddenId() {
        return browser().find(By.cssSelector("input[type=hidden][name=id]")).getDomProperty("value");
    }

    static String answer(String id, String code) {
        return "SELECT COUNT(*) FROM answer WHERE response_id = '" + id + "' AND question_code = '" + code + "'";
    }
}
