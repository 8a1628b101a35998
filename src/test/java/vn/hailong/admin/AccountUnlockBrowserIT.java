package vn.hailong.admin;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import vn.hailong.support.Browser;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.RawHttp;
import vn.hailong.support.Rows;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, red-team finding 4, as an administrator sees it in headless Chromium: a reviewer locked
 * by wrong passwords shows "Bị khóa đến HH:mm" on the accounts page (axe-clean in vi and en), the
 * Unlock button clears it, the page confirms, the audit log has it, and the reviewer logs in again.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountUnlockBrowserIT implements DatabaseTest {

    static final String JSON = "application/json";

    @RegisterExtension
    static final Browser browser = Browser.kiosk();

    @Inject
    EmbeddedServer server;

    @Test
    void anAdministratorSeesALockedAccountAndUnlocksIt() {
        RawHttp http = new RawHttp(server.getPort());
        String admin = RawHttp.field(http.post("/api/v1/login", JSON,
                "{\"username\":\"" + ADMIN + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}").body(), "accessToken");
        http.post("/api/v1/agencies", JSON, "{\"code\":\"UL\",\"nameVi\":\"UL\",\"nameEn\":\"UL\",\"kind\":\"PROVINCE\",\"parent\":null}",
                "Authorization", "Bearer " + admin);
        assertThat(http.post("/api/v1/accounts", JSON, "{\"username\":\"locked-rev\",\"password\":\"right-password\",\"role\":\"REVIEWER\","
                + "\"agency\":\"UL\"}", "Authorization", "Bearer " + admin).statusCode()).isEqualTo(201);
        for (int i = 0; i < 5; i++) {
            http.post("/api/v1/login", JSON, "{\"username\":\"locked-rev\",\"password\":\"wrong-" + i + "\"}");
        }
        assertThat(http.post("/api/v1/login", JSON, "{\"username\":\"locked-rev\",\"password\":\"right-password\"}").statusCode())
                .isEqualTo(429);

        browser.open(server.getURL() + "/login?next=/admin/accounts");
        browser.find(By.id("username")).sendKeys(ADMIN);
        browser.find(By.id("password")).sendKeys(ADMIN_PASSWORD);
        browser.find(By.cssSelector("form button[type=submit]")).click();
        browser.waitForPath("/admin/accounts");

        for (String lang : new String[] {"en", "vi"}) {
            browser.open(server.getURL() + "/admin/accounts?lang=" + lang);
            assertThat(browser.axe()).as("axe-core on the accounts page with a locked account (%s)", lang).isEmpty();
        }
        String row = browser.find(By.cssSelector("#accounts tr[data-username='locked-rev']")).getText();
        assertThat(row).containsPattern("Bị khóa đến \\d\\d:\\d\\d").contains("Mở khóa");
        assertThat(browser.find(By.cssSelector("#accounts tr[data-username='" + ADMIN + "']")).getText()).doesNotContain("Mở khóa");

        browser.find(By.cssSelector("#accounts tr[data-username='locked-rev'] form button")).click();
        browser.waitUntil(d -> d.getCurrentUrl().contains("done=unlocked&what=locked-rev"));
        assertThat(browser.find(By.id("done")).getText()).isEqualTo("locked-rev có thể đăng nhập lại.");
        assertThat(browser.find(By.cssSelector("#accounts tr[data-username='locked-rev']")).getText()).doesNotContain("Mở khóa");
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'account.unlock' AND actor = 'admin'"
                + " AND target = 'account:locked-rev'")).isEqualTo(1);
        assertThat(http.post("/api/v1/login", JSON, "{\"username\":\"locked-rev\",\"password\":\"right-password\"}").statusCode())
                .isEqualTo(200);
    }
}
