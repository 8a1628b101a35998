package vn.hailong.system;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import vn.hailong.support.Browser;
import vn.hailong.support.DatabaseTest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 item 16 in headless Chromium: /api is Swagger UI served from this site (its webjar),
 * listing every operation of the OpenAPI description, with no Content-Security-Policy refusal or
 * script error in the console; "Try it out" reaches this server through the description's
 * {@code servers} entry; our page around it passes axe in both languages; and /openapi.yml opened
 * in the browser is shown as text, not saved as a download.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiReferenceBrowserIT implements DatabaseTest {

    @RegisterExtension
    static final Browser browser = Browser.kiosk();

    @Inject
    EmbeddedServer server;

    private String url(String path) {
        return server.getURL() + path;
    }

    @Test
    void swaggerUiListsEveryOperationWithoutCspRefusals() throws IOException {
        browser.open(url("/api"));
        Set<String> described = describedOperations();
        browser.waitUntil(d -> d.findElements(By.cssSelector(".opblock")).size() >= described.size());

        Set<String> shown = browser.driver().findElements(By.cssSelector(".opblock")).stream()
                .map(block -> block.findElement(By.cssSelector(".opblock-summary-method")).getText().strip() + " "
                        + block.findElement(By.cssSelector(".opblock-summary-path")).getAttribute("data-path"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(shown).isEqualTo(described);
        assertThat(browser.driver().findElement(By.cssSelector(".swagger-ui .info .title")).getText()).contains("Hailong");
        assertThat(browser.driver().findElements(By.cssSelector(".swagger-ui .btn.authorize"))).as("bearer scheme offered").isNotEmpty();
        // Every file the page loaded came from this site.
        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) browser.script(
                "return performance.getEntriesByType('resource').map(function (e) { return e.name; });");
        assertThat(loaded).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith(server.getURL().toString()));
        assertThat(browser.consoleErrors()).as("console errors (CSP refusals included)").isEmpty();
    }

    @Test
    void tryItOutCallsThisServer() {
        browser.open(url("/api"));
        WebElement block = browser.waitUntil(d -> d.findElements(By.cssSelector(".opblock.opblock-get")).stream()
                .filter(b -> "/api/v1/surveys".equals(b.findElement(By.cssSelector(".opblock-summary-path")).getAttribute("data-path")))
                .findFirst().orElse(null));
        block.findElement(By.cssSelector(".opblock-summary-control")).click();
        browser.waitUntil(ExpectedConditions.elementToBeClickable(block.findElement(By.cssSelector(".try-out__btn")))).click();
        browser.waitUntil(d -> block.findElements(By.cssSelector(".execute")).stream().findFirst().orElse(null)).click();

        WebElement status = browser.waitUntil(d -> block.findElements(By.cssSelector(".live-responses-table tbody .response-col_status"))
                .stream().findFirst().orElse(null));
        assertThat(status.getText().strip()).isEqualTo("200");
        assertThat(block.findElement(By.cssSelector(".request-url")).getText()).contains(server.getURL() + "/api/v1/surveys");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void ourPageAroundTheReferencePassesAxeInBothLanguages() {
        for (String lang : List.of("vi", "en")) {
            browser.open(url("/api?lang=" + lang));
            browser.waitUntil(d -> !d.findElements(By.cssSelector(".opblock")).isEmpty());
            assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(lang);
            assertThat(browser.axeExcluding("#swagger-ui")).as("axe on /api in " + lang).isEmpty();
        }
        assertThat(browser.driver().findElement(By.cssSelector("main a[href='/openapi.yml']")).getText()).contains("OpenAPI");
    }

    @Test
    void theDescriptionOpensAsTextInTheBrowser() {
        browser.open(url("/openapi.yml"));

        assertThat(browser.driver().getCurrentUrl()).endsWith("/openapi.yml");
        String shown = browser.driver().findElement(By.tagName("body")).getText();
        assertThat(shown).startsWith("openapi:").contains("/api/v1/responses:").contains("servers:");
        assertThat(browser.script("return document.contentType")).isEqualTo("text/plain");
    }

    /** "GET /api/v1/surveys" for each operation in the built OpenAPI description, as Swagger UI shows them. */
    private static Set<String> describedOperations() throws IOException {
        try (InputStream in = ApiReferenceBrowserIT.class.getClassLoader().getResourceAsStream("META-INF/swagger/hailong-v1.yml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return ApiOperations.read(yaml).stream()
                    .map(op -> op.method().toUpperCase(Locale.ROOT) + " " + op.path())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
