package vn.hailong.alert;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;
import vn.hailong.support.WebhookReceiver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules that look at each response, the cases they open and the e-mail they send, against the test
 * database and a real SMTP server (GreenMail) on loopback.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsIT implements DatabaseTest {

    static final int SMTP_PORT = freePort();
    final GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;
    String admin;

    @Override
    public Map<String, String> extraProperties() {
        smtp.start();
        return Map.of("hailong.outbox.poll", "100ms", "hailong.outbox.retry-base", "200ms",
                "hailong.limits.public.enabled", "false", "hailong.mail.smtp-host", "127.0.0.1",
                "hailong.mail.smtp-port", String.valueOf(SMTP_PORT), "hailong.mail.from", "canhbao@hailong.example.vn",
                "hailong.public-url", "https://hailong.example.vn");
    }

    @BeforeAll
    void tree() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "AL", null);
        api.agency(admin, "AL-1", "AL");
        api.agency(admin, "AL-2", "AL");
        api.agency(admin, "KW", null);
        api.agency(admin, "ELSE", null);
    }

    @AfterAll
    void stop() {
        smtp.stop();
    }

    @Test
    void hundredUnhappyRatingsOpenOneCaseWithHundredResponsesAndOneVietnameseEmail() throws Exception {
        Api.Reply rule = api.post("/api/v1/alert-rules", Map.of("agency", "AL", "kind", "not-satisfied",
                "survey", "one-stop-rating", "recipients", List.of("head@example.vn"), "deadlineHours", 48), admin);
        assertThat(rule.status()).isEqualTo(201);
        assertThat(rule.json().get("kind").getStringValue()).isEqualTo("not-satisfied");

        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(rating("AL-1", 1, "Chờ hơn hai tiếng"));
        }
        batch.add(rating("AL-1", 3, null)); // satisfied: not linked
        Api.Reply stored = api.post("/api/v1/responses:batch", Map.of("responses", batch), null);
        assertThat(stored.status()).isEqualTo(200);

        WebhookReceiver.await(Duration.ofSeconds(30), () ->
                Rows.count("SELECT COUNT(*) FROM outbox_event WHERE dispatched_at IS NULL") == 0
                        && Rows.count("SELECT COUNT(*) FROM delivery WHERE status = 'pending'") == 0);
        long ruleId = rule.json().get("id").getLongValue();
        assertThat(Rows.count("SELECT COUNT(*) FROM alert_case WHERE rule_id = " + ruleId)).isEqualTo(1);
        assertThat(Rows.count("SELECT COUNT(*) FROM alert_case_response l JOIN alert_case c ON c.id = l.case_id"
                + " WHERE c.rule_id = " + ruleId)).isEqualTo(100);

        JsonNode cases = api.get("/api/v1/alerts?agency=AL&status=open", admin).json();
        assertThat(cases.size()).isEqualTo(1);
        JsonNode alert = cases.get(0);
        assertThat(alert.get("agency").getStringValue()).isEqualTo("AL-1");
        assertThat(alert.get("responses").getIntValue()).isEqualTo(100);
        assertThat(alert.get("status").getStringValue()).isEqualTo("open");
        assertThat(alert.get("overdue").getBooleanValue()).isFalse();
        assertThat(alert.get("rule").getLongValue()).isEqualTo(rule.json().get("id").getLongValue());

        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).hasSize(1);
        MimeMessage mail = mails[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("head@example.vn");
        assertThat(mail.getSubject()).isEqualTo("[Hailong] Cảnh báo mới: Đánh giá \"Không hài lòng\" tại Cơ quan AL-1 (AL-1)");
        String body = GreenMailUtil.getBody(mail);
        String text = mail.getContent().toString();
        assertThat(text).contains("Cơ quan: Cơ quan AL-1 (AL-1)").contains("Sự việc: Đánh giá \"Không hài lòng\"")
                .contains("rating=1").contains("long-wait").contains("Chờ hơn hai tiếng")
                .contains("Xem và xử lý tại: https://hailong.example.vn/reports/alerts?case=" + alert.get("id").getLongValue());
        assertThat(body).isNotBlank();

        long id = alert.get("id").getLongValue();
        Api.Reply noNote = api.post("/api/v1/alerts/" + id + ":resolve", Map.of(), admin);
        assertThat(noNote.status()).isEqualTo(422);
        assertThat(noNote.body()).contains("\"note\"");
        Api.Reply acknowledged = api.post("/api/v1/alerts/" + id + ":acknowledge", Map.of(), admin);
        assertThat(acknowledged.status()).isEqualTo(200);
        assertThat(acknowledged.json().get("status").getStringValue()).isEqualTo("acknowledged");
        assertThat(acknowledged.json().get("owner").getStringValue()).isEqualTo(ADMIN);
        assertThat(api.post("/api/v1/alerts/" + id + ":acknowledge", Map.of(), admin).status()).isEqualTo(409);
        Api.Reply resolved = api.post("/api/v1/alerts/" + id + ":resolve", Map.of("note", "Đã gọi lại cho công dân"), admin);
        assertThat(resolved.status()).isEqualTo(200);
        assertThat(resolved.json().get("status").getStringValue()).isEqualTo("resolved");
        assertThat(resolved.json().get("note").getStringValue()).isEqualTo("Đã gọi lại cho công dân");
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE target = 'alert:" + id + "'")).isEqualTo(2);
        assertThat(Rows.count("SELECT COUNT(*) FROM outbox_event WHERE kind = 'alert.resolved' AND subject = '" + id + "'")).isEqualTo(1);
        WebhookReceiver.await(Duration.ofSeconds(20), () -> smtp.getReceivedMessages().length == 2);
        assertThat(smtp.getReceivedMessages()[1].getSubject()).startsWith("[Hailong] Đã xử lý xong:");

        // a reviewer elsewhere sees none of it
        String outsider = api.reviewer(admin, "al-outsider", "ELSE");
        assertThat(api.get("/api/v1/alerts", outsider).json().size()).isZero();
        assertThat(api.get("/api/v1/alerts?agency=AL", outsider).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/alerts/" + id + ":acknowledge", Map.of(), outsider).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/alert-rules", outsider).json().size()).isZero();
        String insider = api.reviewer(admin, "al-insider", "AL");
        assertThat(api.get("/api/v1/alerts", insider).json().size()).isEqualTo(1);
    }

    @Test
    void aKeywordMatchesWithoutAccentsOrCase() {
        assertThat(api.post("/api/v1/alert-rules", Map.of("agency", "KW", "kind", "keyword", "survey", "one-stop-rating",
                "recipients", List.of(), "words", List.of("tiêu cực", "phong bì")), admin).status()).isEqualTo(201);
        api.post("/api/v1/responses", rating("KW", 2, "Cán bộ rất nhiệt tình"), null);
        api.post("/api/v1/responses", rating("KW", 3, "Nghe nói có chuyện TIEU CUC ở quầy, gọi tôi 0912 345 678"), null);
        api.post("/api/v1/responses", rating("KW", 3, "Bị đòi Phong Bi"), null);
        WebhookReceiver.await(Duration.ofSeconds(20), () ->
                Rows.count("SELECT COUNT(*) FROM outbox_event WHERE dispatched_at IS NULL") == 0);
        JsonNode cases = api.get("/api/v1/alerts?agency=KW", admin).json();
        assertThat(cases.size()).isEqualTo(1);
        assertThat(cases.get(0).get("kind").getStringValue()).isEqualTo("keyword");
        assertThat(cases.get(0).get("responses").getIntValue()).isEqualTo(2);
        // the case shows what the citizen wrote with the phone number masked (issue 12 item 6); the answer stays as typed
        assertThat(cases.get(0).get("figures").getStringValue()).contains("TIEU CUC ở quầy, gọi tôi **** *** ***").doesNotContain("0912");
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE value_text LIKE '%gọi tôi 0912 345 678'")).isEqualTo(1);
    }

    @Test
    void badRulesAreRefusedNamingTheFieldAndReviewersStayInTheirScope() {
        long before = Rows.count("SELECT COUNT(*) FROM alert_rule");
        Api.Reply noWords = api.post("/api/v1/alert-rules", Map.of("agency", "AL", "kind", "keyword",
                "recipients", List.of("not-an-address")), admin);
        assertThat(noWords.status()).isEqualTo(422);
        assertThat(noWords.response().getContentType().map(Object::toString).orElse("")).contains("problem+json");
        assertThat(noWords.body()).contains("\"words\"").contains("recipients[0]");
        Api.Reply badKind = api.post("/api/v1/alert-rules", Map.of("agency", "AL", "kind", "sometimes"), admin);
        assertThat(badKind.status()).isEqualTo(422);
        assertThat(badKind.body()).contains("\"kind\"");
        // the rules page's validator, worded in the request's language: Vietnamese unless asked otherwise
        assertThat(noWords.body()).contains("Từ khóa: cảnh báo theo từ khóa cần ít nhất một từ.")
                .contains("Người nhận: \\\"not-an-address\\\" không phải là một địa chỉ e-mail.");
        Api.Reply english = api.post("/api/v1/alert-rules?lang=en", Map.of("agency", "AL", "kind", "below-threshold",
                "survey", "sipas-2017", "threshold", 140, "element", "E9"), admin);
        assertThat(english.status()).isEqualTo(422);
        assertThat(english.body()).contains("\"threshold\"").contains("Threshold: a number from 0 to 100 is needed.")
                .contains("\"element\"").contains("Element or criterion: survey sipas-2017 has no E9.");
        Api.Reply unknown = api.post("/api/v1/alert-rules?lang=en", Map.of("agency", "NOWHERE", "kind", "not-satisfied"), admin);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"agency\"").contains("Agency: there is no agency with code NOWHERE.");
        String reviewer = api.reviewer(admin, "al2-reviewer", "AL-2");
        assertThat(api.post("/api/v1/alert-rules", Map.of("agency", "AL", "kind", "not-satisfied"), reviewer).status())
                .isEqualTo(403);
        assertThat(Rows.count("SELECT COUNT(*) FROM alert_rule")).isEqualTo(before);
        Api.Reply own = api.post("/api/v1/alert-rules", Map.of("agency", "AL-2", "kind", "not-satisfied"), reviewer);
        assertThat(own.status()).isEqualTo(201);
        long id = own.json().get("id").getLongValue();
        assertThat(api.send(io.micronaut.http.HttpRequest.DELETE("/api/v1/alert-rules/" + id).bearerAuth(reviewer)).status())
                .isEqualTo(204);
    }

    static Map<String, Object> rating(String agency, int value, String text) {
        Map<String, Object> answers = new HashMap<>();
        answers.put("rating", value);
        if (value == 1) {
            answers.put("reason", "long-wait");
        }
        if (text != null) {
            answers.put("reasonText", text);
        }
        Map<String, Object> body = Api.submission(agency, answers);
        body.put("survey", "one-stop-rating");
        return body;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
