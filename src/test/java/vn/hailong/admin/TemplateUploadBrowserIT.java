package vn.hailong.admin;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import vn.hailong.support.Browser;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Questionnaires;
import vn.hailong.support.RawHttp;
import vn.hailong.support.Rows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15 §4 as a province administrator sees it in headless Chromium: on /admin/templates a
 * broken questionnaire file gets every problem with its line and nothing is stored; a good one is
 * previewed side by side in Vietnamese and English (each column marked with its language), then
 * published, and is at once offered at the province's agencies — and only there. The page passes
 * axe (no serious or critical violation) in vi and en with the problems and with the preview.
 * Screenshot: target/docs-screenshots/templates-preview-vi.png.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateUploadBrowserIT implements DatabaseTest {

    static final String JSON = "application/json";

    @RegisterExtension
    static final Browser browser = Browser.kiosk();

    @Inject
    EmbeddedServer server;

    private void accessible(String what) {
        assertThat(browser.axe()).as("axe-core serious/critical violations on %s", what).isEmpty();
    }

    private void upload(Path file, String lang) {
        browser.open(server.getURL() + "/admin/templates?lang=" + lang);
        browser.find(By.id("template-file")).sendKeys(file.toAbsolutePath().toString());
        browser.find(By.id("check-template")).click();
        browser.waitUntil(d -> !d.findElements(By.id("template-problems")).isEmpty() || !d.findElements(By.id("template-preview")).isEmpty());
        assertThat(browser.script("return document.documentElement.lang")).isEqualTo(lang);
    }

    @Test
    void aProvinceAdministratorChecksPreviewsAndPublishesAQuestionnaire() throws Exception {
        RawHttp http = new RawHttp(server.getPort());
        String admin = RawHttp.field(http.post("/api/v1/login", JSON,
                "{\"username\":\"" + ADMIN + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}").body(), "accessToken");
        for (String agency : List.of("{\"code\":\"BT\",\"nameVi\":\"Tỉnh BT\",\"nameEn\":\"BT Province\",\"kind\":\"PROVINCE\"}",
                "{\"code\":\"BT-1\",\"nameVi\":\"Xã BT 1\",\"nameEn\":\"BT commune 1\",\"kind\":\"COMMUNE\",\"parent\":\"BT\"}",
                "{\"code\":\"OT\",\"nameVi\":\"Tỉnh OT\",\"nameEn\":\"OT Province\",\"kind\":\"PROVINCE\"}")) {
            assertThat(http.post("/api/v1/agencies", JSON, agency, "Authorization", "Bearer " + admin).statusCode()).isEqualTo(201);
        }
        assertThat(http.post("/api/v1/accounts", JSON, "{\"username\":\"bt-admin\",\"password\":\"province-password\",\"role\":\"ADMIN\","
                + "\"agency\":\"BT\"}", "Authorization", "Bearer " + admin).statusCode()).isEqualTo(201);

        Path folder = Files.createTempDirectory("hailong-templates");
        Path broken = folder.resolve("bt-broken.yml");
        Files.writeString(broken, Questionnaires.yaml("bt-counter", 0, "Ghế chờ đủ chỗ", "Enough seats").replace("indexScale: s5",
                "indexScale: s9"), StandardCharsets.UTF_8);
        Path good = folder.resolve("bt-counter.yml");
        Files.writeString(good, Questionnaires.yaml("bt-counter", 1, "Ghế chờ đủ chỗ", "Enough seats while waiting"), StandardCharsets.UTF_8);

        browser.open(server.getURL() + "/login?next=/admin/templates");
        browser.find(By.id("username")).sendKeys("bt-admin");
        browser.find(By.id("password")).sendKeys("province-password");
        browser.find(By.cssSelector("form button[type=submit]")).click();
        browser.waitForPath("/admin/templates");
        // A province administrator is not offered what only the national administrator may open.
        assertThat(browser.driver().findElements(By.cssSelector("nav a[href^='/admin/audit']"))).isEmpty();
        accessible("/admin/templates (vi)");

        // A broken file: every problem with its line, in the page's language around the parser's words; nothing stored.
        for (String lang : List.of("vi", "en")) {
            upload(broken, lang);
            List<String> lines = browser.driver().findElements(By.cssSelector("#template-problems li")).stream()
                    .map(li -> li.getAttribute("data-line")).toList();
            assertThat(lines).containsExactly("2", "13");
            accessible("the problems (" + lang + ")");
        }
        assertThat(browser.find(By.id("template-problems")).getText()).contains("Line 2 (version):").contains("must be 1 or more");
        assertThat(Rows.count("SELECT COUNT(*) FROM survey_version WHERE code = 'bt-counter'")).isZero();

        // A good file: the preview shows both languages, each column marked with its own.
        for (String lang : List.of("en", "vi")) {
            upload(good, lang);
            WebElement vi = browser.find(By.id("preview-vi"));
            WebElement en = browser.find(By.id("preview-en"));
            assertThat(vi.getAttribute("lang")).isEqualTo("vi");
            assertThat(en.getAttribute("lang")).isEqualTo("en");
            assertThat(vi.getText()).contains("Phiếu thử bt-counter").contains("E1.1 Ghế chờ đủ chỗ").contains("5 · Rất hài lòng");
            assertThat(en.getText()).contains("Test form bt-counter").contains("E1.1 Enough seats while waiting").contains("5 · Very satisfied");
            accessible("the preview (" + lang + ")");
        }
        assertThat(browser.find(By.id("preview-ok")).getText()).isEqualTo("Không có lỗi. bt-counter v1 sẽ được dùng tại BT và các cơ quan trực thuộc.");
        browser.screenshot("templates-preview-vi");
        assertThat(Rows.count("SELECT COUNT(*) FROM survey_version WHERE code = 'bt-counter'")).as("nothing stored before publishing").isZero();

        browser.find(By.id("publish-template")).click();
        browser.waitUntil(d -> d.getCurrentUrl().contains("done=published"));
        assertThat(browser.find(By.id("done")).getText()).startsWith("Đã phát hành: bt-counter v1.");
        assertThat(browser.find(By.cssSelector("#survey-bt-counter .owner")).getText()).isEqualTo("Dùng tại BT và các cơ quan trực thuộc.");
        accessible("/admin/templates after publishing (vi)");
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'template.import' AND actor = 'bt-admin'"
                + " AND target = 'survey:bt-counter v1'")).isEqualTo(1);

        // Offered at once, in the province only.
        assertThat(http.get("/s/BT-1/bt-counter").statusCode()).isEqualTo(200);
        assertThat(http.get("/s/BT-1/bt-counter").body()).contains("Ghế chờ đủ chỗ");
        assertThat(http.get("/s/OT/bt-counter").statusCode()).isEqualTo(404);
    }
}
