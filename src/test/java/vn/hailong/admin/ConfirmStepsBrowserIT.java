package vn.hailong.admin;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import vn.hailong.support.Api;
import vn.hailong.support.Browser;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 item 15 in headless Chromium: revoking a kiosk, retiring a questionnaire and disabling an
 * account each go through a server-rendered confirmation page that says what will happen; "Cancel"
 * changes nothing, "Confirm" does it. Also: the agency form's pick lists, the admin tab bar on the
 * audit and flags pages, and the site icon. Every page passes axe in Vietnamese and in English.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfirmStepsBrowserIT implements DatabaseTest {

    @RegisterExtension
    static final Browser browser = Browser.kiosk();

    @Inject
    EmbeddedServer server;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    long kioskId;

    @BeforeAll
    void data() {
        Api api = new Api(client, json);
        String admin = api.adminToken();
        api.agency(admin, "CF", null);
        api.kiosk(admin, "CF");
        kioskId = Rows.count("SELECT MAX(id) FROM kiosk");
        api.reviewer(admin, "cf-reviewer", "CF");
        browser.open(url("/login?next=/admin"));
        browser.find(By.id("username")).sendKeys(ADMIN);
        browser.find(By.id("password")).sendKeys(ADMIN_PASSWORD);
        browser.find(By.cssSelector("form button[type=submit]")).click();
        browser.waitForPath("/admin");
    }

    private String url(String path) {
        return server.getURL() + path;
    }

    /** The confirmation page shown now: plain HTML (no script), axe clean, naming what will happen; returns its lines. */
    private List<String> confirmationPage(String lang, String heading) {
        browser.waitForPath(".*/(revoke|retire|disable)\\?lang=" + lang);
        assertThat(browser.find(By.id("confirm-title")).getText()).isEqualTo(heading);
        assertThat(browser.script("return document.documentElement.lang")).isEqualTo(lang);
        assertThat(browser.number("return document.scripts.length")).as("no script needed").isZero();
        assertThat(browser.axe()).as("axe on " + heading).isEmpty();
        return browser.driver().findElements(By.cssSelector("#consequences li")).stream().map(WebElement::getText).toList();
    }

    private long revokedKiosks() {
        return Rows.count("SELECT COUNT(*) FROM kiosk WHERE id = " + kioskId + " AND revoked_at IS NOT NULL");
    }

    @Test
    void revokingAKioskAsksFirstAndCancelChangesNothing() {
        for (String lang : List.of("en", "vi")) {
            browser.open(url("/admin/kiosks?lang=" + lang));
            browser.find(By.cssSelector("a.revoke")).click();
            List<String> lines = confirmationPage(lang, lang.equals("vi") ? "Thu hồi kiosk Counter 1?" : "Revoke kiosk Counter 1?");
            assertThat(lines).hasSize(4);
            assertThat(lines.get(0)).contains("Counter 1").contains("CF");
            assertThat(lines.get(3)).contains(lang.equals("vi") ? "Không thể hoàn tác" : "cannot be undone");
            browser.find(By.id("cancel")).click();
            browser.waitForPath("/admin/kiosks\\?lang=" + lang);
            assertThat(revokedKiosks()).as("cancel revokes nothing").isZero();
        }
        browser.find(By.cssSelector("a.revoke")).click();
        confirmationPage("vi", "Thu hồi kiosk Counter 1?");
        browser.find(By.id("confirm")).click();
        browser.waitForPath("/admin/kiosks\\?done=revoked.*");
        assertThat(revokedKiosks()).isEqualTo(1);
        assertThat(browser.driver().findElements(By.cssSelector("a.revoke"))).isEmpty();
    }

    @Test
    void retiringAQuestionnaireAsksFirstAndSaysWhatBecomesCurrent() {
        String current = "SELECT COUNT(*) FROM survey_version WHERE code = 'sipas-2023' AND retired_at IS NULL";
        browser.open(url("/admin/templates?lang=en"));
        browser.find(By.id("retire-sipas-2023")).click();
        List<String> lines = confirmationPage("en", "Retire every version of sipas-2023?");
        assertThat(lines.get(0)).contains("no longer offer");
        browser.find(By.id("cancel")).click();
        browser.waitForPath("/admin/templates\\?lang=en");
        assertThat(Rows.count(current)).isEqualTo(1);

        browser.open(url("/admin/templates?lang=vi"));
        browser.find(By.cssSelector("a.retire[href*='/versions/" + Rows.text("SELECT id FROM survey_version WHERE code = 'sipas-2023'") + "/']")).click();
        lines = confirmationPage("vi", "Ngừng dùng sipas-2023 v1?");
        assertThat(lines.get(0)).contains("phiên bản cuối");
        assertThat(lines.get(1)).startsWith("0 phiếu đã nhận");
        assertThat(Rows.count(current)).isEqualTo(1);
        browser.find(By.id("confirm")).click();
        browser.waitForPath("/admin/templates\\?done=retiredVersion.*");
        assertThat(Rows.count(current)).isZero();
    }

    @Test
    void disablingAnAccountAsksFirst() {
        String enabled = "SELECT COUNT(*) FROM account WHERE username = 'cf-reviewer' AND enabled = 1";
        for (String lang : List.of("vi", "en")) {
            browser.open(url("/admin/accounts/cf-reviewer?lang=" + lang));
            browser.find(By.id("disable")).click();
            List<String> lines = confirmationPage(lang, lang.equals("vi") ? "Khóa tài khoản cf-reviewer?" : "Disable account cf-reviewer?");
            assertThat(lines.get(0)).contains("cf-reviewer");
            browser.find(By.id("cancel")).click();
            browser.waitForPath("/admin/accounts/cf-reviewer\\?lang=" + lang);
            assertThat(Rows.count(enabled)).isEqualTo(1);
        }
        browser.find(By.id("disable")).click();
        confirmationPage("en", "Disable account cf-reviewer?");
        browser.find(By.id("confirm")).click();
        browser.waitForPath("/admin/accounts/cf-reviewer\\?done=disabled.*");
        assertThat(Rows.count(enabled)).isZero();
    }

    @Test
    void agencyKindAndTimeZoneArePickListsInTheReadersLanguage() {
        browser.open(url("/admin/agencies?lang=vi"));
        Select kind = new Select(browser.find(By.id("kind")));
        assertThat(kind.getOptions()).extracting(o -> o.getAttribute("value")).contains("", "PROVINCE", "DEPARTMENT", "COMMUNE", "CENTRE");
        assertThat(kind.getOptions()).extracting(WebElement::getText).contains("Tỉnh, thành phố", "Xã, phường, đặc khu");
        Select zone = new Select(browser.find(By.id("timeZone")));
        assertThat(zone.getFirstSelectedOption().getAttribute("value")).isEqualTo("Asia/Ho_Chi_Minh");
        assertThat(zone.getFirstSelectedOption().getText()).startsWith("Giờ Việt Nam");

        browser.find(By.id("code")).sendKeys("CF-1");
        browser.find(By.id("parent")).sendKeys("CF");
        browser.find(By.id("nameVi")).sendKeys("Xã Xác Nhận");
        kind.selectByValue("COMMUNE");
        browser.find(By.id("create")).click();
        browser.waitUntil(d -> d.getCurrentUrl().contains("done=created&what=CF-1&"));
        assertThat(Rows.text("SELECT CONCAT(kind, ' ', time_zone) FROM agency WHERE code = 'CF-1'")).isEqualTo("COMMUNE Asia/Ho_Chi_Minh");
        assertThat(browser.find(By.cssSelector("#tree li[data-code='CF-1']")).getText()).contains("Xã, phường, đặc khu");
        for (String lang : List.of("vi", "en")) {
            browser.open(url("/admin/agencies/CF-1?lang=" + lang));
            assertThat(new Select(browser.find(By.id("kind"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("COMMUNE");
            assertThat(browser.axe()).as("axe on the agency page " + lang).isEmpty();
            browser.open(url("/admin/agencies?lang=" + lang));
            assertThat(browser.axe()).as("axe on the agency tree " + lang).isEmpty();
        }
    }

    @Test
    void theAuditAndFlagsPagesCarryTheAdminTabBarAndEveryPageHasAnIcon() throws Exception {
        for (String lang : List.of("vi", "en")) {
            for (String page : List.of("audit", "flags")) {
                browser.open(url("/admin/" + page + "?lang=" + lang));
                WebElement current = browser.find(By.cssSelector("nav ul.admin-nav a[aria-current=page]"));
                assertThat(current.getAttribute("href")).contains("/admin/" + page);
                assertThat(browser.driver().findElements(By.cssSelector("nav ul.admin-nav a"))).hasSizeGreaterThanOrEqualTo(9);
                assertThat(browser.axe()).as("axe on /admin/" + page + " " + lang).isEmpty();
            }
        }
        // The icon the pages name, and the one browsers look for by themselves: both answer, neither is a 404.
        assertThat(browser.script("return document.querySelector('link[rel=icon]').getAttribute('href')")).isEqualTo("/static/favicon.svg");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String path : List.of("/static/favicon.svg", "/favicon.ico")) {
            HttpResponse<byte[]> icon = http.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(icon.statusCode()).as(path).isEqualTo(200);
            assertThat(icon.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("image/svg+xml");
            assertThat(new String(icon.body(), java.nio.charset.StandardCharsets.UTF_8)).startsWith("<svg");
        }
    }
}
