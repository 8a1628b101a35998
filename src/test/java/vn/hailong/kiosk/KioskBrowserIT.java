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
        return Map.of("hailong.kiosk.idle-seconds", "8", "hailong.kiosk.thanks-seconds", "4");
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
                stillHere();
                browser.find(By.id("next")).click();
            }
            assertThat(browser.axe()).as("review " + lang).isEmpty();
            stillHere();
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
        stillHere();
        browser.find(By.id("lang-en")).click();
        assertThat(browser.script("return document.documentElement.lang")).isEqualTo("en");
        assertThat(browser.find(By.cssSelector("[data-code='reason']")).isDisplayed()).isTrue();
        assertThat(browser.axe()).as("quick rating en").isEmpty();
        stillHere();
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

    // ---------- issue 12 item 4: a language switch reaches every text on every screen ----------

    /** Letters only Vietnamese uses; none may be on a screen shown in English (names typed by staff aside). */
    private static final java.util.regex.Pattern VIETNAMESE = java.util.regex.Pattern.compile(
            "[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]",
            java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE);

    /** Everything a citizen can read now: window title, place, screen, idle overlay if shown, footer (not the language buttons, which name both). */
    private String shownText() {
        // "Hài lòng" in the window title is the product's name, the same in both languages.
        return ((String) browser.script("""
                var overlay = document.getElementById('idle-warning');
                return [document.title, document.getElementById('agency-name').innerText,
                  document.getElementById('kiosk-main').innerText, overlay.hidden ? '' : overlay.innerText,
                  document.querySelector('.kfoot').innerText].join('\\n');""")).replace("Hài lòng —", "");
    }

    /** The English texts the kiosk could show: its messages and both questionnaires' wording. */
    private List<String> englishTexts() {
        List<String> english = new java.util.ArrayList<>();
        Map<?, ?> texts = (Map<?, ?>) browser.script("return JSON.parse(document.getElementById('kiosk-texts').textContent)");
        Map<?, ?> en = (Map<?, ?>) texts.get("en");
        Map<?, ?> vi = (Map<?, ?>) texts.get("vi");
        en.forEach((key, value) -> {
            if (!value.equals(vi.get(key))) {
                english.add(((String) value).replaceAll("\\{\\d}.*", "").trim());
            }
        });
        Api api = new Api(client, json);
        for (String survey : List.of("sipas-2017", "one-stop-rating")) {
            collectEnglish(api.get("/api/v1/surveys/" + survey, null).json(), english);
        }
        english.removeIf(text -> text.length() < 4);
        return english;
    }

    private String jsonText(io.micronaut.json.tree.JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void collectEnglish(io.micronaut.json.tree.JsonNode node, List<String> english) {
        if (node.isObject()) {
            if (node.get("en") != null && node.get("vi") != null && node.get("en").isString()) {
                english.add(node.get("en").getStringValue());
                return;
            }
            node.entries().forEach(e -> collectEnglish(e.getValue(), english));
        } else if (node.isArray()) {
            node.values().forEach(v -> collectEnglish(v, english));
        }
    }

    private void assertShownIn(String lang, String where) {
        assertThat(browser.script("return document.documentElement.lang")).as(where).isEqualTo(lang);
        String shown = shownText();
        if (lang.equals("en")) {
            java.util.regex.Matcher vietnamese = VIETNAMESE.matcher(shown);
            assertThat(vietnamese.find()).as(where + " in English shows Vietnamese text:\n" + shown).isFalse();
        } else {
            for (String english : englishTexts()) {
                assertThat(shown).as(where + " in Vietnamese").doesNotContain(english);
            }
            assertThat(VIETNAMESE.matcher(shown).find()).as(where + " in Vietnamese: " + shown).isTrue();
        }
    }

    private String heading() {
        return browser.find(By.id("screen-title")).getText();
    }

    private void switchTo(String lang) {
        browser.find(By.id("lang-" + lang)).click();
        browser.waitUntil(d -> lang.equals(browser.script("return document.documentElement.lang")));
    }

    @Test
    void aLanguageSwitchMidSurveyChangesEveryTextOnEveryScreen() {
        Api api = new Api(client, json);
        io.micronaut.json.tree.JsonNode sipas = api.get("/api/v1/surveys/sipas-2017", null).json();
        String e1vi = "E1. " + sipas.get("elements").get(0).get("title").get("vi").getStringValue();
        String e1en = "E1. " + sipas.get("elements").get(0).get("title").get("en").getStringValue();
        startScreen();
        switchTo("vi");
        assertShownIn("vi", "start");
        switchTo("en");
        assertShownIn("en", "start");

        browser.find(By.id("start")).click();
        browser.waitUntil(d -> "question".equals(screenName()));
        assertThat(heading()).isEqualTo(e1en);
        assertShownIn("en", "question");
        choose("E1.1", "4");
        switchTo("vi");
        assertThat(heading()).isEqualTo(e1vi);
        assertThat(browser.find(By.id("progress")).getText()).startsWith("Bước 1 /");
        assertShownIn("vi", "question");
        assertThat(browser.find(By.cssSelector("[data-code='E1.1'] input[value='4']")).isSelected()).as("answer kept").isTrue();
        switchTo("en");
        assertThat(browser.find(By.id("progress")).getText()).startsWith("Step 1 /");
        assertShownIn("en", "question");

        while ("question".equals(screenName())) {
            browser.find(By.id("next")).click();
        }
        assertShownIn("en", "review");
        assertThat(browser.find(By.cssSelector(".kreview li span")).getText()).isEqualTo(e1en);
        switchTo("vi");
        assertShownIn("vi", "review");
        assertThat(browser.find(By.cssSelector(".kreview li span")).getText()).isEqualTo(e1vi);
        assertThat(browser.find(By.cssSelector(".kreview li strong")).getText()).isEqualTo("1 / " + sipas.get("elements").get(0).get("criteria").size());

        switchTo("en");
        browser.waitUntil(d -> d.findElement(By.id("idle-warning")).isDisplayed());
        assertShownIn("en", "idle overlay");
        assertThat(browser.find(By.id("idle-warning")).getText()).contains("seconds");
        browser.find(By.id("idle-continue")).click();

        browser.find(By.id("submit")).click();
        browser.waitUntil(d -> "thanks".equals(screenName()));
        assertShownIn("en", "thank-you");
        switchTo("vi");
        assertThat(heading()).isEqualTo("Cảm ơn Ông/Bà!");
        assertShownIn("vi", "thank-you");
        startScreen();

        browser.find(By.id("start-quick")).click();
        browser.waitUntil(d -> "quick".equals(screenName()));
        browser.find(By.id("submit")).click();
        String problemVi = browser.find(By.id("quick-problem")).getText();
        assertThat(problemVi).startsWith("Vui lòng");
        assertShownIn("vi", "quick rating with its problem");
        switchTo("en");
        assertThat(browser.find(By.id("quick-problem")).getText()).isNotBlank().isNotEqualTo(problemVi);
        assertShownIn("en", "quick rating with its problem");
        browser.find(By.id("back")).click();
        switchTo("vi");
        startScreen();
    }

    // ---------- issue 12 item 5: a started one-stop rating survives the idle reset ----------

    private long oneStopResponses() {
        return Rows.count("SELECT COUNT(*) FROM response WHERE survey_code = 'one-stop-rating'");
    }

    private String lastOneStopId() {
        return Rows.text("SELECT id FROM response WHERE survey_code = 'one-stop-rating' ORDER BY received_at DESC LIMIT 1");
    }

    @Test
    void aRatingTappedAndLeftIsSentAtTheIdleResetWithItsReasonNotGivenEvenOffline() {
        startScreen();
        long before = oneStopResponses();
        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        ((ChromeDriver) browser.driver()).setNetworkConditions(offline);
        browser.script("window.dispatchEvent(new Event('offline'))");

        browser.find(By.id("start-quick")).click();
        browser.waitUntil(d -> "quick".equals(screenName()));
        choose("rating", "1");
        // the citizen walks away: the overlay counts down, then the kiosk resets by itself
        browser.waitUntil(d -> d.findElement(By.id("idle-warning")).isDisplayed());
        assertThat(browser.find(By.id("idle-warning")).getText()).matches("(?s).*\\d+ giây.*");
        startScreen();
        browser.waitUntil(d -> "1".equals(d.findElement(By.id("outbox-count")).getText()));
        assertThat(oneStopResponses()).as("offline: waiting in the outbox").isEqualTo(before);

        ((ChromeDriver) browser.driver()).setNetworkConditions(new ChromiumNetworkConditions());
        browser.script("window.dispatchEvent(new Event('online'))");
        waitForOutboxEmpty();
        assertThat(oneStopResponses()).isEqualTo(before + 1);
        String id = lastOneStopId();
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + id + "' AND question_code = 'rating' AND value_int = 1")).isEqualTo(1);
        assertThat(Rows.text("SELECT value_text FROM answer WHERE response_id = '" + id + "' AND question_code = 'reason'")).isEqualTo("not-given");
        assertThat(Rows.count("SELECT COUNT(*) FROM response r JOIN survey_version v ON v.id = r.survey_version_id WHERE r.id = '" + id + "' AND v.version = 2")).isEqualTo(1);

        // A satisfied rating left behind is sent too, with no reason (none is asked for it).
        browser.find(By.id("start-quick")).click();
        browser.waitUntil(d -> "quick".equals(screenName()));
        choose("rating", "3");
        browser.waitUntil(d -> d.findElement(By.id("idle-warning")).isDisplayed());
        startScreen();
        waitForOutboxEmpty();
        browser.waitUntil(d -> oneStopResponses() == before + 2);
        String satisfied = lastOneStopId();
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + satisfied + "' AND question_code = 'rating' AND value_int = 3")).isEqualTo(1);
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + satisfied + "' AND question_code = 'reason'")).isZero();

        // Nothing tapped: nothing sent.
        browser.find(By.id("start-quick")).click();
        browser.waitUntil(d -> "quick".equals(screenName()));
        browser.waitUntil(d -> d.findElement(By.id("idle-warning")).isDisplayed());
        startScreen();
        assertThat(browser.find(By.id("outbox-count")).getText()).isEqualTo("0");
        assertThat(oneStopResponses()).isEqualTo(before + 2);

        // The report names the reason by its label.
        Api api = new Api(client, json);
        io.micronaut.json.tree.JsonNode report = api.get("/api/v1/reports/satisfaction?agency=KS-1&survey=one-stop-rating", api.adminToken()).json();
        List<String> reasons = new java.util.ArrayList<>();
        report.get("choices").values().forEach(c -> c.get("options").values().forEach(o -> {
            if (o.get("code").getStringValue().equals("not-given") && o.get("count").getLongValue() >= 1) {
                reasons.add(jsonText(o));
            }
        }));
        assertThat(reasons).singleElement().asString().contains("Không nêu lý do");
    }

    @Test
    void onAPhoneSizedScreenTheThreeLevelsKeepTheirOrderAndSatisfiedIsAPositiveFace() throws Exception {
        browser.viewport(new Browser.Viewport(390, 844, true));
        try {
            startScreen();
            browser.find(By.id("start-quick")).click();
            browser.waitUntil(d -> "quick".equals(screenName()));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> levels = (List<Map<String, Object>>) browser.script("""
                    return Array.from(document.querySelectorAll("[data-code='rating'] label.kopt")).map(function (l) {
                      var r = l.getBoundingClientRect(), mouth = l.querySelector('svg.face path').getAttribute('d').split(' ');
                      return {value: l.querySelector('input').value, top: Math.round(r.top), left: r.left, right: r.right,
                        tone: l.className, colour: getComputedStyle(l.querySelector('.word')).color,
                        smile: parseFloat(mouth[3]) - parseFloat(mouth[1])};
                    });""");
            assertThat(levels).extracting(l -> l.get("value")).containsExactly("1", "2", "3");
            // one row, lowest on the left, none cut off by the screen edge
            assertThat(levels).extracting(l -> ((Number) l.get("top")).longValue()).containsOnly(((Number) levels.get(0).get("top")).longValue());
            assertThat(((Number) levels.get(0).get("left")).doubleValue()).isLessThan(((Number) levels.get(1).get("left")).doubleValue());
            assertThat(((Number) levels.get(1).get("left")).doubleValue()).isLessThan(((Number) levels.get(2).get("left")).doubleValue());
            assertThat(((Number) levels.get(2).get("right")).doubleValue()).isLessThanOrEqualTo(390);
            // "Hài lòng" counts as satisfied: a smiling face in the positive colour, like "Rất hài lòng"
            assertThat((String) levels.get(1).get("tone")).contains("tone-high");
            assertThat(levels.get(1).get("colour")).isEqualTo(levels.get(2).get("colour")).isNotEqualTo(levels.get(0).get("colour"));
            assertThat(((Number) levels.get(1).get("smile")).doubleValue()).as("mouth curves up").isPositive();
            assertThat(((Number) levels.get(0).get("smile")).doubleValue()).as("mouth curves down").isNegative();
            assertThat(browser.axe()).as("quick rating at 390 px").isEmpty();
            saveScreenshot("kiosk-quick-390-vi.png");
            browser.find(By.id("back")).click();
        } finally {
            browser.viewport(new Browser.Viewport(1280, 900, false));
        }
    }

    // ---------- issue 13 §3: a rating code from the receipt, typed or scanned ----------

    private int dossierSerial;

    /** A dossier of KS-1 served and returned by the dossier system; its receipt's rating code. */
    private String servedDossier(String procedureCode, String procedureName, String counter, String officer) {
        Api api = new Api(client, json);
        Map<String, Object> dossier = Map.of("code", "KS-" + System.nanoTime() + "-" + (++dossierSerial), "agency", "KS-1",
                "procedure", Map.of("code", procedureCode, "name", procedureName), "counter", counter,
                "officer", Map.of("code", officer, "name", "Trần Thị B"), "channel", "direct",
                "returnedAt", "2026-11-21T10:30:00+07:00");
        Api.Reply reply = api.post("/api/v1/dossiers:batch", Map.of("dossiers", List.of(dossier)), api.adminToken());
        assertThat(reply.status()).isEqualTo(200);
        return reply.json().get("results").get(0).get("ratingCode").getStringValue();
    }

    /** The response rates that dossier on the kiosk, with the dossier's procedure, counter and officer attached. */
    private long ratedWithDimensions(String responseId, String procedure, String counter, String officer) {
        return Rows.count("SELECT COUNT(*) FROM response r JOIN response_dossier d ON d.response_id = r.id"
                + " JOIN dossier_procedure p ON p.id = d.procedure_id JOIN dossier_counter c ON c.id = d.counter_id"
                + " JOIN dossier_officer o ON o.id = d.officer_id JOIN served_dossier s ON s.id = d.served_dossier_id"
                + " WHERE r.id = '" + responseId + "' AND r.channel = 'kiosk' AND r.kiosk_id IS NOT NULL"
                + " AND p.code = '" + procedure + "' AND c.code = '" + counter + "' AND o.code = '" + officer + "'"
                + " AND s.rated_response_id = r.id");
    }

    /** Read in one step: the code screen is drawn again while a check runs, so a found element may be gone. */
    private String codeProblem() {
        return (String) browser.script("var p = document.getElementById('code-problem'); return p ? p.textContent : ''");
    }

    private void typeCode(String typed) {
        browser.find(By.id("rating-code")).clear();
        browser.find(By.id("rating-code")).sendKeys(typed + org.openqa.selenium.Keys.ENTER);
    }

    @Test
    void aRatingCodeTypedOnTheKioskRatesItsDossierOnceAndASecondTryIsAlreadyRated() {
        String code = servedDossier("1.004227", "Đăng ký khai sinh", "Q7", "cb-0701");
        startScreen();
        switchTo("vi"); // a page opened afresh follows the browser's language
        long before = oneStopResponses();
        browser.find(By.id("start-code")).click();
        browser.waitUntil(d -> "code".equals(screenName()));
        assertThat(browser.axe()).as("code screen vi").isEmpty();
        // Forgiving, as on the receipt's page: small letters and spaces instead of dashes.
        typeCode(code.toLowerCase(java.util.Locale.ROOT).replace('-', ' '));
        browser.waitUntil(d -> "quick".equals(screenName()));
        assertThat(browser.find(By.id("quick-code")).getText()).isEqualTo(code);
        assertThat(browser.find(By.id("quick-procedure")).getText()).isEqualTo("Đăng ký khai sinh");
        assertThat(browser.find(By.id("quick-counter")).getText()).isEqualTo("Q7");
        assertThat(browser.driver().findElements(By.id("quick-dossier"))).as("no dossier number to type").isEmpty();
        assertThat(browser.axe()).as("quick rating with a code").isEmpty();
        choose("rating", "3");
        browser.find(By.id("submit")).click();
        browser.waitUntil(d -> "thanks".equals(screenName()));
        waitForOutboxEmpty();
        browser.waitUntil(d -> oneStopResponses() == before + 1);
        String id = lastOneStopId();
        assertThat(ratedWithDimensions(id, "1.004227", "Q7", "cb-0701")).isEqualTo(1);
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + id + "' AND question_code = 'rating' AND value_int = 3")).isEqualTo(1);

        // The same receipt again: "already rated" in the kiosk's language, and nothing stored.
        startScreen();
        browser.find(By.id("start-code")).click();
        browser.waitUntil(d -> "code".equals(screenName()));
        typeCode(code);
        browser.waitUntil(d -> codeProblem().startsWith("Hồ sơ này đã được đánh giá"));
        assertThat(screenName()).isEqualTo("code");
        switchTo("en");
        assertThat(codeProblem()).startsWith("This dossier has already been rated");
        assertShownIn("en", "code screen with its problem");
        // An unknown code, and one that cannot be a code at all: a clear refusal, still on the code screen.
        typeCode("ZZZZ-ZZZZ-ZZZZ");
        browser.waitUntil(d -> codeProblem().startsWith("This rating code was not found"));
        assertThat(browser.axe()).as("code screen en with its problem").isEmpty();
        switchTo("vi");
        typeCode("12");
        browser.waitUntil(d -> codeProblem().startsWith("Không tìm thấy mã đánh giá"));
        assertShownIn("vi", "code screen with its problem");
        assertThat(oneStopResponses()).isEqualTo(before + 1);
        assertThat(Rows.count("SELECT COUNT(*) FROM response_dossier WHERE response_id = '" + id + "'")).isEqualTo(1);

        // No code after all: one tap to the rating as it always was.
        browser.find(By.id("code-skip")).click();
        browser.waitUntil(d -> "quick".equals(screenName()));
        assertThat(browser.driver().findElements(By.id("quick-code"))).isEmpty();
        assertThat(browser.find(By.id("quick-dossier")).isDisplayed()).isTrue();
        browser.find(By.id("back")).click();
        startScreen();
    }

    /** The check the kiosk page makes, over the API: each answer, the scope, and the guessing limit per kiosk. */
    @Test
    void theKioskCodeCheckNamesTheDossierRefusesOtherAgenciesAndLimitsGuessesPerKiosk() {
        Api api = new Api(client, json);
        String admin = api.adminToken();
        String code = servedDossier("1.004227", "Đăng ký khai sinh", "Q7", "cb-0701");
        long rated = Rows.count("SELECT COUNT(*) FROM served_dossier WHERE rated_response_id IS NOT NULL");
        Api.Reply found = api.get("/api/v1/kiosk/rating-codes/" + code.toLowerCase(java.util.Locale.ROOT).replace("-", ""), token);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.text("ratingCode")).isEqualTo(code);
        assertThat(found.text("agency")).isEqualTo("KS-1");
        assertThat(found.text("procedure")).isEqualTo("Đăng ký khai sinh");
        assertThat(found.text("counter")).isEqualTo("Q7");
        assertThat(found.text("officer")).isEqualTo("Trần Thị B");
        // Asking uses nothing up: the same code is still good.
        assertThat(Rows.count("SELECT COUNT(*) FROM served_dossier WHERE rated_response_id IS NOT NULL")).isEqualTo(rated);
        assertThat(api.get("/api/v1/kiosk/rating-codes/" + code, token).status()).isEqualTo(200);

        // Another agency's dossier: this kiosk may not rate it.
        api.agency(admin, "KT", null);
        Map<String, Object> elsewhere = Map.of("code", "KT-" + System.nanoTime(), "agency", "KT",
                "procedure", Map.of("code", "1.004227"), "channel", "direct", "returnedAt", "2026-11-21T10:30:00+07:00");
        String otherCode = api.post("/api/v1/dossiers:batch", Map.of("dossiers", List.of(elsewhere)), admin).json()
                .get("results").get(0).get("ratingCode").getStringValue();
        Api.Reply other = api.get("/api/v1/kiosk/rating-codes/" + otherCode, token);
        assertThat(other.status()).isEqualTo(403);

        // A second kiosk guessing: 30 misses, then 429 with Retry-After; the first kiosk is not held back.
        String guesser = api.kiosk(admin, "KS-1");
        for (int i = 0; i < 30; i++) {
            Api.Reply miss = api.get("/api/v1/kiosk/rating-codes/ZZZZ-ZZZZ-ZZ" + (char) ('A' + i % 20) + (char) ('A' + i / 20), guesser);
            assertThat(miss.status()).as("guess " + i).isEqualTo(404);
            assertThat(miss.json().get("errors").get(0).get("field").getStringValue()).isEqualTo("ratingCode");
        }
        Api.Reply blocked = api.get("/api/v1/kiosk/rating-codes/" + code, guesser);
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.response().getHeaders().get("Retry-After")).isNotBlank();
        assertThat(api.get("/api/v1/kiosk/rating-codes/" + code, token).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/kiosk/rating-codes/" + code, admin).status()).as("kiosk tokens only").isEqualTo(403);
        assertThat(api.get("/openapi.yml", null).body()).contains("/api/v1/kiosk/rating-codes/{code}").contains("Đăng ký khai sinh");
    }

    @Test
    void aScannerTypingTheCodeOnTheStartScreenOpensTheRatingForItsDossier() {
        String code = servedDossier("2.000001", "Chứng thực bản sao", "Q8", "cb-0802");
        startScreen();
        switchTo("vi"); // a page opened afresh follows the browser's language
        long before = oneStopResponses();
        // A scanner is a keyboard: the code and Enter, typed fast with nothing focused.
        new org.openqa.selenium.interactions.Actions(browser.driver()).sendKeys(code + org.openqa.selenium.Keys.ENTER).perform();
        browser.waitUntil(d -> "quick".equals(screenName()));
        assertThat(browser.find(By.id("quick-procedure")).getText()).isEqualTo("Chứng thực bản sao");
        choose("rating", "1");
        choose("reason", "long-wait");
        browser.find(By.id("submit")).click();
        browser.waitUntil(d -> "thanks".equals(screenName()));
        waitForOutboxEmpty();
        browser.waitUntil(d -> oneStopResponses() == before + 1);
        assertThat(ratedWithDimensions(lastOneStopId(), "2.000001", "Q8", "cb-0802")).isEqualTo(1);
        startScreen();
    }

    @Test
    void ratingsWithCodesQueuedOfflineAreStoredOnceAndAUsedCodeIsAnsweredClearly() {
        String fresh = servedDossier("1.004227", "Đăng ký khai sinh", "Q9", "cb-0903");
        String usedMeanwhile = servedDossier("1.004227", "Đăng ký khai sinh", "Q9", "cb-0903");
        startScreen();
        switchTo("vi"); // a page opened afresh follows the browser's language
        long before = oneStopResponses();
        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        ((ChromeDriver) browser.driver()).setNetworkConditions(offline);
        browser.script("window.dispatchEvent(new Event('offline'))");

        for (String code : List.of(fresh, usedMeanwhile)) {
            startScreen();
            browser.find(By.id("start-code")).click();
            browser.waitUntil(d -> "code".equals(screenName()));
            typeCode(code);
            // Offline the code cannot be checked: the rating goes ahead and waits with it.
            browser.waitUntil(d -> "quick".equals(screenName()));
            assertThat(browser.find(By.id("quick-unchecked")).getText()).contains("mất kết nối");
            choose("rating", "3");
            browser.find(By.id("submit")).click();
            browser.waitUntil(d -> "thanks".equals(screenName()));
        }
        browser.waitUntil(d -> "2".equals(d.findElement(By.id("outbox-count")).getText()));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> queued = (List<Map<String, Object>>) browser.script(
                "return JSON.parse(localStorage.getItem('hailong.kiosk.outbox'))");
        assertThat(queued).extracting(r -> r.get("ratingCode")).containsExactly(fresh, usedMeanwhile);
        assertThat(queued).allSatisfy(r -> assertThat(r).doesNotContainKey("agency"));

        // Meanwhile the second citizen also rated from the receipt's link on a phone.
        Api api = new Api(client, json);
        Map<String, Object> phone = new LinkedHashMap<>(Map.of("id", java.util.UUID.randomUUID().toString(),
                "survey", "one-stop-rating", "channel", "phone", "ratingCode", usedMeanwhile, "answers", Map.of("rating", 2)));
        assertThat(api.post("/api/v1/responses", phone, null).status()).isEqualTo(201);

        ((ChromeDriver) browser.driver()).setNetworkConditions(new ChromiumNetworkConditions());
        browser.script("window.dispatchEvent(new Event('online'))");
        waitForOutboxEmpty();
        assertThat(oneStopResponses()).as("the kiosk's first rating and the phone's").isEqualTo(before + 2);
        String stored = (String) queued.get(0).get("id");
        assertThat(ratedWithDimensions(stored, "1.004227", "Q9", "cb-0903")).isEqualTo(1);
        String refused = (String) queued.get(1).get("id");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + refused + "'")).isZero();
        // The used code is set aside with its answer (409, naming ratingCode), not sent again.
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rejected = (List<Map<String, Object>>) browser.script(
                "var id = arguments[0]; return JSON.parse(localStorage.getItem('hailong.kiosk.rejected'))"
                        + ".filter(function (r) { return r.response.id === id; })", refused);
        assertThat(rejected).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> problem = (Map<String, Object>) rejected.get(0).get("problem");
        assertThat(((Number) problem.get("code")).intValue()).isEqualTo(409);
        assertThat((String) problem.get("detail")).contains("used already");

        // Sent again (an answer lost on the way): stored once all the same.
        Api.Reply again = api.post("/api/v1/responses:batch", Map.of("responses", List.of(queued.get(0))), token);
        assertThat(again.json().get("results").get(0).get("status").getStringValue()).isEqualTo("duplicate");
        assertThat(Rows.count("SELECT COUNT(*) FROM response_dossier WHERE response_id = '" + stored + "'")).isEqualTo(1);
        assertThat(oneStopResponses()).isEqualTo(before + 2);
        startScreen();
    }

    /** A slow check (axe) may outlast the short idle time of these tests: answer the overlay as a citizen would. */
    private void stillHere() {
        if (browser.find(By.id("idle-warning")).isDisplayed()) {
            browser.find(By.id("idle-continue")).click();
        }
    }

    private void saveScreenshot(String name) throws Exception {
        Path shot = browser.screenshot(name.replace(".png", ""));
        Path target = Path.of("target", "docs-screenshots", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
