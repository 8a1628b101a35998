package vn.hailong.entry;

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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import vn.hailong.support.Api;
import vn.hailong.support.Browser;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paper entry in headless Chromium (issue 15): a typist opens a round that keys every sheet
 * twice, is refused a sheet with empty boxes (in Vietnamese, nothing stored), then keys a sheet
 * with the keyboard alone — digits, Tab and Enter in the order of the paper, Enter in the last
 * box sends it; a second typist keys the same sheet with one box different, which makes it a
 * mismatch that neither of them may resolve; a third account sees both keyings side by side (in
 * English), keys the box from the paper and the sheet counts. Every page passes axe-core.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaperEntryBrowserIT implements DatabaseTest {

    @RegisterExtension
    static final Browser browser = Browser.sized(1280, 900, false);

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    HttpClient http;

    @BeforeAll
    void setUp() {
        http = HttpClient.create(server.getURL());
        Api api = new Api(http, json);
        String admin = api.adminToken();
        api.agency(admin, "PB", null);
        api.agency(admin, "PB-1", "PB");
        api.dataEntry(admin, "tv-an", "PB");
        api.dataEntry(admin, "tv-binh", "PB-1");
        api.dataEntry(admin, "tv-chi", "PB");
    }

    @AfterAll
    void close() {
        http.close();
    }

    @Test
    void aSheetKeyedByKeyboardTwiceWithOneDifferenceIsResolvedByAThirdAccount() {
        login("tv-an");
        // a DATA_ENTRY account lands on the entry pages, not on the reports it may not see
        browser.waitForPath("/entry");
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Paper entry"); // the browser asks for English
        browser.open(url("/entry?lang=vi"));
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Nhập phiếu giấy");
        assertThat(browser.find(By.id("no-rounds")).getText()).isEqualTo("Chưa có đợt nào.");
        assertThat(browser.axe()).as("axe-core on /entry (vi)").isEmpty();

        browser.find(By.id("name")).sendKeys("Quý 4/2026 - phiếu giấy");
        new Select(browser.find(By.id("agency"))).selectByValue("PB-1");
        new Select(browser.find(By.id("survey"))).selectByValue("sipas-2017");
        browser.find(By.id("create-round")).click();
        browser.waitForPath("/entry/rounds/\\d+\\?done=created.*");
        Matcher id = Pattern.compile("/entry/rounds/(\\d+)").matcher(browser.driver().getCurrentUrl());
        assertThat(id.find()).isTrue();
        long round = Long.parseLong(id.group(1));
        assertThat(browser.find(By.id("done")).getText()).isEqualTo("Đã mở đợt. Có thể nhập phiếu ngay.");

        // sent with empty boxes: refused box by box, in Vietnamese, nothing stored
        browser.find(By.id("save-sheet")).click();
        browser.waitUntil(d -> !d.findElements(By.id("problems")).isEmpty());
        assertThat(browser.find(By.id("problems")).getText()).contains("Chưa lưu gì.").contains("Số phiếu: cần một số từ 1 đến 999999.")
                .contains("Câu 1: ô này đang trống: gõ 0 nếu câu không được trả lời.");
        assertThat(browser.find(By.id("f.E1.1")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(Rows.count("SELECT COUNT(*) FROM entry_sheet WHERE round_id = " + round)).isZero();
        assertThat(browser.axe()).as("axe-core on a refused sheet (vi)").isEmpty();

        // the keyboard alone: the sheet number has the focus; Tab and Enter walk the boxes in paper order
        browser.open(url("/entry/rounds/" + round + "?lang=vi"));
        assertThat(active().getAttribute("id")).isEqualTo("sheetNo");
        type("12", Keys.TAB);
        assertThat(active().getAttribute("id")).isEqualTo("date");
        type("", Keys.TAB); // the date on the sheet: today, as filled in
        assertThat(active().getAttribute("id")).isEqualTo("f.E1.1");
        List<String> criteria = Api.SIPAS_CRITERIA;
        for (int i = 0; i < criteria.size(); i++) {
            assertThat(active().getAttribute("id")).isEqualTo("f." + criteria.get(i));
            String digit = criteria.get(i).equals("E2.1") ? "4" : criteria.get(i).equals("E3.3") ? "0" : "5";
            type(digit, i % 2 == 0 ? Keys.ENTER : Keys.TAB);
        }
        assertThat(active().getAttribute("id")).isEqualTo("f.overall");
        type("5", Keys.ENTER);
        type("13", Keys.ENTER);                 // improve: options 1 and 3
        type("Đăng ký khai sinh", Keys.ENTER);  // procedure
        type("", Keys.ENTER);                   // comment: nothing written
        type("2", Keys.ENTER);                  // gender: Nữ
        type("0", Keys.ENTER);
        type("0", Keys.ENTER);
        type("0", Keys.ENTER);
        assertThat(active().getAttribute("id")).isEqualTo("f.ethnicity");
        type("1", Keys.ENTER);                  // the last box: Enter sends the sheet
        browser.waitForPath("/entry/rounds/" + round + "\\?done=waiting&sheet=12.*");
        assertThat(browser.find(By.id("done")).getText())
                .isEqualTo("Đã lưu lần nhập thứ nhất của phiếu số 12; phiếu sẽ được tính khi một người khác nhập lại và khớp.");
        assertThat(browser.find(By.id("count-waiting")).getText()).isEqualTo("1");
        assertThat(browser.find(By.id("count-counted")).getText()).isEqualTo("0");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE channel = 'paper'")).isZero();
        assertThat(browser.axe()).as("axe-core on the round page (vi)").isEmpty();
        browser.screenshot("entry-round-vi");

        // a second typist keys the same paper, one box (question 5, E2.1) read differently
        login("tv-binh");
        browser.open(url("/entry/rounds/" + round + "?lang=vi"));
        type("12", Keys.TAB, Keys.TAB);
        for (String code : criteria) {
            type(code.equals("E2.1") ? "2" : code.equals("E3.3") ? "0" : "5", Keys.ENTER);
        }
        type("5", Keys.ENTER);
        type("3 1", Keys.ENTER);
        type("Đăng ký  khai sinh", Keys.ENTER);
        type("", Keys.ENTER);
        type("2", Keys.ENTER);
        type("0", Keys.ENTER);
        type("0", Keys.ENTER);
        type("0", Keys.ENTER);
        type("1", Keys.ENTER);
        browser.waitForPath("/entry/rounds/" + round + "\\?done=mismatch&sheet=12.*");
        assertThat(browser.find(By.id("done")).getText())
                .isEqualTo("Phiếu số 12: hai lần nhập không khớp. Phiếu chưa được tính, chờ người thứ ba đối chiếu.");
        assertThat(browser.find(By.id("count-mismatched")).getText()).isEqualTo("1");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE channel = 'paper'")).isZero();
        browser.find(By.id("mismatch-12")).click();
        browser.waitForPath("/entry/rounds/" + round + "/sheets/12.*");
        assertThat(browser.find(By.id("not-for-you")).getText()).contains("Bạn đã nhập phiếu này");
        assertThat(browser.driver().findElements(By.id("resolve-form"))).isEmpty();

        // a third account: both keyings side by side, the differing box empty, the others filled in
        login("tv-chi");
        browser.open(url("/entry/rounds/" + round + "?lang=en"));
        browser.find(By.id("mismatch-12")).click();
        browser.waitForPath("/entry/rounds/" + round + "/sheets/12.*");
        assertThat(browser.find(By.id("sheet-status")).getText()).isEqualTo("The two keyings differ: waiting for a third person");
        WebElement differing = browser.find(By.id("compare-E2.1"));
        assertThat(differing.getAttribute("class")).contains("differs");
        assertThat(differing.getText()).contains("Question 5").contains("4").contains("2").contains("DIFFERENT");
        assertThat(browser.find(By.id("compare-E1.1")).getText()).contains("same");
        assertThat(browser.find(By.id("compare-improve")).getText()).contains("1 3").contains("same");
        assertThat(browser.find(By.id("f.E2.1")).getAttribute("value")).isEmpty();
        assertThat(browser.find(By.id("f.E1.1")).getAttribute("value")).isEqualTo("5");
        assertThat(browser.axe()).as("axe-core on the mismatch page (en)").isEmpty();
        browser.screenshot("entry-mismatch-en");
        browser.find(By.id("f.E2.1")).sendKeys("4");
        browser.find(By.id("resolve")).click();
        browser.waitForPath("/entry/rounds/" + round + "\\?done=resolved&sheet=12.*");
        assertThat(browser.find(By.id("done")).getText()).isEqualTo("Sheet 12 resolved; it counts now.");
        assertThat(browser.find(By.id("count-counted")).getText()).isEqualTo("1");
        assertThat(browser.find(By.id("count-mismatched")).getText()).isEqualTo("0");
        assertThat(browser.axe()).as("axe-core on the round page (en)").isEmpty();
        browser.open(url("/entry?lang=en"));
        assertThat(browser.find(By.id("round-" + round)).getText()).contains("Quý 4/2026 - phiếu giấy").contains("PB-1")
                .contains("100 % of the sheets");
        assertThat(browser.axe()).as("axe-core on /entry (en)").isEmpty();

        // stored once, as a paper response, with the resolved value; every step on the audit log
        String response = DoubleKeying.responseId(round, 12);
        assertThat(Rows.text("SELECT channel FROM response WHERE id = '" + response + "'")).isEqualTo("paper");
        assertThat(Rows.text("SELECT value_int FROM answer WHERE response_id = '" + response + "' AND question_code = 'E2.1'")).isEqualTo("4");
        assertThat(Rows.text("SELECT value_text FROM answer WHERE response_id = '" + response + "' AND question_code = 'procedure'"))
                .isEqualTo("Đăng ký khai sinh");
        assertThat(Rows.text("SELECT value_text FROM answer WHERE response_id = '" + response + "' AND question_code = 'gender'"))
                .isEqualTo("female");
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + response + "' AND question_code = 'E3.3'")).isZero();
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE target = 'entry-sheet:" + round + "/12' AND action = 'entry.key'"))
                .isEqualTo(2);
        assertThat(Rows.text("SELECT actor FROM audit_log WHERE target = 'entry-sheet:" + round + "/12' AND action = 'entry.resolve'"))
                .isEqualTo("tv-chi");
    }

    private void login(String username) {
        browser.driver().manage().deleteAllCookies();
        browser.open(url("/login?lang=vi"));
        browser.find(By.name("username")).sendKeys(username);
        browser.find(By.name("password")).sendKeys("entry-password");
        browser.find(By.cssSelector("form[action*='login'] button[type=submit]")).click();
        browser.waitForPath("/entry.*");
    }

    /** Types into the box that has the focus, as a typist does: nothing but keys. */
    private static void type(String text, Keys... then) {
        WebElement box = active();
        if (!text.isEmpty()) {
            box.sendKeys(text);
        }
        for (Keys key : then) {
            active().sendKeys(key);
        }
    }

    private static WebElement active() {
        return browser.driver().switchTo().activeElement();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }
}
