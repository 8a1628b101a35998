package vn.hailong.flag;

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
import org.openqa.selenium.By;
import vn.hailong.support.Api;
import vn.hailong.support.Browser;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin, in the browser: logs in, confirms a flagged response on /admin/flags, then verifies
 * the audit chain on /admin/audit and finds the decision there. Both pages pass axe-core.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlagReviewBrowserIT implements DatabaseTest {

    @RegisterExtension
    static final Browser browser = Browser.sized(1280, 900, false);

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    HttpClient http;
    String night;

    @BeforeAll
    void setUp() {
        http = HttpClient.create(server.getURL());
        Api api = new Api(http, json);
        String admin = api.adminToken();
        api.agency(admin, "BR", null);
        String kiosk = api.kiosk(admin, "BR");
        Map<String, Object> answers = new LinkedHashMap<>();
        Api.SIPAS_CRITERIA.forEach(code -> answers.put(code, 4));
        Map<String, Object> body = Api.submission("BR", answers);
        body.put("channel", "kiosk");
        body.put("submittedAt", "2026-11-17T22:15:00+07:00");
        assertThat(api.post("/api/v1/responses", body, kiosk).status()).isEqualTo(201);
        night = (String) body.get("id");
    }

    @AfterAll
    void close() {
        http.close();
    }

    @Test
    void adminConfirmsAFlagAndFindsTheDecisionInAVerifiedAuditLog() {
        browser.open(url("/login?next=%2Fadmin%2Fflags%3Flang%3Dvi"));
        browser.find(By.name("username")).sendKeys(ADMIN);
        browser.find(By.name("password")).sendKeys(ADMIN_PASSWORD);
        browser.find(By.cssSelector("form[action*='login'] button[type=submit]")).click();
        browser.waitForPath("/admin/flags\\?lang=vi");

        long flag = Rows.count("SELECT id FROM response_flag WHERE response_id = '" + night + "'");
        assertThat(browser.find(By.id("flag-" + flag)).getText()).contains("Ngoài giờ làm việc").contains("BR")
                .contains("2026-11-17 22:15:00").contains("đang được tính");
        assertThat(browser.axe()).as("axe-core serious/critical violations on /admin/flags").isEmpty();
        browser.screenshot("admin-flags-vi");

        browser.find(By.cssSelector("#flag-" + flag + " form[action*='/confirm'] button")).click();
        browser.waitUntil(d -> !d.findElements(By.cssSelector("[role=status]")).isEmpty());
        assertThat(browser.find(By.cssSelector("[role=status]")).getText()).isEqualTo("Đã lưu quyết định.");
        assertThat(browser.driver().findElements(By.id("flag-" + flag))).isEmpty();
        assertThat(Rows.text("SELECT state FROM response_flag WHERE id = " + flag)).isEqualTo("confirmed");

        browser.open(url("/admin/audit?lang=en"));
        browser.find(By.cssSelector("form[action*='/admin/audit/verify'] button")).click();
        browser.waitUntil(d -> {
            try { // the form posts and the page comes back (PRG): the old element may go stale
                return d.findElement(By.id("chain-status")).getText().startsWith("Intact");
            } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException gone) {
                return false;
            }
        });
        assertThat(browser.find(By.id("audit-rows")).getText()).contains("flag.confirm").contains("flag:" + flag)
                .contains("audit.verify").contains("login");
        assertThat(browser.axe()).as("axe-core serious/critical violations on /admin/audit").isEmpty();
        browser.screenshot("admin-audit-en");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }
}
