package vn.hailong.kiosk;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.chrome.ChromeDriver;
import vn.hailong.support.Api;
import vn.hailong.support.Browser;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A citizen at the counter, on the kiosk page in headless Chromium, against the real server and database. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KioskBrowserIT implements DatabaseTest {

    @RegisterExtension
    static final Browser browser = Browser.kiosk();

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    String token;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("hailong.kiosk.idle-seconds", "6", "hailong.kiosk.thanks-seconds", "2");
    }

    @BeforeAll
    void enrol() {
        Api api = new Api(client, json);
        String admin = api.adminToken();
        api.agency(admin, "KS", null);
        api.agency(admin, "KS-1", "KS");
        token = api.kiosk(admin, "KS-1");
        browser.open(url("/kiosk/setup#token=" + token));
        browser.find(By.id("save")).click();
        browser.waitForPath("/kiosk");
        startScreen();
    }

    @BeforeEach
    void online() {
        ((ChromeDriver) browser.driver()).setNetworkConditions(new ChromiumNetworkConditions());
    }

    private String url(String path) {
        return server.getURL() + path;
    }

    private void startScreen() {
        browser.waitUntil(d -> "start".equals(browser.script("return document.getElementById('kiosk-main').getAttribute('data-screen')"))
                && browser.number("return document.querySelectorAll('#start').length") == 1);
    }

    private String screenName() {
        return (String) browser.script("return document.getElementById('kiosk-main').getAttribute('data-screen')");
    }

    private void choose(String code, String value) {
        browser.find(By.cssSelector("[data-code='" + code + "'] input[value='" + value + "']")).findElement(By.xpath("..")).click();
    }

    private long kioskResponses() {
        return Rows.count("SELECT COUNT(*) FROM response WHERE channel = 'kiosk'");
    }

    private void waitForOutboxEmpty() {
        browser.waitUntil(d -> "0".equals(d.findElement(By.id("outbox-count")).getText()));
    }

    /** Fills the whole sipas-2017 questionnaire; returns what was chosen for each criterion. */
    private Map<String, String> completeFullSurvey() {
        // The start button promises the flow's own number of steps (issue 12: it said 5 for a flow of 7).
        browser.waitUntil(d -> d.findElement(By.id("start-hint")).getText().matches(".*\\d+ (bước|steps)"));
        String promised = browser.find(By.id("start-hint")).getText().replaceAll("\\D+", " ").trim().replaceAll(".* ", "");
        browser.find(By.id("start")).click();
        browser.waitUntil(d -> "question".equals(screenName()));
        assertThat(browser.find(By.id("progress")).getText()).endsWith("/ " + promised);
        Map<String, String> chosen = new LinkedHashMap<>();
        int i = 0;
        while ("question".equals(screenName())) {
            List<String> codes = browser.driver().findElements(By.cssSelector("fieldset.kq[data-code]")).stream()
                    .map(e -> e.getAttribute("data-code")).toList();
            for (String code : codes) {
                if (code.equals("improve")) {
                    choose("improve", "E3");
                } else if (browser.driver().findElements(By.cssSelector("[data-code='" + code + "'] input[value='5']")).size() == 1) {
                    String value = String.valueOf(1 + (i++ % 5));
                    choose(code, value);
                    chosen.put(code, value);
                }
            }
            if (!browser.driver().findElements(By.id("k-comment")).isEmpty()) {
                browser.find(By.id("k-comment")).sendKeys("Rất tốt");
            }
            browser.find(By.id("next")).click();
        }
        assertThat(screenName()).isEqualTo("review");
        browser.find(By.id("submit")).click();
        browser.waitUntil(d -> "thanks".equals(screenName()));
        return chosen;
    }

    @Test
    void citizenCompletesTheFullSurveyAndEveryAnswerIsStored() {
        long before = kioskResponses();
        Map<String, String> chosen = completeFullSurvey();
        waitForOutboxEmpty();

        assertThat(kioskResponses()).isEqualTo(before + 1);
        String id = Rows.text("SELECT id FROM response WHERE channel = 'kiosk' ORDER BY received_at DESC LIMIT 1");
        assertThat(chosen).hasSize(23); // 22 criteria + overall satisfaction
        for (Map.Entry<String, String> answer : chosen.entrySet()) {
            assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + id + "' AND question_code = '"
                    + answer.getKey() + "' AND value_int = " + answer.getValue())).as(answer.getKey()).isEqualTo(1);
        }
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + id + "' AND question_code = 'improve' AND value_text = 'E3'")).isEqualTo(1);
        assertThat(Rows.text("SELECT value_text FROM answer WHERE response_id = '" + id + "' AND question_code = 'comment'")).isEqualTo("Rất tốt");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + id + "' AND kiosk_id IS NOT NULL")).isEqualTo(1);
        // the thank-you screen returns to the start by itself
        startScreen();
    }

    @Test
    void idleTimeClearsAHalfFilledFormAndBackShowsNothing() {
        startScreen();
        browser.find(By.id("start")).click();
        browser.waitUntil(d -> "question".equals(screenName()));
        choose("E1.1", "2");
        choose("E1.2", "4");
        browser.waitUntil(d -> d.findElement(By.id("idle-warning")).isDisplayed());
        assertThat(browser.find(By.id("idle-countdown")).getText()).matches("\\d+");
        startScreen();
        browser.find(By.id("start")).click();
        browser.waitUntil(d -> "question".equals(screenName()));
        assertThat(browser.number("return document.querySelectorAll('input:checked').length")).isZero();

        browser.driver().navigate().back();
        browser.waitForLoad();
        browser.driver().navigate().forward();
        browser.waitForLoad();
        startScreen();
        assertThat(browser.number("return document.querySelectorAll('input:checked').length")).isZero();
    }

    @Test
    void responsesCompletedOfflineAreSentOnceWhenTheServerIsBack() throws Exception {
        startScreen();
        browser.waitUntil(d -> Boolean.TRUE.equals(browser.script("return !!(navigator.serviceWorker && navigator.serviceWorker.controller)"))
                || reloadAndReport());
        long before = kioskResponses();
        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        ((ChromeDriver) browser.driver()).setNetworkConditions(offline);

        for (int i = 0; i < 3; i++) {
            startScreen();
            completeFullSurvey();
        }
        browser.waitUntil(d -> "3".equals(d.findElement(By.id("outbox-count")).getText()));
        assertThat(kioskResponses()).isEqualTo(before);

        browser.driver().navigate().refresh();
        browser.waitForLoad();
        browser.waitUntil(d -> "3".equals(d.findElement(By.id("outbox-count")).getText()));

        ((ChromeDriver) browser.driver()).setNetworkConditions(new ChromiumNetworkConditions());
        browser.script("window.dispatchEvent(new Event('online'))");
        waitForOutboxEmpty();
        assertThat(kioskResponses()).isEqualTo(before + 3);
    }

    private boolean reloadAndReport() {
        browser.driver().navigate().refresh();
        browser.waitForLoad();
        return false;
    }

    @Test
    void kioskPagesHaveNoSeriousAccessibilityProblemsInEitherLanguage() throws Exception {
        for (String lang : List.of("vi", "en")) {
            startScreen();
            browser.find(By.id("lang-" + lang)).click();
            assertThat(browser.script("return document.documentElement.lang")).isEqualTo(lang);
            assertThat(browser.axe()).as("start " + lang).isEmpty();
            browser.find(By.id("start")).click();
            browser.waitUntil(d -> "question".equals(screenName()));
            assertThat(browser.axe()).as("question " + lang).isEmpty();
            if (lang.equals("vi")) {
                saveScreenshot("kiosk-question-vi.png");
            }
            while ("question".equals(screenName())) {
                browser.find(By.id("next")).click();
            }
            assertThat(browser.axe()).as("review " + lang).isEmpty();
            browser.find(By.id("submit")).click();
            browser.waitUntil(d -> "thanks".equals(screenName()));
            assertThat(browser.axe()).as("thanks " + lang).isEmpty();
            if (lang.equals("vi")) {
                saveScreenshot("kiosk-thanks-vi.png");
            }
        }
        browser.find(By.id("lang-vi")).click();
        startScreen();
        saveScreenshot("kiosk-start-vi.png");
    }

    @Test
    void quickRatingAsksForAReasonWhenNotSatisfied() throws Exception {
        startScreen();
        long before = Rows.count("SELECT COUNT(*) FROM response WHERE survey_code = 'one-stop-rating'");
        browser.find(By.id("start-quick")).click();
        browser.waitUntil(d -> "quick".equals(screenName()));
        assertThat(browser.find(By.cssSelector("[data-code='reason']")).isDisplayed()).isFalse();
        choose("rating", "1");
        assertThat(browser.find(By.cssSelector("[data-code='reason']")).isDisplayed()).isTrue();
        assertThat(browser.axe()).as("quick rating vi").isEmpty();
        browser.find(By.id("lang-en")).click();
        assertThat(browser.script("return document.documentElement.lang")).isEqualTo("en");
        assertThat(browser.find(By.cssSelector("[data-code='reason']")).isDisplayed()).isTrue();
        assertThat(browser.axe()).as("quick rating en").isEmpty();
        browser.find(By.id("lang-vi")).click();
        browser.find(By.id("submit")).click();
        assertThat(browser.find(By.id("quick-problem")).getText()).isNotBlank();
        assertThat(screenName()).isEqualTo("quick");

        choose("rating", "1");
        choose("reason", "long-wait");
        browser.find(By.id("quick-dossier")).sendKeys("HS-2026-0001");
        browser.find(By.id("submit")).click();
        browser.waitUntil(d -> "thanks".equals(screenName()));
        waitForOutboxEmpty();

        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE survey_code = 'one-stop-rating'")).isEqualTo(before + 1);
        String id = Rows.text("SELECT id FROM response WHERE survey_code = 'one-stop-rating' ORDER BY received_at DESC LIMIT 1");
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + id + "' AND question_code = 'rating' AND value_int = 1")).isEqualTo(1);
        assertThat(Rows.text("SELECT value_text FROM answer WHERE response_id = '" + id + "' AND question_code = 'reason'")).isEqualTo("long-wait");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + id + "' AND dossier_hash IS NOT NULL")).isEqualTo(1);
        startScreen();
    }

    @Test
    void kioskFirstLoadWeighsUnder100Kilobytes() {
        browser.open(url("/kiosk"));
        startScreen();
        // The start screen may show before the profile fetch has finished (it starts from the cached one).
        browser.waitUntil(d -> browser.number(
                "return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/v1/kiosk/me')).length") > 0);
        // Everything the first screen needs, API data included (profile and both survey definitions).
        long bytes = browser.number("""
                return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                  .reduce((sum, e) => sum + (e.decodedBodySize || 0), 0)""");
        long pageOnly = browser.number("""
                return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                  .filter(e => !e.name.includes('/api/'))
                  .reduce((sum, e) => sum + (e.decodedBodySize || 0), 0)""");
        System.out.println("Kiosk first load, uncompressed: page (HTML + CSS + JS) " + pageOnly + " bytes, with API data " + bytes + " bytes");
        assertThat(pageOnly).isPositive().isLessThan(bytes);
        assertThat(bytes).isLessThan(100_000);
    }

    private void saveScreenshot(String name) throws Exception {
        Path shot = browser.screenshot(name.replace(".png", ""));
        Path target = Path.of("target", "docs-screenshots", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
