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

    /** The reviewer logs in through the login page itself (form POST with its CSRF field), unless already in. */
    private void logIn() {
        browser.open(url("/reports?lang=vi"));
        if (!((String) browser.script("return location.pathname")).equals("/login")) {
            return;
        }
        browser.open(url("/login?lang=vi&next=%2Freports%3Flang%3Dvi"));
        browser.find(By.name("username")).sendKeys("db-reviewer");
        browser.find(By.name("password")).sendKeys("reviewer-password");
        browser.find(By.cssSelector("form[action*='login'] button[type=submit]")).click();
        browser.waitForPath("/reports\\?lang=vi");
    }

    @Test
    @Order(1)
    void reviewerOpensAQuarterSeesTheRankingAndDownloadsTheCsv() throws Exception {
        logIn();
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
        } finally {
            chrome.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
            browser.viewport(new Browser.Viewport(1280, 900, false));
        }
    }

    /**
     * The dashboard printed to PDF by Chromium itself (DevTools Page.printToPDF, what "Save as PDF" does),
     * then read back with poppler: the element bars must be drawn in the PDF in their fill colour, not
     * only their labels (issue 12 item 8: the print rule hiding the site bar also hid {@code rect.bar}).
     */
    @Test
    @Order(4)
    void thePrintedPdfKeepsTheChartBars() throws Exception {
        logIn();
        browser.open(url("/reports?agency=DB&survey=sipas-2017&period=2026-Q2&lang=vi"));
        long barsOnScreen = browser.number("return document.querySelectorAll('svg.chart rect.bar').length");
        assertThat(barsOnScreen).isEqualTo(5);
        ChromeDriver chrome = (ChromeDriver) browser.driver();
        Map<String, Object> printed = chrome.executeCdpCommand("Page.printToPDF", Map.of("preferCSSPageSize", true));
        Path pdf = Path.of("target", "browser-downloads", "dashboard-print.pdf");
        Files.createDirectories(pdf.getParent());
        Files.write(pdf, java.util.Base64.getDecoder().decode((String) printed.get("data")));

        String text = run("pdftotext", "-layout", pdf.toString(), "-");
        assertThat(text).contains("Bảng theo dõi mức độ hài lòng").contains("E1").contains("E5");

        // Page 1 as an image (50 dpi is plenty to find the bars): count the pixels of the bar fill #5b8fc7.
        Path image = pdf.resolveSibling("dashboard-print-page");
        run("pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", pdf.toString(), image.toString());
        java.awt.image.BufferedImage page = javax.imageio.ImageIO.read(image.resolveSibling("dashboard-print-page.png").toFile());
        long barPixels = 0;
        for (int y = 0; y < page.getHeight(); y++) {
            for (int x = 0; x < page.getWidth(); x++) {
                int rgb = page.getRGB(x, y);
                if (near((rgb >> 16) & 0xff, 0x5b) && near((rgb >> 8) & 0xff, 0x8f) && near(rgb & 0xff, 0xc7)) {
                    barPixels++;
                }
            }
        }
        // Five bars of 16 px height and a few hundred px length each give thousands at 50 dpi; none means no bars.
        assertThat(barPixels).as("pixels of the bar colour on printed page 1").isGreaterThan(500);
    }

    /**
     * Issue 12 item 13, on a 390 px phone: every chart label is drawn at 11 px or more (its font size
     * times the SVG's scale on screen, not the number in the style sheet), and a table wider than the
     * screen scrolls inside itself; nothing is cut off and the page itself does not scroll sideways.
     */
    @Test
    @Order(5)
    @SuppressWarnings("unchecked")
    void onA390PixelPhoneChartLabelsStayReadableAndTablesScroll() {
        logIn();
        browser.viewport(new Browser.Viewport(390, 844, true));
        try {
            for (String lang : List.of("vi", "en")) {
                browser.open(url("/reports?agency=DB&survey=sipas-2017&period=2026-Q2&lang=" + lang));
                List<Map<String, Object>> small = (List<Map<String, Object>>) browser.script("""
                        return Array.from(document.querySelectorAll('svg.chart text')).map(function (t) {
                          var px = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
                          return {text: t.textContent, px: px};
                        }).filter(function (t) { return t.px < 11; });""");
                assertThat(browser.number("return document.querySelectorAll('svg.chart text').length")).isGreaterThan(20);
                assertThat(small).as("chart labels under 11 px (" + lang + ")").isEmpty();

                List<String> clipped = (List<String>) browser.script("""
                        var problems = [];
                        document.querySelectorAll('table.figures, svg.chart').forEach(function (t) {
                          var box = t.getBoundingClientRect();
                          var scroller = t.tagName === 'TABLE' ? t : t.closest('.chart-scroll');
                          var wide = scroller ? scroller.scrollWidth > scroller.clientWidth + 1 : false;
                          var scrolls = scroller && ['auto', 'scroll'].indexOf(getComputedStyle(scroller).overflowX) >= 0;
                          var name = (t.id || t.className.baseVal || t.className) + ' ' + Math.round(box.left) + '-' + Math.round(box.right);
                          if (box.left < -1 || (scroller || t).getBoundingClientRect().right > window.innerWidth + 1) { problems.push(name + ' is cut off'); }
                          if (wide && !scrolls) { problems.push(name + ' is wider than its box and does not scroll'); }
                        });
                        if (document.documentElement.scrollWidth > window.innerWidth + 1) {
                          problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth);
                        }
                        return problems;""");
                assertThat(clipped).as(lang).isEmpty();
                // A table that scrolls can be reached and scrolled from the keyboard.
                assertThat(browser.axe()).as("axe at 390 px, " + lang).isEmpty();
            }
            browser.open(url("/reports?agency=DB&survey=sipas-2017&period=2026-Q2&lang=vi"));
            fullPageScreenshot("dashboard-390-vi");
        } finally {
            browser.viewport(new Browser.Viewport(1280, 900, false));
        }
    }

    private static boolean near(int value, int expected) {
        return Math.abs(value - expected) <= 12;
    }

    /** Runs a poppler tool and returns what it printed; poppler-utils is part of the test machine, as Chromium is. */
    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
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
