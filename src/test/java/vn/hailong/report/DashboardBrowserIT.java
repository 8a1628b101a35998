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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import vn.hailong.support.Api;
import vn.hailong.support.Browser;
import vn.hailong.support.DatabaseTest;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A province reviewer logs in, opens a quarter, reads the ranking and downloads the figures as CSV, in headless Chromium. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT implements DatabaseTest {

    static final Path DOWNLOADS = Path.of("target", "browser-downloads", "dashboard");

    @RegisterExtension
    static final Browser browser = Browser.sized(1280, 900, false).downloadingTo(DOWNLOADS);

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    Api api;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("hailong.templates-dir", DashboardFixture.templatesWithVersion2().toString());
    }

    @BeforeAll
    void data() throws IOException {
        api = new Api(client, json);
        DashboardFixture.load(api);
        if (Files.isDirectory(DOWNLOADS)) {
            try (Stream<Path> old = Files.list(DOWNLOADS)) {
                old.forEach(p -> p.toFile().delete());
            }
        }
    }

    private String url(String path) {
        return server.getURL() + path;
    }

    @Test
    @Order(1)
    void reviewerOpensAQuarterSeesTheRankingAndDownloadsTheCsv() throws Exception {
        // The reviewer logs in through the login page itself (form POST with its CSRF field).
        browser.open(url("/login?lang=vi&next=%2Freports%3Flang%3Dvi"));
        browser.find(By.name("username")).sendKeys("db-reviewer");
        browser.find(By.name("password")).sendKeys("reviewer-password");
        browser.find(By.cssSelector("form[action*='login'] button[type=submit]")).click();
        browser.waitForPath("/reports\\?lang=vi");
        browser.open(url("/reports?lang=vi"));
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Bảng theo dõi mức độ hài lòng");

        new Select(browser.find(By.name("period"))).selectByValue(DashboardFixture.QUARTER);
        browser.find(By.cssSelector("form.filters button[type=submit]")).click();
        browser.waitForPath(".*period=2026-Q2.*");
        browser.waitForLoad();

        assertThat(browser.find(By.id("period")).getText()).isEqualTo("2026-Q2");
        JsonNode ranking = api.get("/api/v1/reports/ranking?parent=DB&survey=sipas-2017&from=2026-04-01&to=2026-06-30",
                api.login("db-reviewer", "reviewer-password")).json();
        List<String> rankedCodes = browser.driver().findElements(By.cssSelector("#ranking tbody tr")).stream()
                .map(tr -> tr.getAttribute("id").substring("rank-".length())).toList();
        List<String> apiRanked = new java.util.ArrayList<>();
        ranking.values().forEach(r -> {
            if (r.get("sufficientSample").getBooleanValue()) {
                apiRanked.add(r.get("agency").get("code").getStringValue());
            }
        });
        assertThat(rankedCodes).containsExactlyElementsOf(apiRanked);
        assertThat(browser.find(By.id("unranked")).getText()).contains("Cơ quan DB-3").contains("dưới số phiếu tối thiểu");
        String shownIndex = browser.find(By.id("index")).getText();

        browser.find(By.id("export-figures-csv")).click();
        Path file = DOWNLOADS.resolve("hailong-figures-DB-2026-Q2.csv");
        browser.waitUntil(d -> Files.exists(file) && !Files.exists(DOWNLOADS.resolve(file.getFileName() + ".crdownload")));
        List<List<String>> rows = DashboardExportIT.csv(Files.readAllBytes(file));
        List<String> sipas = rows.stream().filter(r -> r.get(0).equals("Chỉ số SIPAS")).findFirst().orElseThrow();
        assertThat(new BigDecimal(sipas.get(5)).setScale(2, RoundingMode.HALF_UP).toPlainString()).isEqualTo(shownIndex);
        assertThat(rows).anyMatch(r -> r.get(0).equals("Thông tin") && r.get(2).equals("DB · Cơ quan DB"));

        assertThat(browser.axe()).as("axe, Vietnamese").isEmpty();
        fullPageScreenshot("dashboard-vi");
    }

    @Test
    @Order(2)
    void theEnglishPageAndTheOtherReportPagesPassAxe() {
        browser.open(url("/reports?agency=DB&survey=sipas-2017&period=2026-Q2&lang=en"));
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Satisfaction dashboard");
        assertThat(browser.axe()).as("axe, English").isEmpty();
        fullPageScreenshot("dashboard-en");

        browser.find(By.id("sort-index")).click();
        browser.waitForPath(".*sort=index.*");
        browser.waitForLoad();
        assertThat(browser.find(By.cssSelector("#ranking th[aria-sort]")).getText()).contains("Index");

        browser.open(url("/reports/comments?agency=DB&survey=sipas-2017&period=2026-Q2&lang=vi"));
        assertThat(browser.driver().findElements(By.cssSelector("li.comment"))).hasSize(CommentsPageController.PAGE_SIZE);
        assertThat(browser.axe()).as("axe, comments").isEmpty();
        // The form page and its accessibility here; the form's answers, errors included, are
        // checked over HTTP in SampleTargetIT.
        browser.open(url("/reports/targets?lang=en"));
        assertThat(browser.find(By.id("t-dossiers")).isDisplayed()).isTrue();
        assertThat(browser.axe()).as("axe, sample targets").isEmpty();
    }

    @Test
    @Order(3)
    void printingGivesAnA4ReportWithoutControls() {
        browser.open(url("/reports?agency=DB&survey=sipas-2017&period=2026-Q2&lang=vi"));
        ChromeDriver chrome = (ChromeDriver) browser.driver();
        chrome.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            assertThat(browser.find(By.cssSelector("form.filters")).isDisplayed()).isFalse();
            assertThat(browser.find(By.cssSelector(".exports")).isDisplayed()).isFalse();
            assertThat(browser.find(By.cssSelector(".printed-note")).isDisplayed()).isTrue();
            assertThat(browser.find(By.id("ranking")).isDisplayed()).isTrue();
            // A4 at 96 dpi: 210 mm ≈ 794 px wide
            browser.viewport(new Browser.Viewport(794, 1123, false));
            fullPageScreenshot("dashboard-print-vi");
            Map<String, Object> pdf = chrome.executeCdpCommand("Page.printToPDF", Map.of("preferCSSPageSize", true));
            assertThat((String) pdf.get("data")).isNotEmpty();
        } finally {
            chrome.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
            browser.viewport(new Browser.Viewport(1280, 900, false));
        }
    }

    /** The whole page, not just the visible part: the viewport is stretched to the page's height for the picture. */
    private void fullPageScreenshot(String name) {
        Browser.Viewport before = browser.viewport();
        long height = browser.number("return Math.ceil(document.documentElement.scrollHeight)");
        browser.viewport(new Browser.Viewport(before.width(), (int) Math.min(height, 12000), false));
        browser.screenshot(name);
        browser.viewport(before);
    }
}
