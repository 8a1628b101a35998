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

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A province reviewer reads the dashboard's breakdown table (procedures by default), switches it
 * to counters of one procedure with the filters, and downloads it as CSV and XLSX, in headless
 * Chromium: table and files hold the API's rows in the API's order; axe clean in vi and en.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BreakdownBrowserIT implements DatabaseTest {

    static final Path DOWNLOADS = Path.of("target", "browser-downloads", "breakdown");

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
    String reviewer;

    @BeforeAll
    void data() throws IOException {
        api = new Api(client, json);
        String admin = api.adminToken();
        BreakdownFixture.feed(api, admin, 120);
        reviewer = api.reviewer(admin, "bd-reviewer", "BN");
        if (Files.isDirectory(DOWNLOADS)) {
            try (Stream<Path> old = Files.list(DOWNLOADS)) {
                old.forEach(p -> p.toFile().delete());
            }
        }
    }

    private String url(String path) {
        return server.getURL() + path;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.getStringValue();
    }

    private static String twoDecimals(JsonNode value) {
        return value == null || value.isNull() ? "—" : BigDecimal.valueOf(value.getDoubleValue()).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** The table's rows against the API's, in order: code (or "not given"), agency, responses, index. */
    private void tableMatches(JsonNode apiRows, boolean perAgency, String unset) {
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("#breakdown tbody tr"));
        assertThat(rows).hasSize(apiRows.size());
        assertThat(apiRows.size()).isPositive();
        boolean suppressedSeen = false;
        for (int i = 0; i < rows.size(); i++) {
            JsonNode want = apiRows.get(i);
            List<WebElement> cells = rows.get(i).findElements(By.cssSelector("th, td"));
            String key = text(want, "key");
            assertThat(cells.get(0).getText()).isEqualTo(key == null ? unset : key);
            int at = 2;
            if (perAgency) {
                assertThat(cells.get(at++).getText()).isEqualTo(text(want, "agency"));
            }
            assertThat(cells.get(at++).getText()).isEqualTo(Long.toString(want.get("responses").getLongValue()));
            String index = cells.get(at).getText();
            if (want.get("sufficientSample").getBooleanValue()) {
                assertThat(index).isEqualTo(twoDecimals(want.get("index")));
            } else {
                suppressedSeen = true;
                assertThat(index).startsWith("—");
                assertThat(rows.get(i).getAttribute("class")).contains("insufficient");
            }
        }
        assertThat(suppressedSeen || apiRows.size() == 1).as("some row below the minimum sample is shown suppressed").isTrue();
    }

    @Test
    @Order(1)
    void reviewerFiltersTheBreakdownAndDownloadsIt() throws Exception {
        browser.open(url("/login?lang=vi&next=%2Freports%3Flang%3Dvi"));
        browser.find(By.name("username")).sendKeys("bd-reviewer");
        browser.find(By.name("password")).sendKeys("reviewer-password");
        browser.find(By.cssSelector("form[action*='login'] button[type=submit]")).click();
        browser.waitForPath("/reports\\?lang=vi");
        browser.open(url("/reports?agency=BN&survey=sipas-2017&period=all&lang=vi"));
        assertThat(browser.find(By.id("breakdown-heading")).getText()).isEqualTo("Theo thủ tục, lĩnh vực, quầy, công chức, kênh");
        tableMatches(api.get("/api/v1/reports/breakdown?agency=BN&survey=sipas-2017&by=procedure", reviewer).json(), false, "(không ghi)");
        assertThat(browser.find(By.cssSelector("#breakdown caption")).getText()).contains("Thủ tục");
        // Labels come from the registry the dossier system filled.
        assertThat(browser.find(By.id("breakdown--1.004227")).getText()).contains("Đăng ký khai sinh");

        new Select(browser.find(By.id("breakdown-by"))).selectByValue("counter");
        new Select(browser.find(By.id("filter-procedure"))).selectByValue("1.004227");
        assertThat(new Select(browser.find(By.id("filter-procedure"))).getFirstSelectedOption().getText())
                .isEqualTo("1.004227 · Đăng ký khai sinh");
        browser.find(By.cssSelector("#breakdown-filters button[type=submit]")).click();
        browser.waitForPath(".*by=counter.*procedure=1.004227.*");
        browser.waitForLoad();
        JsonNode counters = api.get("/api/v1/reports/breakdown?agency=BN&survey=sipas-2017&by=counter&procedure=1.004227", reviewer).json();
        tableMatches(counters, true, "(không ghi)");
        assertThat(new Select(browser.find(By.id("filter-procedure"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("1.004227");
        assertThat(browser.axe()).as("axe, Vietnamese").isEmpty();
        browser.script("document.getElementById('breakdown-section').scrollIntoView()");
        browser.screenshot("dashboard-breakdown-vi");

        browser.find(By.id("export-breakdown-csv")).click();
        Path csv = DOWNLOADS.resolve("hailong-breakdown-counter-BN-all.csv");
        browser.waitUntil(d -> Files.exists(csv) && !Files.exists(DOWNLOADS.resolve(csv.getFileName() + ".crdownload")));
        fileMatches(DashboardExportIT.csv(Files.readAllBytes(csv)), counters);
        browser.find(By.id("export-breakdown-xlsx")).click();
        Path xlsx = DOWNLOADS.resolve("hailong-breakdown-counter-BN-all.xlsx");
        browser.waitUntil(d -> Files.exists(xlsx) && !Files.exists(DOWNLOADS.resolve(xlsx.getFileName() + ".crdownload")));
        fileMatches(DashboardExportIT.xlsx(Files.readAllBytes(xlsx)), counters);
    }

    /** Header, then per API row: dimension, code, name, agency, responses, index, ci low, ci high, sufficient. */
    private static void fileMatches(List<List<String>> rows, JsonNode apiRows) {
        assertThat(rows.get(0)).containsExactly("Chia theo", "Mã", "Tên", "Cơ quan", "Số phiếu", "Chỉ số / tỷ lệ (%)",
                "KTC 95% cận dưới", "KTC 95% cận trên", "Đạt số phiếu tối thiểu để công bố");
        assertThat(rows).hasSize(apiRows.size() + 1);
        for (int i = 0; i < apiRows.size(); i++) {
            JsonNode want = apiRows.get(i);
            List<String> row = rows.get(i + 1);
            List<String> expected = new ArrayList<>(List.of("Quầy", text(want, "key"), text(want, "name"), text(want, "agency"),
                    Long.toString(want.get("responses").getLongValue())));
            boolean sufficient = want.get("sufficientSample").getBooleanValue();
            expected.add(sufficient ? plain(want.get("index")) : "");
            expected.add(sufficient ? plain(want.get("ci95").get(0)) : "");
            expected.add(sufficient ? plain(want.get("ci95").get(1)) : "");
            expected.add(sufficient ? "có" : "không");
            assertThat(row).as("row " + i).containsExactlyElementsOf(expected);
        }
    }

    private static String plain(JsonNode number) {
        return BigDecimal.valueOf(number.getDoubleValue()).stripTrailingZeros().toPlainString();
    }

    @Test
    @Order(2)
    void theEnglishBreakdownPassesAxe() {
        browser.open(url("/reports?agency=BN&survey=sipas-2017&period=all&lang=en&by=channel"));
        assertThat(browser.find(By.id("breakdown-heading")).getText()).isEqualTo("By procedure, field, counter, officer, channel");
        tableMatches(api.get("/api/v1/reports/breakdown?agency=BN&survey=sipas-2017&by=channel", reviewer).json(), false, "(not given)");
        assertThat(browser.find(By.id("breakdown--direct")).getText()).contains("In person");
        assertThat(browser.axe()).as("axe, English").isEmpty();
        browser.open(url("/reports?agency=BN&survey=sipas-2017&period=all&lang=en&by=district"));
        assertThat(browser.find(By.cssSelector(".error")).getText()).contains("by").contains("procedure, field, counter, officer, channel");
    }
}
