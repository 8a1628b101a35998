package vn.hailong.alert;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
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
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduled parts of the alerts, decided at a fixed instant: index rules (below-threshold,
 * drop) evaluated from the report figures of rows this test stores with their dates, the weekly
 * digest received by a real SMTP server (GreenMail), and the reviewer's e-mail opt-in.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduledAlertsIT implements DatabaseTest {

    /** Monday 15 June 2026, 10:00 in Hanoi: the windows end on Sunday 14 June. */
    static final Instant NOW = Instant.parse("2026-06-15T03:00:00Z");
    static final int MINIMUM_SAMPLE = 4;

    static final int SMTP_PORT = AlertsIT.freePort();
    final GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    IndexRuleCheck indexRules;

    @Inject
    WeeklyDigest digest;

    Api api;
    String admin;

    @Override
    public Map<String, String> extraProperties() {
        smtp.start();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("hailong.outbox.poll", "100ms");
        properties.put("hailong.outbox.retry-base", "200ms");
        // the schedules would run once soon after start-up with the real clock, on a slow machine while
        // a test has already opted a reviewer in (one extra digest): here they wait an hour; the test
        // runs them at NOW
        properties.put("hailong.alerts.first-check", "1h");
        properties.put("hailong.alerts.index-check", "1h");
        properties.put("hailong.alerts.digest-check", "1h");
        properties.put("hailong.alerts.deadline-check", "1h");
        properties.put("hailong.report.minimum-sample", String.valueOf(MINIMUM_SAMPLE));
        properties.put("hailong.limits.public.enabled", "false");
        properties.put("hailong.mail.smtp-host", "127.0.0.1");
        properties.put("hailong.mail.smtp-port", String.valueOf(SMTP_PORT));
        properties.put("hailong.mail.from", "canhbao@hailong.example.vn");
        properties.put("hailong.public-url", "https://hailong.example.vn");
        return properties;
    }

    @BeforeAll
    void tree() {
        api = new Api(client, json);
        admin = api.adminToken();
        for (String root : List.of("BT", "MS", "DR", "DG", "SUB")) {
            api.agency(admin, root, null);
        }
        api.agency(admin, "BT-1", "BT");
        api.agency(admin, "BT-2", "BT");
    }

    @AfterAll
    void stop() {
        smtp.stop();
    }

    @Test
    void belowThresholdOpensOneCaseWithTheReportFiguresAndMailsThemInEachReadersLanguage() throws Exception {
        String englishReviewer = api.reviewer(admin, "bt-en", "BT");
        assertThat(api.send(HttpRequest.PUT("/api/v1/me/alert-subscription", Map.of("email", "bt-en@example.vn",
                "language", "en", "alerts", true, "digest", false)).bearerAuth(englishReviewer)).status()).isEqualTo(200);
        long rule = rule(Map.of("agency", "BT", "kind", "below-threshold", "survey", "sipas-2017",
                "recipients", List.of("office@example.vn"), "threshold", 70, "days", 10));

        // In the 10 days 5–14 June: BT-1 3 satisfied of 5 (60, below 70); BT-2 4 of 4 (100); BT as a
        // whole 7 of 9 (77.78, not below). Outside the window (1 May, and today 15 June) they do not count.
        store("BT-1", 5, "2026-06-05", "2026-06-09", "2026-06-14");
        store("BT-1", 2, "2026-06-06", "2026-06-14");
        store("BT-1", 1, "2026-05-01", "2026-06-04", "2026-06-15", "2026-06-15");
        store("BT-2", 5, "2026-06-07", "2026-06-08", "2026-06-10", "2026-06-11");
        String expected = "index=" + index(3, 5) + "; n=5; from=2026-06-05; to=2026-06-14; threshold=70";

        assertThat(indexRules.evaluate(NOW)).isEqualTo(1);
        assertThat(indexRules.evaluate(NOW)).isZero();
        assertThat(indexRules.evaluate(NOW.plus(Duration.ofHours(12)))).isZero(); // still 15 June in Hanoi
        assertThat(Rows.count("SELECT COUNT(*) FROM alert_case WHERE rule_id = " + rule)).isEqualTo(1);
        assertThat(Rows.text("SELECT a.code FROM alert_case c JOIN agency a ON a.id = c.agency_id WHERE c.rule_id = " + rule))
                .isEqualTo("BT-1");
        assertThat(Rows.text("SELECT figures FROM alert_case WHERE rule_id = " + rule)).isEqualTo(expected);
        assertThat(Rows.text("SELECT CAST(opened_day AS CHAR) FROM alert_case WHERE rule_id = " + rule)).isEqualTo("2026-06-15");
        JsonNode alert = api.get("/api/v1/alerts?agency=BT", admin).json().get(0);
        assertThat(alert.get("kind").getStringValue()).isEqualTo("below-threshold");
        assertThat(alert.get("figures").getStringValue()).isEqualTo(expected);
        // the dashboard's own figure for the same agency and days is the one on the case
        JsonNode report = api.get("/api/v1/reports/satisfaction?agency=BT-1&survey=sipas-2017&from=2026-06-05&to=2026-06-14",
                admin).json();
        assertThat(report.get("responses").getLongValue()).isEqualTo(5);
        assertThat(new BigDecimal(report.get("index").getValue().toString())).isEqualByComparingTo(new BigDecimal(index(3, 5)));

        WebhookReceiver.await(Duration.ofSeconds(20), () -> mailsTo("office@example.vn").size() == 1
                && mailsTo("bt-en@example.vn").size() == 1);
        MimeMessage vi = mailsTo("office@example.vn").get(0);
        assertThat(vi.getSubject()).isEqualTo("[Hailong] Cảnh báo mới: Chỉ số hài lòng dưới ngưỡng tại Cơ quan BT-1 (BT-1)");
        assertThat(vi.getContent().toString()).contains("Số liệu: Chỉ số SIPAS là 60 từ 05/06/2026 đến 14/06/2026 (5 phiếu), dưới ngưỡng 70");
        MimeMessage en = mailsTo("bt-en@example.vn").get(0);
        assertThat(en.getSubject()).isEqualTo("[Hailong] New alert: Satisfaction index below the threshold at Agency BT-1 (BT-1)");
        assertThat(en.getContent().toString()).contains("Figures: SIPAS index was 60 from 05/06/2026 to 14/06/2026 (5 responses), below the threshold of 70");
    }

    @Test
    void belowThresholdWaitsForTheMinimumSample() {
        long rule = rule(Map.of("agency", "MS", "kind", "below-threshold", "survey", "sipas-2017",
                "recipients", List.of(), "threshold", 70, "days", 30));
        store("MS", 1, "2026-06-01", "2026-06-02", "2026-06-03");
        assertThat(indexRules.evaluate(NOW)).isZero(); // index 0, but 3 < 4 responses
        assertThat(Rows.count("SELECT COUNT(*) FROM alert_case WHERE rule_id = " + rule)).isZero();
        store("MS", 1, "2026-06-04");
        assertThat(indexRules.evaluate(NOW)).isEqualTo(1);
        assertThat(Rows.text("SELECT figures FROM alert_case WHERE rule_id = " + rule))
                .isEqualTo("index=0; n=4; from=2026-05-16; to=2026-06-14; threshold=70");
    }

    @Test
    void dropOpensACaseOnlyWhenTheWeekFellByMoreThanThePoints() {
        long rule = rule(Map.of("agency", "DR", "kind", "drop", "survey", "sipas-2017", "recipients", List.of(),
                "element", "E3", "drop", 5));
        // previous 28 days (11 May – 7 June): 8 satisfied of 10 → 80; last 7 days (8–14 June): 3 of 4 → 75
        store("DR", 5, "2026-05-11", "2026-05-12", "2026-05-20", "2026-05-25", "2026-05-30", "2026-06-01", "2026-06-05", "2026-06-07");
        store("DR", 2, "2026-05-15", "2026-06-02");
        store("DR", 5, "2026-06-08", "2026-06-10", "2026-06-14");
        store("DR", 2, "2026-06-12");
        store("DR", 1, "2026-05-10", "2026-06-15"); // outside both windows
        assertThat(indexRules.evaluate(NOW)).isZero(); // fell by exactly 5: not more than 5
        assertThat(Rows.count("SELECT COUNT(*) FROM alert_case WHERE rule_id = " + rule)).isZero();

        store("DR", 1, "2026-06-13"); // last 7 days: 3 of 5 → 60, 20 points below 80
        assertThat(indexRules.evaluate(NOW)).isEqualTo(1);
        assertThat(indexRules.evaluate(NOW)).isZero();
        assertThat(Rows.text("SELECT figures FROM alert_case WHERE rule_id = " + rule)).isEqualTo("element=E3; index="
                + index(3, 5) + "; n=5; from=2026-06-08; to=2026-06-14; previous=" + index(8, 10)
                + "; previousN=10; previousFrom=2026-05-11; previousTo=2026-06-07; drop=5");
    }

    @Test
    void theWeeklyDigestIsMailedOncePerWeekInTheReviewersLanguage() throws Exception {
        String vi = api.reviewer(admin, "dg-vi", "DG");
        String en = api.reviewer(admin, "dg-en", "DG");
        subscribe(vi, "dg-vi@example.vn", "vi");
        subscribe(en, "dg-en@example.vn", "en");
        // week 24 (8–14 June): 3 satisfied of 4 → 75, below the rule's 80: one case, open, not yet overdue
        store("DG", 5, "2026-06-08", "2026-06-09", "2026-06-14");
        store("DG", 2, "2026-06-11");
        rule(Map.of("agency", "DG", "kind", "below-threshold", "survey", "sipas-2017", "recipients", List.of(),
                "threshold", 80, "days", 7));
        assertThat(indexRules.evaluate(NOW)).isEqualTo(1);

        assertThat(digest.send(Instant.parse("2026-06-14T23:00:00Z"))).isZero(); // Monday 06:00 in Hanoi: not yet
        assertThat(digest.send(NOW)).isEqualTo(2);
        assertThat(digest.send(NOW)).isZero();
        assertThat(digest.send(NOW.plus(Duration.ofDays(3)))).isZero(); // same ISO week
        WebhookReceiver.await(Duration.ofSeconds(20), () -> mailsTo("dg-vi@example.vn").size() == 1
                && mailsTo("dg-en@example.vn").size() == 1);

        MimeMessage viMail = mailsTo("dg-vi@example.vn").get(0);
        assertThat(viMail.getSubject()).isEqualTo("[Hailong] Tổng hợp tuần 2026-W24: Cơ quan DG (DG)");
        String title = Rows.text("SELECT title_vi FROM survey_version WHERE code = 'sipas-2017' ORDER BY version DESC LIMIT 1");
        assertThat(viMail.getContent().toString()).contains("Tuần 2026-W24 (từ 08/06/2026 đến 14/06/2026):")
                .contains("- " + title + ": chỉ số " + index(3, 4) + ", 4 phiếu")
                .contains("Cảnh báo chưa xử lý xong: 1, trong đó quá hạn: 0")
                .contains("https://hailong.example.vn/reports/alerts?agency=DG");
        MimeMessage enMail = mailsTo("dg-en@example.vn").get(0);
        String titleEn = Rows.text("SELECT title_en FROM survey_version WHERE code = 'sipas-2017' ORDER BY version DESC LIMIT 1");
        assertThat(enMail.getSubject()).isEqualTo("[Hailong] Weekly digest 2026-W24: Agency DG (DG)");
        assertThat(enMail.getContent().toString()).contains("Week 2026-W24 (08/06/2026 to 14/06/2026):")
                .contains("- " + titleEn + ": index " + index(3, 4) + ", 4 responses")
                .contains("Cases not yet resolved: 1, of which overdue: 0");

        // the next week: a second digest; the case is now past its 48 working hours
        assertThat(digest.send(NOW.plus(Duration.ofDays(7)))).isEqualTo(2);
        WebhookReceiver.await(Duration.ofSeconds(20), () -> mailsTo("dg-vi@example.vn").size() == 2);
        MimeMessage next = mailsTo("dg-vi@example.vn").get(1);
        assertThat(next.getSubject()).isEqualTo("[Hailong] Tổng hợp tuần 2026-W25: Cơ quan DG (DG)");
        assertThat(next.getContent().toString()).contains("- Không có phiếu nào trong tuần.")
                .contains("Cảnh báo chưa xử lý xong: 1, trong đó quá hạn: 1");
        assertThat(Rows.count("SELECT COUNT(*) FROM alert_digest a JOIN account u ON u.id = a.account_id"
                + " WHERE u.username LIKE 'dg-%'")).isEqualTo(4);
        // opted in to the digest only: the case's alert e-mail did not go to them
        assertThat(mailsTo("dg-vi@example.vn")).allSatisfy(m -> assertThat(subject(m)).startsWith("[Hailong] Tổng hợp tuần"));
    }

    @Test
    void theOptInIsTheReviewersOwnAndBadFieldsAreNamed() {
        String reviewer = api.reviewer(admin, "sub-reviewer", "SUB");
        String path = "/api/v1/me/alert-subscription";
        assertThat(api.get(path, null).status()).isEqualTo(401);
        assertThat(api.send(HttpRequest.PUT(path, Map.of("email", "a@example.vn"))).status()).isEqualTo(401);
        assertThat(api.get(path, admin).status()).isEqualTo(403);
        assertThat(api.send(HttpRequest.PUT(path, Map.of("email", "a@example.vn")).bearerAuth(admin)).status()).isEqualTo(403);
        assertThat(api.get(path, api.kiosk(admin, "SUB")).status()).isEqualTo(403);

        Api.Reply none = api.get(path, reviewer);
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json().get("alerts").getBooleanValue()).isFalse();
        assertThat(none.json().get("digest").getBooleanValue()).isFalse();

        Api.Reply badEmail = api.send(HttpRequest.PUT(path, Map.of("email", "not-an-address")).bearerAuth(reviewer));
        assertThat(badEmail.status()).isEqualTo(422);
        assertThat(badEmail.response().getContentType().map(Object::toString).orElse("")).contains("problem+json");
        assertThat(badEmail.body()).contains("\"email\"");
        Api.Reply badLanguage = api.send(HttpRequest.PUT(path, Map.of("email", "a@example.vn", "language", "fr")).bearerAuth(reviewer));
        assertThat(badLanguage.status()).isEqualTo(422);
        assertThat(badLanguage.body()).contains("\"language\"").doesNotContain("\"email\"");
        Api.Reply noEmail = api.send(HttpRequest.PUT(path, Map.of("digest", true)).bearerAuth(reviewer));
        assertThat(noEmail.status()).isEqualTo(422);
        assertThat(noEmail.body()).contains("\"email\"");
        assertThat(Rows.count("SELECT COUNT(*) FROM alert_subscription s JOIN account a ON a.id = s.account_id"
                + " WHERE a.username = 'sub-reviewer'")).isZero();

        Api.Reply in = api.send(HttpRequest.PUT(path, Map.of("email", "Head@Example.vn", "language", "en")).bearerAuth(reviewer));
        assertThat(in.status()).isEqualTo(200);
        assertThat(in.json().get("alerts").getBooleanValue()).isTrue();
        assertThat(in.json().get("digest").getBooleanValue()).isTrue();
        JsonNode shown = api.get(path, reviewer).json();
        assertThat(shown.get("email").getStringValue()).isEqualTo("Head@Example.vn");
        assertThat(shown.get("language").getStringValue()).isEqualTo("en");

        Api.Reply out = api.send(HttpRequest.PUT(path, Map.of("alerts", false, "digest", false)).bearerAuth(reviewer));
        assertThat(out.status()).isEqualTo(200);
        JsonNode after = api.get(path, reviewer).json();
        assertThat(after.get("alerts").getBooleanValue()).isFalse();
        assertThat(after.get("digest").getBooleanValue()).isFalse();
        assertThat(after.get("email").getStringValue()).isEqualTo("Head@Example.vn");
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'alert.subscription.update'")).isGreaterThanOrEqualTo(2);
        assertThat(api.get("/openapi.yml", null).body()).contains("/api/v1/me/alert-subscription:")
                .contains("email: truongphong@bn.example.vn").contains("digest: false");
    }

    /** Runs standing in for copies of the app: the same database, at the same instant. */
    @Test
    void runsAtTheSameMomentOpenOneCaseAndQueueOneDigest() throws Exception {
        api.agency(admin, "CC", null);
        String reviewer = api.reviewer(admin, "cc-reviewer", "CC");
        subscribe(reviewer, "cc@example.vn", "vi");
        store("CC", 1, "2026-06-10", "2026-06-11", "2026-06-12", "2026-06-13");
        long rule = rule(Map.of("agency", "CC", "kind", "below-threshold", "survey", "sipas-2017", "recipients", List.of(),
                "threshold", 50, "days", 7));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> indexRules.evaluate(NOW)));
            }
            int opened = 0;
            for (java.util.concurrent.Future<Integer> run : runs) {
                opened += run.get();
            }
            assertThat(opened).isEqualTo(1);
            assertThat(Rows.count("SELECT COUNT(*) FROM alert_case WHERE rule_id = " + rule)).isEqualTo(1);
            long caseId = Rows.count("SELECT id FROM alert_case WHERE rule_id = " + rule);
            assertThat(Rows.count("SELECT COUNT(*) FROM outbox_event WHERE kind = 'alert.opened' AND subject = '" + caseId + "'"))
                    .isEqualTo(1);

            long digestsBefore = Rows.count("SELECT COUNT(*) FROM alert_digest");
            List<java.util.concurrent.Future<Integer>> digests = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                digests.add(pool.submit(() -> digest.send(NOW.plus(Duration.ofDays(14)))));
            }
            for (java.util.concurrent.Future<Integer> run : digests) {
                run.get();
            }
            assertThat(Rows.count("SELECT COUNT(*) FROM alert_digest a JOIN account u ON u.id = a.account_id"
                    + " WHERE u.username = 'cc-reviewer' AND a.week = '2026-W27'")).isEqualTo(1);
            assertThat(Rows.count("SELECT COUNT(*) FROM alert_digest")).isGreaterThan(digestsBefore);
        } finally {
            pool.shutdownNow();
        }
        WebhookReceiver.await(Duration.ofSeconds(20), () -> mailsTo("cc@example.vn").size() == 1);
        Thread.sleep(500);
        assertThat(mailsTo("cc@example.vn")).hasSize(1);
        // opted out again: the other tests count the digests they queue
        assertThat(api.send(HttpRequest.PUT("/api/v1/me/alert-subscription", Map.of("alerts", false, "digest", false))
                .bearerAuth(reviewer)).status()).isEqualTo(200);
    }

    private void subscribe(String token, String email, String language) {
        Api.Reply reply = api.send(HttpRequest.PUT("/api/v1/me/alert-subscription", Map.of("email", email,
                "language", language, "alerts", false, "digest", true)).bearerAuth(token));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    private long rule(Map<String, Object> body) {
        Api.Reply reply = api.post("/api/v1/alert-rules", body, admin);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("id").getLongValue();
    }

    /** One sipas-2017 response per date (noon in Hanoi), every criterion answered {@code value}. */
    private void store(String agency, int value, String... dates) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (String date : dates) {
            Map<String, Object> answers = new LinkedHashMap<>();
            Api.SIPAS_CRITERIA.forEach(c -> answers.put(c, value));
            Map<String, Object> body = Api.submission(agency, answers);
            body.put("submittedAt", LocalDate.parse(date) + "T12:00:00+07:00");
            batch.add(body);
        }
        Api.Reply reply = api.post("/api/v1/responses:batch", Map.of("responses", batch), null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).as(reply.body()).doesNotContain("rejected");
    }

    /** The index of n responses of which s are satisfied on every criterion (docs/method.md §3–4), as reports round it. */
    private static String index(int satisfied, int n) {
        return BigDecimal.valueOf(Math.round(100.0 * satisfied / n * 10_000) / 10_000.0).stripTrailingZeros().toPlainString();
    }

    private List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equalsIgnoreCase(address);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
