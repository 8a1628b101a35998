package vn.hailong.alert;

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
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import vn.hailong.support.Api;
import vn.hailong.support.Browser;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;
import vn.hailong.support.WebhookReceiver;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A commune's reviewer follows an unhappy citizen up in headless Chromium: creates a not-satisfied
 * rule on the rules page (a bad threshold refused first, per field, in Vietnamese), a citizen's
 * "Không hài lòng" rating opens a case through the app's own outbox dispatcher, the dashboard
 * counts it and links to the inbox, the reviewer opens the case, acknowledges it, is refused an
 * empty resolution note, resolves it with a note, and deletes the rule. Inbox, case and rules pages
 * pass axe-core in Vietnamese and English.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertPagesBrowserIT implements DatabaseTest {

    @RegisterExtension
    static final Browser browser = Browser.sized(1280, 900, false);

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    HttpClient http;
    Api api;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("hailong.outbox.poll", "100ms", "hailong.limits.public.enabled", "false");
    }

    @BeforeAll
    void setUp() {
        http = HttpClient.create(server.getURL());
        api = new Api(http, json);
        String admin = api.adminToken();
        api.agency(admin, "PG", null);
        api.agency(admin, "PG-1", "PG");
        api.agency(admin, "PG-OTHER", null);
        api.reviewer(admin, "rev-pg", "PG");
    }

    @AfterAll
    void close() {
        http.close();
    }

    @Test
    void aReviewerFollowsAnUnhappyRatingUpFromRuleToResolvedCase() throws Exception {
        browser.open(url("/login?next=%2Freports%2Falerts%2Frules%3Flang%3Dvi"));
        browser.find(By.name("username")).sendKeys("rev-pg");
        browser.find(By.name("password")).sendKeys("reviewer-password");
        browser.find(By.cssSelector("form[action*='login'] button[type=submit]")).click();
        browser.waitForPath("/reports/alerts/rules\\?lang=vi");

        // the rules page: the reviewer's own subtree only, one form per kind
        assertThat(browser.find(By.id("no-rules")).getText()).isEqualTo("Chưa có quy tắc nào.");
        assertThat(browser.find(By.id("not-satisfied-agency")).getText()).contains("PG-1").doesNotContain("PG-OTHER");
        assertThat(browser.axe()).as("axe-core on /reports/alerts/rules (vi)").isEmpty();

        // a threshold that is no number: refused naming the field, in Vietnamese, nothing stored
        long rulesBefore = Rows.count("SELECT COUNT(*) FROM alert_rule");
        WebElement threshold = browser.find(By.id("below-threshold-threshold"));
        threshold.clear();
        threshold.sendKeys("bảy mươi");
        browser.find(By.id("create-below-threshold")).click();
        waitForElement("errors");
        assertThat(browser.find(By.id("errors")).getText()).contains("Chưa lưu quy tắc.").contains("Ngưỡng: cần một số từ 0 đến 100.");
        assertThat(browser.find(By.id("below-threshold-threshold")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find(By.id("below-threshold-threshold")).getAttribute("value")).isEqualTo("bảy mươi");
        assertThat(Rows.count("SELECT COUNT(*) FROM alert_rule")).isEqualTo(rulesBefore);
        assertThat(browser.axe()).as("axe-core on the refused rules form (vi)").isEmpty();

        // a not-satisfied rule for PG-1
        new Select(browser.find(By.id("not-satisfied-agency"))).selectByValue("PG-1");
        browser.find(By.id("not-satisfied-recipients")).sendKeys("truong.bophan@example.vn");
        browser.find(By.id("create-not-satisfied")).click();
        browser.waitForPath("/reports/alerts/rules\\?done=created.*");
        long rule = Rows.count("SELECT MAX(id) FROM alert_rule");
        assertThat(browser.find(By.id("done")).getText()).isEqualTo("Đã tạo quy tắc số " + rule + ".");
        assertThat(browser.find(By.id("rule-" + rule)).getText()).contains("PG-1").contains("Đánh giá \"Không hài lòng\"")
                .contains("truong.bophan@example.vn").contains("hạn 48 giờ").contains("rev-pg");
        assertThat(Rows.text("SELECT created_by FROM alert_rule WHERE id = " + rule)).isEqualTo("rev-pg");

        // a citizen taps "Không hài lòng": stored, and the app's outbox dispatcher opens the case
        Map<String, Object> rating = AlertsIT.rating("PG-1", 1, "Chờ hơn hai tiếng mà không ai hướng dẫn");
        assertThat(api.post("/api/v1/responses", rating, null).status()).isEqualTo(201);
        WebhookReceiver.await(Duration.ofSeconds(30), () -> Rows.count("SELECT COUNT(*) FROM alert_case WHERE rule_id = " + rule) == 1);
        long id = Rows.count("SELECT id FROM alert_case WHERE rule_id = " + rule);

        // the dashboard of PG counts it and links to the inbox
        browser.open(url("/reports?agency=PG&survey=one-stop-rating&period=all&lang=vi"));
        assertThat(browser.find(By.id("alert-counts")).getText()).contains("1 chưa xử lý xong").contains("0 quá hạn");
        browser.find(By.id("alerts-unresolved")).click();
        browser.waitForPath("/reports/alerts\\?.*agency=PG.*");

        // the inbox: agency, kind in words, times in the agency's zone (named), owner, linked responses
        String opened = Rows.text("SELECT opened_at FROM alert_case WHERE id = " + id);
        String expectedOpened = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").format(LocalDateTime.parse(opened.replace(' ', 'T'))
                .atOffset(ZoneOffset.UTC).atZoneSameInstant(ZoneId.of("Asia/Ho_Chi_Minh")));
        String row = browser.find(By.id("case-" + id)).getText();
        assertThat(row).contains("Số " + id).contains("PG-1").contains("Đánh giá \"Không hài lòng\"").contains("Mới")
                .contains(expectedOpened).contains("Asia/Ho_Chi_Minh").contains("Chưa có").doesNotContain("Quá hạn");
        assertThat(browser.find(By.cssSelector("#case-" + id + " td.num")).getText()).isEqualTo("1");
        assertThat(browser.axe()).as("axe-core on /reports/alerts (vi)").isEmpty();
        browser.screenshot("alerts-inbox-vi");
        browser.open(url("/reports/alerts?lang=en"));
        assertThat(browser.find(By.id("case-" + id)).getText()).contains("\"Not satisfied\" rating").contains("Open").contains("None yet");
        assertThat(browser.axe()).as("axe-core on /reports/alerts (en)").isEmpty();

        // the e-mail's link (?case=) opens the case page with the linked response, its reason and comment
        browser.open(url("/reports/alerts?case=" + id + "&lang=vi"));
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Cảnh báo số " + id);
        assertThat(browser.find(By.id("linked")).getText()).contains("Không hài lòng (1)").contains("Phải chờ đợi lâu")
                .contains("Chờ hơn hai tiếng mà không ai hướng dẫn").contains("PG-1");
        assertThat(browser.axe()).as("axe-core on the case page (vi)").isEmpty();

        browser.find(By.id("acknowledge")).click();
        browser.waitForPath("/reports/alerts/" + id + "\\?done=acknowledged.*");
        assertThat(browser.find(By.id("done")).getText()).isEqualTo("Đã tiếp nhận cảnh báo; bạn là người xử lý.");
        assertThat(browser.find(By.id("case-owner")).getText()).isEqualTo("rev-pg");
        assertThat(Rows.text("SELECT status FROM alert_case WHERE id = " + id)).isEqualTo("acknowledged");
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'alert.acknowledge' AND target = 'alert:" + id + "'"))
                .isEqualTo(1);
        assertThat(browser.driver().findElements(By.id("acknowledge"))).isEmpty();

        // its deadline passes: marked overdue in the inbox's overdue filter and on the dashboard
        try (Connection connection = Rows.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE alert_case SET deadline = '2026-01-05 01:00:00' WHERE id = " + id);
        }
        browser.open(url("/reports?agency=PG&survey=one-stop-rating&period=all&lang=en"));
        assertThat(browser.find(By.id("alert-counts")).getText()).contains("1 not yet resolved").contains("1 overdue");
        browser.find(By.id("alerts-overdue")).click();
        browser.waitForPath("/reports/alerts\\?.*overdue=1.*");
        assertThat(browser.find(By.id("overdue")).isSelected()).isTrue();
        assertThat(browser.find(By.id("case-" + id)).getText()).contains("Overdue").contains("05/01/2026 08:00")
                .contains("Acknowledged").contains("rev-pg");
        assertThat(browser.find(By.id("case-" + id)).getAttribute("class")).contains("overdue");

        // an empty note is refused, in the reader's language, and nothing changes
        browser.open(url("/reports/alerts/" + id + "?lang=vi"));
        browser.find(By.id("resolve")).click();
        waitForElement("errors");
        assertThat(browser.find(By.id("errors")).getText()).contains("Không có gì thay đổi.")
                .contains("Kết quả xử lý: bắt buộc. Hãy ghi rõ đã làm gì trước khi đóng cảnh báo.");
        assertThat(browser.find(By.id("note")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(Rows.text("SELECT status FROM alert_case WHERE id = " + id)).isEqualTo("acknowledged");
        assertThat(Rows.count("SELECT COUNT(*) FROM outbox_event WHERE kind = 'alert.resolved' AND subject = '" + id + "'")).isZero();
        assertThat(browser.axe()).as("axe-core on the case page with a refused note (vi)").isEmpty();
        browser.screenshot("alerts-case-refused-vi");

        browser.find(By.id("note")).sendKeys("Đã gọi lại cho công dân, bố trí thêm cán bộ hướng dẫn ở quầy 3.");
        browser.find(By.id("resolve")).click();
        browser.waitForPath("/reports/alerts/" + id + "\\?done=resolved.*");
        assertThat(browser.find(By.id("done")).getText()).isEqualTo("Đã đóng cảnh báo với kết quả xử lý.");
        assertThat(browser.find(By.id("case-note")).getText()).isEqualTo("Đã gọi lại cho công dân, bố trí thêm cán bộ hướng dẫn ở quầy 3.");
        assertThat(browser.driver().findElements(By.id("resolve-form"))).isEmpty();
        assertThat(Rows.text("SELECT status FROM alert_case WHERE id = " + id)).isEqualTo("resolved");
        // the same path as the API: one audit row and one alert.resolved event on the outbox
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'alert.resolve' AND target = 'alert:" + id + "'"))
                .isEqualTo(1);
        assertThat(Rows.count("SELECT COUNT(*) FROM outbox_event WHERE kind = 'alert.resolved' AND subject = '" + id + "'")).isEqualTo(1);
        browser.open(url("/reports/alerts/" + id + "?lang=en"));
        assertThat(browser.find(By.id("case-status")).getText()).contains("Resolved").doesNotContain("Overdue");
        assertThat(browser.axe()).as("axe-core on the case page (en)").isEmpty();

        // the rules page in English: the rule is deleted, its case kept
        browser.open(url("/reports/alerts/rules?lang=en"));
        assertThat(browser.axe()).as("axe-core on /reports/alerts/rules (en)").isEmpty();
        browser.screenshot("alerts-rules-en");
        browser.find(By.id("delete-" + rule)).click();
        browser.waitForPath("/reports/alerts/rules\\?done=deleted.*");
        assertThat(browser.find(By.id("done")).getText()).isEqualTo("Rule " + rule + " deleted; the cases it opened are kept.");
        assertThat(browser.driver().findElements(By.id("rule-" + rule))).isEmpty();
        assertThat(Rows.count("SELECT COUNT(*) FROM alert_rule WHERE id = " + rule + " AND deleted_at IS NOT NULL")).isEqualTo(1);
        assertThat(Rows.count("SELECT COUNT(*) FROM alert_case WHERE id = " + id)).isEqualTo(1);
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'alert.rule.delete' AND target = 'alert-rule:" + rule + "'"))
                .isEqualTo(1);
    }

    /** Waits for an element of the page that a form post brings back (the old page's elements may go stale meanwhile). */
    private void waitForElement(String id) {
        browser.waitUntil(d -> {
            try {
                return d.findElement(By.id(id)).isDisplayed();
            } catch (NoSuchElementException | StaleElementReferenceException gone) {
                return false;
            }
        });
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }
}
