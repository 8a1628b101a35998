package vn.hailong.entry;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paper entry over HTTP (issue 15): DATA_ENTRY accounts and their scope on the response API
 * (channel paper only, their agency's subtree only), and the /entry pages — one keying or two,
 * the second by another account, sheets that count only when both agree, refusals per field in
 * the reader's language with nothing stored, rounds outside the scope not shown.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntryIT implements DatabaseTest {

    static final List<String> FIELDS = List.of("E1.1", "E1.2", "E1.3", "E1.4", "E2.1", "E2.2", "E2.3", "E2.4", "E2.5",
            "E3.1", "E3.2", "E3.3", "E3.4", "E3.5", "E3.6", "E4.1", "E4.2", "E4.3", "E5.1", "E5.2", "E5.3", "E5.4",
            "overall", "improve", "procedure", "comment", "gender", "ageBand", "education", "occupation", "ethnicity");

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    HttpClient http;
    Api api;
    Api.Csrf csrf;
    String admin;
    String reviewer;
    String entryP;
    String entry1;
    String entry1b;
    String entryOther;

    @BeforeAll
    void setUp() {
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setFollowRedirects(false);
        http = HttpClient.create(server.getURL(), configuration);
        api = new Api(http, json);
        admin = api.adminToken();
        api.agency(admin, "EP", null);
        api.agency(admin, "EP-1", "EP");
        api.agency(admin, "EP-2", "EP");
        api.agency(admin, "EQ", null);
        reviewer = api.reviewer(admin, "rev-ep", "EP");
        entryP = api.dataEntry(admin, "de-p", "EP");
        entry1 = api.dataEntry(admin, "de-1", "EP-1");
        entry1b = api.dataEntry(admin, "de-1b", "EP-1");
        entryOther = api.dataEntry(admin, "de-q", "EQ");
        csrf = api.csrf();
    }

    @AfterAll
    void close() {
        http.close();
    }

    @Test
    void aDataEntryAccountNeedsAnAgency() {
        Api.Reply missing = api.post("/api/v1/accounts", Map.of("username", "de-none", "password", "entry-password",
                "role", "DATA_ENTRY"), admin);
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body()).contains("\"field\":\"agency\"").contains("is required for a DATA_ENTRY account");
        Api.Reply created = api.post("/api/v1/accounts", Map.of("username", "de-new", "password", "entry-password",
                "role", "DATA_ENTRY", "agency", "EP-2"), admin);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("role")).isEqualTo("DATA_ENTRY");
        assertThat(created.text("agency")).isEqualTo("EP-2");
        assertThat(Rows.text("SELECT role FROM account WHERE username = 'de-new'")).isEqualTo("DATA_ENTRY");
        // the accounts page offers the role like the reviewer's, with an agency
        assertThat(api.send(HttpRequest.GET("/admin/accounts?lang=vi").bearerAuth(admin)).body())
                .contains("<option value=\"DATA_ENTRY\">Nhập phiếu giấy</option>");
        Api.Reply page = postForm("/admin/accounts", Map.of("username", "de-page", "password", "entry-password", "role", "DATA_ENTRY",
                "agency", "EP-1"), admin);
        assertThat(page.status()).isEqualTo(303);
        assertThat(Rows.text("SELECT CONCAT(a.role, ' ', g.code) FROM account a JOIN agency g ON g.id = a.agency_id WHERE a.username = 'de-page'"))
                .isEqualTo("DATA_ENTRY EP-1");
        assertThat(postForm("/admin/accounts", Map.of("username", "de-page2", "password", "entry-password", "role", "DATA_ENTRY"), admin)
                .status()).isEqualTo(422);
    }

    @Test
    void twoSecondKeyingsAtOnceAreDecidedOneAfterTheOther() throws Exception {
        long round = createRound(entryP, "Cùng lúc", "EP-1", 100);
        assertThat(postForm("/entry/rounds/" + round + "/sheets", sheet(9, Map.of()), entryP).status()).isEqualTo(303);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var one = pool.submit(() -> postForm("/entry/rounds/" + round + "/sheets", sheet(9, Map.of()), entry1).status());
            var other = pool.submit(() -> postForm("/entry/rounds/" + round + "/sheets", sheet(9, Map.of()), entry1b).status());
            assertThat(List.of(one.get(), other.get())).containsExactlyInAnyOrder(303, 409);
        } finally {
            pool.shutdown();
        }
        assertThat(Rows.count("SELECT COUNT(*) FROM entry_keying WHERE round_id = " + round + " AND sheet_no = 9")).isEqualTo(2);
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + DoubleKeying.responseId(round, 9) + "'")).isEqualTo(1);
        assertThat(Rows.text("SELECT status FROM entry_sheet WHERE round_id = " + round + " AND sheet_no = 9")).isEqualTo("counted");
    }

    @Test
    void aDataEntryTokenSubmitsPaperResponsesWithinItsSubtreeOnly() {
        assertThat(submit("EP", "paper", entryP)).isEqualTo(201);
        assertThat(submit("EP-1", "paper", entryP)).as("below its agency").isEqualTo(201);
        assertThat(submit("EP-1", "paper", entry1)).isEqualTo(201);
        assertThat(submit("EP", "paper", entry1)).as("above its agency").isEqualTo(403);
        assertThat(submit("EP-2", "paper", entry1)).as("a sibling").isEqualTo(403);
        assertThat(submit("EQ", "paper", entry1)).as("another province").isEqualTo(403);
        assertThat(submit("EP-1", "web", entry1)).as("paper only").isEqualTo(403);
        assertThat(submit("EP-1", "kiosk", entry1)).isEqualTo(403);
        assertThat(submit("EP-1", "portal", entry1)).isEqualTo(403);
        assertThat(submit("EP-1", "paper", reviewer)).as("a reviewer").isEqualTo(403);
        assertThat(submit("EP-1", "paper", null)).as("no token").isEqualTo(401);
        assertThat(submit("EP-1", "paper", admin)).as("an admin, as before").isEqualTo(201);

        Map<String, Object> refused = paper("EP-2");
        Api.Reply reply = api.post("/api/v1/responses", refused, entry1);
        assertThat(reply.body()).contains("A DATA_ENTRY account may only submit for its own agency and those below it.");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + refused.get("id") + "'")).isZero();
        // a batch refuses the item outside the scope and stores the one inside
        Api.Reply batch = api.post("/api/v1/responses:batch", Map.of("responses", List.of(paper("EP-1"), paper("EP-2"))), entry1);
        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.body()).contains("\"status\":\"stored\"").contains("\"status\":\"rejected\"").contains("\"code\":403");
    }

    @Test
    void aSheetKeyedTwiceCountsOnlyWhenASecondAccountKeysTheSame() {
        long round = createRound(entry1, "Quý 1 - hai lần", "EP-1", 100);
        long responses = Rows.count("SELECT COUNT(*) FROM response WHERE channel = 'paper'");

        Map<String, String> first = sheet(7, Map.of("E1.1", "5", "E3.2", "0", "improve", "31", "comment", "Chờ  hơi lâu "));
        Api.Reply once = postForm("/entry/rounds/" + round + "/sheets", first, entry1);
        assertThat(once.status()).isEqualTo(303);
        assertThat(once.response().getHeaders().get("Location")).isEqualTo("/entry/rounds/" + round + "?done=waiting&sheet=7&lang=vi");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE channel = 'paper'")).as("not counted yet").isEqualTo(responses);
        assertThat(Rows.text("SELECT status FROM entry_sheet WHERE round_id = " + round + " AND sheet_no = 7")).isEqualTo("waiting");
        String page = api.send(HttpRequest.GET("/entry/rounds/" + round).bearerAuth(entry1)).body();
        assertThat(page).contains("id=\"count-waiting\">1<").contains("id=\"count-counted\">0<");
        // the second typist cannot read the first keying off the sheet's page
        String waiting = api.send(HttpRequest.GET("/entry/rounds/" + round + "/sheets/7").bearerAuth(entry1b)).body();
        assertThat(waiting).contains("Chờ nhập lần hai").doesNotContain("id=\"compare\"").doesNotContain("Chờ hơi lâu");

        Api.Reply again = postForm("/entry/rounds/" + round + "/sheets", first, entry1);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("bạn đã nhập phiếu số 7; lần nhập thứ hai phải do người khác làm.");
        assertThat(Rows.count("SELECT COUNT(*) FROM entry_keying WHERE round_id = " + round)).isEqualTo(1);

        // the same paper keyed by another account, with other spacing and the choices in another order
        Map<String, String> second = sheet(7, Map.of("E1.1", "5", "E3.2", "0", "improve", "1 3", "comment", "Chờ hơi lâu"));
        Api.Reply twice = postForm("/entry/rounds/" + round + "/sheets", second, entry1b);
        assertThat(twice.status()).isEqualTo(303);
        assertThat(twice.response().getHeaders().get("Location")).contains("done=counted&sheet=7");
        String id = DoubleKeying.responseId(round, 7);
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE channel = 'paper'")).isEqualTo(responses + 1);
        assertThat(Rows.text("SELECT channel FROM response WHERE id = '" + id + "'")).isEqualTo("paper");
        assertThat(Rows.text("SELECT submitted_date FROM response WHERE id = '" + id + "'")).isEqualTo(today().minusDays(3).toString());
        assertThat(Rows.text("SELECT value_int FROM answer WHERE response_id = '" + id + "' AND question_code = 'E1.1'")).isEqualTo("5");
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + id + "' AND question_code = 'E3.2'"))
                .as("0 is no answer").isZero();
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE response_id = '" + id + "' AND question_code = 'improve'")).isEqualTo(2);
        assertThat(Rows.text("SELECT value_text FROM answer WHERE response_id = '" + id + "' AND question_code = 'comment'"))
                .isEqualTo("Chờ hơi lâu");
        assertThat(Rows.text("SELECT status FROM entry_sheet WHERE round_id = " + round + " AND sheet_no = 7")).isEqualTo("counted");
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'entry.key' AND target = 'entry-sheet:" + round + "/7'"))
                .isEqualTo(2);
        assertThat(Rows.text("SELECT details FROM audit_log WHERE action = 'entry.key' AND target = 'entry-sheet:" + round
                + "/7' ORDER BY seq DESC LIMIT 1")).contains("outcome=counted").contains("keying=2");
        // counted: a third keying changes nothing
        Api.Reply late = postForm("/entry/rounds/" + round + "/sheets", second, entryP);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body()).contains("phiếu số 7 đã được tính rồi.");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE channel = 'paper'")).isEqualTo(responses + 1);
    }

    @Test
    void differingKeyingsAreAMismatchThatOnlyAThirdAccountResolves() {
        long round = createRound(entryP, "Quý 2 - đối chiếu", "EP-1", 100);
        assertThat(postForm("/entry/rounds/" + round + "/sheets", sheet(3, Map.of("E2.1", "4")), entry1).status()).isEqualTo(303);
        Api.Reply mismatch = postForm("/entry/rounds/" + round + "/sheets", sheet(3, Map.of("E2.1", "2")), entry1b);
        assertThat(mismatch.response().getHeaders().get("Location")).contains("done=mismatch&sheet=3");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + DoubleKeying.responseId(round, 3) + "'")).isZero();
        String side = api.send(HttpRequest.GET("/entry/rounds/" + round + "/sheets/3?lang=en").bearerAuth(entryP)).body();
        assertThat(side).contains("Keying 1 (de-1)").contains("Keying 2 (de-1b)");
        assertThat(side).containsPattern("id=\"compare-E2\\.1\" class=\"differs\"[\\s\\S]*?<td>4</td>[\\s\\S]*?<td>2</td>[\\s\\S]*?DIFFERENT");

        Api.Reply byKeyer = postForm("/entry/rounds/" + round + "/sheets/3/resolve", sheet(3, Map.of("E2.1", "4")), entry1);
        assertThat(byKeyer.status()).isEqualTo(403);
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + DoubleKeying.responseId(round, 3) + "'")).isZero();

        Api.Reply resolved = postForm("/entry/rounds/" + round + "/sheets/3/resolve", sheet(3, Map.of("E2.1", "4")), entryP);
        assertThat(resolved.status()).isEqualTo(303);
        assertThat(resolved.response().getHeaders().get("Location")).contains("done=resolved&sheet=3");
        String id = DoubleKeying.responseId(round, 3);
        assertThat(Rows.text("SELECT value_int FROM answer WHERE response_id = '" + id + "' AND question_code = 'E2.1'")).isEqualTo("4");
        assertThat(Rows.text("SELECT resolved_by FROM entry_sheet WHERE round_id = " + round + " AND sheet_no = 3")).isEqualTo("de-p");
        assertThat(Rows.text("SELECT details FROM audit_log WHERE action = 'entry.resolve' AND target = 'entry-sheet:" + round + "/3'"))
                .contains("keyedBy=de-1,de-1b");
    }

    @Test
    void aRoundWithoutDoubleKeyingCountsEachSheetAtOnce() {
        long round = createRound(entry1, "Một lần", "EP-1", 0);
        Api.Reply reply = postForm("/entry/rounds/" + round + "/sheets", sheet(1, Map.of()), entry1);
        assertThat(reply.response().getHeaders().get("Location")).contains("done=counted&sheet=1");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + DoubleKeying.responseId(round, 1) + "'")).isEqualTo(1);
        String page = api.send(HttpRequest.GET("/entry/rounds/" + round + "?done=counted&sheet=1&lang=en").bearerAuth(entry1)).body();
        assertThat(page).contains("Sheet 1 counted.").contains("id=\"count-counted\">1<");
    }

    @Test
    void aBadSheetIsRefusedPerFieldInTheReadersLanguageAndNothingIsStored() {
        long round = createRound(entry1, "Lỗi", "EP-1", 0);
        long sheets = Rows.count("SELECT COUNT(*) FROM entry_sheet");
        long responses = Rows.count("SELECT COUNT(*) FROM response");
        // a form without its CSRF token is refused before anything is read
        StringBuilder noToken = new StringBuilder();
        sheet(4, Map.of()).forEach((k, v) -> noToken.append(noToken.isEmpty() ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        Api.Reply forged = api.send(HttpRequest.POST("/entry/rounds/" + round + "/sheets", noToken.toString())
                .contentType(io.micronaut.http.MediaType.APPLICATION_FORM_URLENCODED_TYPE).bearerAuth(entry1));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(Rows.count("SELECT COUNT(*) FROM entry_sheet")).isEqualTo(sheets);
        Map<String, String> bad = sheet(0, Map.of("E1.1", "", "E1.2", "x", "E1.3", "7", "gender", "4"));
        bad.put("date", "31/02/2026");
        Api.Reply vi = postForm("/entry/rounds/" + round + "/sheets", bad, entry1);
        assertThat(vi.status()).isEqualTo(422);
        assertThat(shown(vi)).contains("Chưa lưu gì.").contains("Số phiếu: cần một số từ 1 đến 999999.")
                .contains("Ngày trên phiếu: cần một ngày dạng ngày/tháng/năm")
                .contains("Câu 1: ô này đang trống: gõ 0 nếu câu không được trả lời.")
                .contains("Câu 2: chỉ gõ một chữ số.")
                .contains("phiếu chỉ có 3 phương án.");
        assertThat(vi.body()).contains("id=\"f.E1.2\" name=\"f.E1.2\"").containsPattern("id=\"f\\.E1\\.2\"[^>]*value=\"x\"[^>]*aria-invalid=\"true\"");
        // the response rules (AnswerChecker) once the typing is right: 7 is not on the scale
        Map<String, String> offScale = sheet(5, Map.of("E1.3", "7"));
        Api.Reply en = postForm("/entry/rounds/" + round + "/sheets?lang=en", offScale, entry1);
        assertThat(en.status()).isEqualTo(422);
        assertThat(shown(en)).contains("Nothing was stored.").contains("Question 3: Please choose one of the options offered.");
        Map<String, String> empty = sheet(6, Map.of());
        FIELDS.subList(0, 23).forEach(code -> empty.put("f." + code, "0"));
        Api.Reply nothing = postForm("/entry/rounds/" + round + "/sheets?lang=en", empty, entry1);
        assertThat(nothing.status()).isEqualTo(422);
        assertThat(nothing.body()).contains("The sheet has no answer on a scale; an empty sheet is not stored.");
        assertThat(Rows.count("SELECT COUNT(*) FROM entry_sheet")).isEqualTo(sheets);
        assertThat(Rows.count("SELECT COUNT(*) FROM response")).isEqualTo(responses);
    }

    @Test
    void roundsOutsideTheAccountsScopeAreNeitherShownNorKeyed() {
        long round = createRound(entry1, "Phạm vi", "EP-1", 0);
        assertThat(api.send(HttpRequest.GET("/entry/rounds/" + round).bearerAuth(entryOther)).status()).isEqualTo(404);
        assertThat(api.send(HttpRequest.GET("/entry").bearerAuth(entryOther)).body()).doesNotContain("Phạm vi");
        assertThat(api.send(HttpRequest.GET("/entry").bearerAuth(entryP)).body()).contains("Phạm vi");
        assertThat(postForm("/entry/rounds/" + round + "/sheets", sheet(1, Map.of()), entryOther).status()).isEqualTo(404);
        assertThat(Rows.count("SELECT COUNT(*) FROM entry_sheet WHERE round_id = " + round)).isZero();
        Api.Reply above = postForm("/entry/rounds", Map.of("name", "Tỉnh", "agency", "EP", "survey", "sipas-2017",
                "doublePercent", "100"), entry1);
        assertThat(above.status()).isEqualTo(403);
        assertThat(above.body()).contains("cơ quan EP nằm ngoài phạm vi tài khoản của bạn.");
        assertThat(Rows.count("SELECT COUNT(*) FROM entry_round WHERE name = 'Tỉnh'")).isZero();
        Api.Reply badPercent = postForm("/entry/rounds?lang=en", Map.of("name", "", "agency", "EP-1", "survey", "sipas-2017",
                "doublePercent", "150"), entry1);
        assertThat(badPercent.status()).isEqualTo(422);
        assertThat(shown(badPercent)).contains("Name of the round: 1 to 100 characters are needed.")
                .contains("Share of sheets keyed twice (%): a number from 0 to 100 is needed.");
    }

    private long createRound(String token, String name, String agency, int percent) {
        Api.Reply reply = postForm("/entry/rounds", Map.of("name", name, "agency", agency, "survey", "sipas-2017",
                "doublePercent", Integer.toString(percent)), token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(303);
        Matcher m = Pattern.compile("/entry/rounds/(\\d+)\\?done=created").matcher(reply.response().getHeaders().get("Location"));
        assertThat(m.find()).isTrue();
        long id = Long.parseLong(m.group(1));
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'entry.round.create' AND target = 'entry-round:" + id + "'"))
                .isEqualTo(1);
        return id;
    }

    /** A sipas-2017 sheet: every criterion 4, every choice 0 (no answer), texts empty, then {@code values}; dated three days ago. */
    static Map<String, String> sheet(int sheetNo, Map<String, String> values) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("sheetNo", sheetNo == 0 ? "" : Integer.toString(sheetNo));
        form.put("date", DateTimeFormatter.ofPattern("dd/MM/yyyy").format(today().minusDays(3)));
        for (String code : FIELDS) {
            form.put("f." + code, code.startsWith("E") || code.equals("overall") ? "4"
                    : code.equals("procedure") || code.equals("comment") ? "" : "0");
        }
        values.forEach((code, value) -> form.put("f." + code, value));
        return form;
    }

    static LocalDate today() {
        return LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));
    }

    private Api.Reply postForm(String path, Map<String, String> fields, String token) {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return api.send(csrf.form(path, body.toString()).bearerAuth(token));
    }

    private int submit(String agency, String channel, String token) {
        Map<String, Object> body = paper(agency);
        body.put("channel", channel);
        return api.post("/api/v1/responses", body, token).status();
    }

    private static Map<String, Object> paper(String agency) {
        Map<String, Object> body = new LinkedHashMap<>(Api.submission(agency, Map.of("E1.1", 4, "E2.1", 5)));
        body.put("id", UUID.randomUUID().toString());
        body.put("channel", "paper");
        return body;
    }

    /** The page's text as a reader sees it: tags dropped, spaces folded. */
    static String shown(Api.Reply reply) {
        return reply.body().replaceAll("<[^>]+>", "").replaceAll("\\s+", " ");
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
