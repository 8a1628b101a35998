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
import vn.hailong.support.Rows;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An administrator in headless Chromium: logs in, adds an agency through the tree page, enrols a
 * kiosk for it and sees its token once. Every page passes axe (no
 * serious or critical violation) in Vietnamese and in English.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminBrowserIT implements DatabaseTest {

    @RegisterExtension
    static final Browser browser = Browser.kiosk();

    @Inject
    EmbeddedServer server;

    private String url(String path) {
        return server.getURL() + path;
    }

    private void fill(String id, String text) {
        WebElement field = browser.find(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** A pick list (the agency kind, issue 12 item 15): chosen by its value, as a person picks the label. */
    private void choose(String id, String value) {
        new org.openqa.selenium.support.ui.Select(browser.find(By.id(id))).selectByValue(value);
    }

    private void accessibleInBothLanguages(String path) {
        for (String lang : new String[]{"vi", "en"}) {
            browser.open(url(path + (path.contains("?") ? "&" : "?") + "lang=" + lang));
            assertThat(browser.script("return document.documentElement.lang")).isEqualTo(lang);
            assertThat(browser.axe()).as("axe-core serious/critical violations on %s (%s)", path, lang).isEmpty();
        }
    }

    @Test
    void anAdministratorAddsAnAgencyAndEnrolsAKioskForIt() {
        browser.open(url("/login?next=/admin"));
        fill("username", ADMIN);
        browser.find(By.id("password")).sendKeys(ADMIN_PASSWORD);
        browser.find(By.cssSelector("form button[type=submit]")).click();
        browser.waitForPath("/admin");
        accessibleInBothLanguages("/admin");

        // The site navigation offers the administration to administrators.
        browser.open(url("/admin/agencies?lang=vi"));
        assertThat(browser.find(By.cssSelector(".bar-links a[href^='/admin']")).getText()).isEqualTo("Quản trị");

        // A province, then a commune under it, through the form.
        fill("code", "BR");
        fill("nameVi", "Tỉnh Bắc Ruộng");
        fill("nameEn", "Bac Ruong Province");
        choose("kind", "PROVINCE");
        browser.find(By.id("create")).click();
        // The redirect names what was created: a wait for "done=created" alone would pass on the
        // previous page after the second form, and its elements would go stale under the test.
        browser.waitUntil(d -> d.getCurrentUrl().contains("done=created&what=BR&"));
        fill("code", "BR-1");
        fill("parent", "BR");
        fill("nameVi", "Xã Một");
        choose("kind", "COMMUNE");
        browser.find(By.id("create")).click();
        browser.waitUntil(d -> d.getCurrentUrl().contains("done=created&what=BR-1&"));
        assertThat(browser.find(By.id("done")).getText()).isEqualTo("Đã tạo: BR-1.");
        WebElement child = browser.find(By.cssSelector("#tree li[data-code='BR-1']"));
        assertThat(child.getAttribute("data-depth")).isEqualTo("1");
        assertThat(child.getText()).contains("Xã Một");
        assertThat(Rows.count("SELECT COUNT(*) FROM agency_closure c JOIN agency a ON a.id = c.ancestor_id "
                + "JOIN agency d ON d.id = c.descendant_id WHERE a.code = 'BR' AND d.code = 'BR-1' AND c.depth = 1")).isEqualTo(1);

        // A mistake is explained, in the page's language, and the form keeps what was typed.
        browser.open(url("/admin/agencies?lang=en"));
        fill("code", "BR-1");
        fill("nameVi", "Trùng");
        choose("kind", "COMMUNE");
        browser.find(By.id("create")).click();
        browser.waitUntil(d -> !d.findElements(By.id("errors")).isEmpty());
        assertThat(browser.find(By.id("errors")).getText()).contains("Code: BR-1 is used by another agency already.");
        assertThat(browser.find(By.id("nameVi")).getAttribute("value")).isEqualTo("Trùng");
        assertThat(browser.axe()).as("axe-core on the page with errors").isEmpty();
        accessibleInBothLanguages("/admin/agencies");
        accessibleInBothLanguages("/admin/agencies/BR-1");

        // Enrol a kiosk for the new commune: the token shows once.
        browser.open(url("/admin/kiosks?lang=en"));
        fill("agency", "BR-1");
        fill("label", "Counter 1");
        browser.find(By.id("enrol")).click();
        browser.waitUntil(d -> d.getCurrentUrl().contains("/enrolled"));
        String token = browser.find(By.id("kiosk-token")).getText();
        assertThat(token).startsWith("hk_");
        assertThat(browser.axe()).as("axe-core on the enrolled page").isEmpty();
        String setup = browser.find(By.id("setup-link")).getAttribute("href");
        browser.driver().navigate().refresh();
        assertThat(browser.driver().findElements(By.id("kiosk-token"))).isEmpty();
        assertThat(browser.find(By.id("token-gone")).isDisplayed()).isTrue();
        accessibleInBothLanguages("/admin/kiosks");
        accessibleInBothLanguages("/admin/accounts");
        accessibleInBothLanguages("/admin/accounts/" + ADMIN);
        accessibleInBothLanguages("/admin/templates");

        assertThat(setup).contains("/kiosk/setup#token=hk_");
        browser.open(url("/admin/kiosks?lang=en"));
        assertThat(browser.find(By.id("kiosks")).getText()).contains("Counter 1").contains("BR-1").contains("never");
    }
}
