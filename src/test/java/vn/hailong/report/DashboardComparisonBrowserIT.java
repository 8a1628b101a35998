package vn.hailong.report;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import vn.hailong.support.Api;
import vn.hailong.support.Browser;
import vn.hailong.support.DatabaseTest;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static vn.hailong.report.ComparisonFixture.CURRENT;
import static vn.hailong.report.ComparisonFixture.PREVIOUS;
import static vn.hailong.report.ComparisonFixture.YEAR_EARLIER;

/**
 * A province reviewer opens a quarter on the dashboard and reads, beside the SIPAS index and each
 * element's, the change against the previous quarter and the same quarter a year earlier, with the
 * interval of the change and whether it is beyond noise — the values this test computes from the
 * API's figures of the three quarters; the page passes axe in Vietnamese and English.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardComparisonBrowserIT implements DatabaseTest {

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
    String token;

    @BeforeAll
    void data() {
        api = new Api(client, json);
        ComparisonFixture.load(api);
        token = api.login("rd-reviewer", "reviewer-password");
    }

    private String url(String path) {
        return server.getURL() + path;
    }

    private void logIn(String lang) {
        browser.open(url("/login?lang=" + lang + "&next=%2Freports%3Flang%3D" + lang));
        if (!((String) browser.script("return location.pathname")).equals("/login")) {
            return;
        }
        browser.find(By.name("username")).sendKeys("rd-reviewer");
        browser.find(By.name("password")).sendKeys("reviewer-password");
        browser.find(By.cssSelector("form[action*='login'] button[type=submit]")).click();
        browser.waitForPath("/reports.*");
    }

    private JsonNode satisfaction(String[] dates) {
        return api.get("/api/v1/reports/satisfaction?agency=RD&survey=sipas-2017&from=" + dates[0] + "&to=" + dates[1], token).json();
    }

    @Test
    void theChangesAgainstThePreviousQuarterAndAYearEarlierStandBesideEachIndex() {
        logIn("vi");
        browser.open(url("/reports?agency=RD&survey=sipas-2017&period=" + ComparisonFixture.QUARTER + "&lang=vi"));
        JsonNode now = satisfaction(CURRENT);
        long nowN = now.get("responses").getLongValue();
        String[] kinds = {"previous", "yearEarlier"};
        JsonNode[] earlier = {satisfaction(PREVIOUS), satisfaction(YEAR_EARLIER)};
        for (int side = 0; side < 2; side++) {
            JsonNode then = earlier[side];
            long thenN = then.get("responses").getLongValue();
            assertRow(browser.find(By.id("compare-" + kinds[side] + "-SIPAS")),
                    ReportDocumentIT.expected(now, then, nowN, thenN, false));
            for (int e = 0; e < 5; e++) {
                String code = now.get("elements").get(e).get("code").getStringValue();
                assertRow(browser.find(By.id("compare-" + kinds[side] + "-" + code)),
                        ReportDocumentIT.expected(now.get("elements").get(e), then.get("elements").get(e), nowN, thenN, false));
            }
        }
        assertThat(browser.find(By.id("compare-previous-period")).getText()).isEqualTo("2026-Q1");
        assertThat(browser.find(By.id("compare-yearEarlier-period")).getText()).isEqualTo("2025-Q2");
        // beside the headline figure, in one sentence each
        assertThat(browser.find(By.id("index-change-previous")).getText())
                .startsWith("So với kỳ trước (2026-Q1): ").endsWith("tăng, vượt mức nhiễu");
        assertThat(browser.find(By.id("index-change-yearEarlier")).getText())
                .startsWith("So với cùng kỳ năm trước (2025-Q2): ").endsWith("trong mức nhiễu");
        assertThat(browser.find(By.id("export-report-pdf")).getAttribute("href")).contains("/reports/export/report.pdf?agency=RD");
        assertThat(browser.axe()).as("axe, Vietnamese").isEmpty();
        browser.screenshot("dashboard-comparison-vi");

        browser.open(url("/reports?agency=RD&survey=sipas-2017&period=" + ComparisonFixture.QUARTER + "&lang=en"));
        assertThat(browser.find(By.id("compare-heading")).getText()).isEqualTo("Comparison with earlier periods");
        assertThat(browser.find(By.cssSelector("#compare-previous-SIPAS td.marker")).getText()).isEqualTo("up, beyond noise");
        assertThat(browser.find(By.cssSelector("#compare-yearEarlier-SIPAS td.marker")).getText()).isEqualTo("within noise");
        assertThat(browser.axe()).as("axe, English").isEmpty();
        browser.screenshot("dashboard-comparison-en");
    }

    @Test
    void allTimeSaysThereIsNothingToCompareWith() {
        logIn("en");
        browser.open(url("/reports?agency=RD&survey=sipas-2017&period=all&lang=en"));
        assertThat(browser.find(By.id("compare-none")).getText()).startsWith("No earlier period to compare with");
        assertThat(browser.driver().findElements(By.cssSelector("table.comparison"))).isEmpty();
    }

    private static void assertRow(WebElement row, ReportDocumentIT.Expected e) {
        List<String> cells = row.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList();
        assertThat(cells.get(1)).isEqualTo(e.now());
        assertThat(cells.get(2)).isEqualTo(e.earlier() + " (n = " + e.earlierN() + ")");
        assertThat(Double.parseDouble(cells.get(3))).as(row.getAttribute("id") + " Δ").isCloseTo(e.delta(), within(0.011));
        String[] interval = cells.get(4).split(" – ");
        assertThat(Double.parseDouble(interval[0])).isCloseTo(e.low(), within(0.011));
        assertThat(Double.parseDouble(interval[1])).isCloseTo(e.high(), within(0.011));
        assertThat(cells.get(5)).isEqualTo(e.marker());
    }
}
