package vn.hailong.report;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import vn.hailong.support.Api;
import vn.hailong.support.Browser;
import vn.hailong.support.DatabaseTest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-stop rating's own page in headless Chromium: a reviewer opens the dashboard with the
 * one-stop rating, follows its link to the page, reads the levels, not-satisfied share, reasons, days
 * and counters as the API gives them, filters by counter through the form; axe clean in vi and en.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OneStopBrowserIT implements DatabaseTest {

    @RegisterExtension
    static final Browser browser = Browser.sized(1280, 900, false);

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    Api api;
    String admin;

    @BeforeAll
    void data() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "OSB", null);
        api.agency(admin, "OSB-1", "OSB");
        api.reviewer(admin, "osb-reviewer", "OSB");
        String key = api.post("/api/v1/integrations", Map.of("name", "Một cửa OSB", "agency", "OSB"), admin).text("key");
        List<Map<String, Object>> dossiers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("code", "OSB.26-" + i);
            d.put("agency", "OSB-1");
            d.put("procedure", Map.of("code", "1.004227", "name", "Đăng ký khai sinh"));
            d.put("counter", i < 32 ? "Q1" : "Q2");
            d.put("officer", Map.of("code", "cb-1"));
            d.put("returnedAt", "2026-11-01T10:00:00+07:00");
            dossiers.add(d);
        }
        Api.Reply batch = api.post("/api/v1/dossiers:batch", Map.of("dossiers", dossiers), key);
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        batch.json().get("results").values().forEach(r -> codes.add(r.get("ratingCode").getStringValue()));
        String[] reasons = {"long-wait", "staff-attitude", "long-wait"};
        for (int i = 0; i < codes.size(); i++) {
            Map<String, Object> answers = new LinkedHashMap<>();
            int level = i % 5 == 0 ? 1 : 2 + i % 2;
            answers.put("rating", level);
            if (level == 1) {
                answers.put("reason", reasons[i % 3]);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", UUID.randomUUID().toString());
            body.put("survey", "one-stop-rating");
            body.put("channel", "portal");
            body.put("ratingCode", codes.get(i));
            body.put("submittedAt", "2026-11-0" + (2 + i % 3) + "T10:00:00+07:00");
            body.put("answers", answers);
            assertThat(api.post("/api/v1/responses", body, key).status()).isEqualTo(201);
        }
        // three legal evaluations typed in from paper (time, contacts): 2 + 2, 1 + 0, 0 + 1 points
        int[][] evaluations = {{3, 3}, {2, 1}, {1, 2}};
        for (int[] e : evaluations) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", UUID.randomUUID().toString());
            body.put("survey", "legal-evaluation");
            body.put("agency", "OSB-1");
            body.put("channel", "paper");
            body.put("submittedAt", "2026-11-03T10:00:00+07:00");
            body.put("answers", Map.of("time", e[0], "contacts", e[1]));
            Api.Reply reply = api.post("/api/v1/responses", body, admin);
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        }
    }

    private String url(String path) {
        return server.getURL() + path;
    }

    @Test
    @Order(1)
    void theDashboardLinksTheOneStopPageWhichShowsTheApiFiguresAndPassesAxe() {
        browser.open(url("/login?lang=vi&next=%2Freports%3Flang%3Dvi"));
        browser.find(By.name("username")).sendKeys("osb-reviewer");
        browser.find(By.name("password")).sendKeys("reviewer-password");
        browser.find(By.cssSelector("form[action*='login'] button[type=submit]")).click();
        browser.waitForPath("/reports\\?lang=vi");

        browser.open(url("/reports?agency=OSB&survey=sipas-2017&period=2026-11&lang=vi"));
        assertThat(browser.driver().findElements(By.id("one-stop-link"))).as("not for a SIPAS survey").isEmpty();
        browser.open(url("/reports?agency=OSB&survey=one-stop-rating&period=2026-11&lang=vi"));
        browser.find(By.cssSelector("#one-stop-link a")).click();
        browser.waitForPath("/reports/one-stop\\?.*period=2026-11.*");
        browser.waitForLoad();
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Đánh giá giải quyết hồ sơ tại Bộ phận Một cửa");
        assertThat(browser.driver().getPageSource()).doesNotContain("Chỉ số SIPAS").doesNotContain("1/2/3/4/5");

        JsonNode report = api.get("/api/v1/reports/one-stop?agency=OSB&from=2026-11-01&to=2026-11-30",
                api.login("osb-reviewer", "reviewer-password")).json();
        assertThat(browser.find(By.id("responses")).getText()).isEqualTo("40");
        assertThat(report.get("responses").getLongValue()).isEqualTo(40);
        assertThat(browser.find(By.id("not-satisfied")).getText()).isEqualTo(two(report.get("notSatisfied").get("share")) + " %");
        assertThat(browser.find(By.id("not-satisfied-ci")).getText())
                .contains(two(report.get("notSatisfied").get("ci95").get(0))).contains(two(report.get("notSatisfied").get("ci95").get(1)));
        for (JsonNode level : report.get("levels").values()) {
            WebElement row = browser.find(By.id("level-" + level.get("value").getIntValue()));
            assertThat(row.getText()).startsWith(level.get("label").getStringValue())
                    .contains(" " + level.get("count").getLongValue() + " ").contains(two(level.get("share")));
        }
        assertThat(browser.find(By.id("level-1")).getText()).startsWith("Không hài lòng");
        // 8 not satisfied: long-wait 5 of them (i = 0, 10, 20, 30 → reasons[0], [1], [2], [0]... computed by the API)
        for (JsonNode reason : report.get("reasons").values()) {
            WebElement row = browser.find(By.id("reason-" + reason.get("code").getStringValue()));
            assertThat(row.getText()).contains(reason.get("label").getStringValue())
                    .endsWith(reason.get("share").isNull() ? "—" : two(reason.get("share")));
        }
        assertThat(browser.driver().findElements(By.cssSelector("#by-day tbody tr"))).hasSize(3);
        assertThat(browser.find(By.id("counter-OSB-1-Q1")).getText()).contains("32");
        assertThat(browser.find(By.id("counter-OSB-1-Q2")).getText()).contains("dưới số phiếu tối thiểu");
        assertThat(browser.driver().findElements(By.cssSelector("svg.chart .bar-row"))).hasSize(3);
        // the legal evaluation part: (4 + 1 + 1) / 3 = 2.00 out of 4, as the evaluation API says
        JsonNode evaluation = api.get("/api/v1/reports/evaluation?agency=OSB&from=2026-11-01&to=2026-11-30", admin).json();
        assertThat(evaluation.get("meanScore").getDoubleValue()).isEqualTo(2.0);
        assertThat(browser.find(By.id("evaluation-mean")).getText()).isEqualTo("2.00 / 4");
        assertThat(browser.find(By.id("evaluation-responses")).getText()).isEqualTo("3");
        assertThat(browser.find(By.cssSelector("#evaluation-time caption")).getText()).endsWith(": 1.00 / 2");
        assertThat(browser.find(By.id("evaluation-contacts-1")).getText()).isEqualTo("Hơn một lần 0 1 33.33");
        assertThat(browser.axe()).as("axe, Vietnamese").isEmpty();
        fullPageScreenshot("one-stop-vi");

        browser.find(By.id("f-counter")).sendKeys("Q2");
        browser.find(By.cssSelector("form.filters button[type=submit]")).click();
        browser.waitForPath(".*counter=Q2.*");
        browser.waitForLoad();
        assertThat(browser.find(By.id("responses")).getText()).isEqualTo("8");
        assertThat(browser.driver().findElements(By.cssSelector("#by-counter tbody tr"))).hasSize(1);
    }

    @Test
    @Order(2)
    void theEnglishPagePassesAxe() {
        browser.open(url("/reports/one-stop?agency=OSB&period=2026-11&lang=en"));
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Rating of dossier handling at the one-stop desk");
        assertThat(browser.find(By.id("level-3")).getText()).startsWith("Very satisfied");
        assertThat(browser.find(By.id("reason-long-wait")).getText()).startsWith("I had to wait too long");
        assertThat(browser.find(By.id("evaluation-heading")).getText()).startsWith("Evaluation scores of procedure handling");
        assertThat(browser.axe()).as("axe, English").isEmpty();
        fullPageScreenshot("one-stop-en");
        new Select(browser.find(By.name("period"))).selectByValue("all");
        browser.find(By.cssSelector("form.filters button[type=submit]")).click();
        browser.waitForPath(".*period=all.*");
        browser.waitForLoad();
        assertThat(browser.find(By.id("responses")).getText()).isEqualTo("40");
        browser.open(url("/reports/one-stop?agency=OSB&period=2026-11&counter=" + "x".repeat(300) + "&lang=en"));
        assertThat(browser.find(By.cssSelector(".error")).getText()).contains("counter");
    }

    /** The whole page: the viewport is stretched to the page's height for the picture. */
    private void fullPageScreenshot(String name) {
        Browser.Viewport before = browser.viewport();
        long height = browser.number("return Math.ceil(document.documentElement.scrollHeight)");
        browser.viewport(new Browser.Viewport(before.width(), (int) Math.min(height, 12000), false));
        browser.screenshot(name);
        browser.viewport(before);
    }

    private static String two(JsonNode number) {
        return String.format(Locale.ROOT, "%.2f", number.getDoubleValue());
    }
}
