package vn.hailong.flag;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
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

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Suspicious-pattern flags through the real submission API, with small thresholds: each pattern
 * is flagged, normal traffic is not, and an admin's confirmation takes the response out of the
 * report figures (and a revert puts it back).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlagsIT implements DatabaseTest {

    /** Tuesday 17 November 2026, 09:00 in Viet Nam: inside the default opening hours. */
    static final OffsetDateTime TUESDAY_9 = OffsetDateTime.parse("2026-11-17T09:00:00+07:00");
    static final String REPORT = "/api/v1/reports/satisfaction?survey=sipas-2017&from=2026-11-01&to=2026-11-30&agency=";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    Api api;
    HttpClient noRedirects;
    String admin;
    final Random random = new Random(5);

    @Override
    public Map<String, String> extraProperties() {
        return Map.of(
                // Bursts are what these tests send: the submission limits would refuse them first.
                "hailong.limits.kiosk.enabled", "false",
                "hailong.limits.public.enabled", "false",
                "hailong.flags.burst-count", "4",
                "hailong.flags.burst-seconds", "30",
                "hailong.flags.run-length", "3",
                "hailong.flags.run-minutes", "10",
                "hailong.flags.run-minimum-answers", "3");
    }

    @BeforeAll
    void setUp() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "FL", null);
        for (String code : List.of("FL-N", "FL-B", "FL-R", "FL-W", "FL-H", "FX", "FY", "FD")) {
            api.agency(admin, code, "FL");
        }
        Map<String, Object> tokyo = new LinkedHashMap<>();
        tokyo.put("code", "FL-T");
        tokyo.put("nameVi", "Tokyo");
        tokyo.put("nameEn", "Tokyo");
        tokyo.put("kind", "CENTRE");
        tokyo.put("parent", "FL");
        tokyo.put("timeZone", "Asia/Tokyo");
        assertThat(api.post("/api/v1/agencies", tokyo, admin).status()).isEqualTo(201);
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setFollowRedirects(false);
        noRedirects = HttpClient.create(server.getURL(), configuration);
    }

    @AfterAll
    void close() {
        noRedirects.close();
    }

    @Test
    void normalTrafficRaisesNoFlag() {
        String kiosk = api.kiosk(admin, "FL-N");
        for (int i = 0; i < 12; i++) {
            submit("FL-N", "kiosk", kiosk, TUESDAY_9.plusMinutes(i), randomAnswers());
        }
        for (int i = 0; i < 12; i++) {
            // Phones at any hour, a few seconds apart: not a kiosk, and every answer set differs.
            submit("FL-N", "web", null, TUESDAY_9.plusHours(12).plusSeconds(i), randomAnswers());
        }
        // The same short answer (2 questions) again and again is normal for a quick rating.
        for (int i = 0; i < 5; i++) {
            submit("FL-N", "kiosk", kiosk, TUESDAY_9.plusHours(1).plusMinutes(i), Map.of("E1.1", 5, "E1.2", 5));
        }

        assertThat(Rows.count("SELECT COUNT(*) FROM response r JOIN agency a ON a.id = r.agency_id WHERE a.code = 'FL-N'")).isEqualTo(29);
        assertThat(flagsOf("FL-N")).isEmpty();
    }

    @Test
    void burstFromOneKioskFlagsTheResponsesBeyondTheLimit() {
        String kiosk = api.kiosk(admin, "FL-B");
        String otherKiosk = api.kiosk(admin, "FL-B");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(submit("FL-B", "kiosk", kiosk, TUESDAY_9.plusSeconds(2L * i), randomAnswers()));
            submit("FL-B", "kiosk", otherKiosk, TUESDAY_9.plusSeconds(2L * i).plusMinutes(i), randomAnswers());
        }
        // 40 s later the window (30 s) holds one response again.
        ids.add(submit("FL-B", "kiosk", kiosk, TUESDAY_9.plusSeconds(52), randomAnswers()));

        assertThat(flagsOf("FL-B")).containsExactlyInAnyOrder(
                ids.get(4) + " burst", ids.get(5) + " burst", ids.get(6) + " burst");
        assertThat(Rows.text("SELECT detail FROM response_flag WHERE response_id = '" + ids.get(6) + "'"))
                .startsWith("7 responses from kiosk").contains("within 30 s (limit 4)");
    }

    @Test
    void runOfIdenticalAnswerSetsFromOneKioskIsFlagged() {
        String kiosk = api.kiosk(admin, "FL-R");
        Map<String, Object> same = randomAnswers();
        List<String> ids = new ArrayList<>();
        ids.add(submit("FL-R", "kiosk", kiosk, TUESDAY_9, randomAnswers()));
        for (int i = 1; i <= 4; i++) {
            ids.add(submit("FL-R", "kiosk", kiosk, TUESDAY_9.plusMinutes(2L * i), same));
        }
        // A different answer breaks the run; two more identical ones are not yet a run of three.
        ids.add(submit("FL-R", "kiosk", kiosk, TUESDAY_9.plusMinutes(10), randomAnswers()));
        ids.add(submit("FL-R", "kiosk", kiosk, TUESDAY_9.plusMinutes(12), same));
        ids.add(submit("FL-R", "kiosk", kiosk, TUESDAY_9.plusMinutes(14), same));
        // Identical again but long after the window (10 min): no run.
        ids.add(submit("FL-R", "kiosk", kiosk, TUESDAY_9.plusMinutes(40), same));

        assertThat(flagsOf("FL-R")).containsExactlyInAnyOrder(ids.get(3) + " identical-run", ids.get(4) + " identical-run");
    }

    @Test
    void runOfIdenticalAnswerSetsThroughTheAgencyPhoneLinkIsFlagged() {
        Map<String, Object> same = randomAnswers();
        String first = submit("FL-W", "web", null, TUESDAY_9, same);
        String second = submit("FL-W", "web", null, TUESDAY_9.plusMinutes(1), same);
        String third = submit("FL-W", "web", null, TUESDAY_9.plusMinutes(2), same);

        assertThat(flagsOf("FL-W")).containsExactly(third + " identical-run");
        assertThat(List.of(first, second)).doesNotContain(third);
    }

    @Test
    void kioskSubmissionsOutsideOpeningHoursAreFlaggedInTheAgencysOwnTime() {
        String kiosk = api.kiosk(admin, "FL-H");
        String early = submit("FL-H", "kiosk", kiosk, OffsetDateTime.parse("2026-11-17T06:59:00+07:00"), randomAnswers());
        String opening = submit("FL-H", "kiosk", kiosk, OffsetDateTime.parse("2026-11-17T07:00:00+07:00"), randomAnswers());
        String lastMinute = submit("FL-H", "kiosk", kiosk, OffsetDateTime.parse("2026-11-17T17:29:00+07:00"), randomAnswers());
        String evening = submit("FL-H", "kiosk", kiosk, OffsetDateTime.parse("2026-11-17T17:30:00+07:00"), randomAnswers());
        // The same instant written in UTC: the agency's zone decides, not the client's offset.
        String eveningUtc = submit("FL-H", "kiosk", kiosk, OffsetDateTime.parse("2026-11-17T12:45:00Z"), randomAnswers());
        String sunday = submit("FL-H", "kiosk", kiosk, OffsetDateTime.parse("2026-11-22T10:00:00+07:00"), randomAnswers());
        String saturday = submit("FL-H", "kiosk", kiosk, OffsetDateTime.parse("2026-11-21T10:00:00+07:00"), randomAnswers());
        String phoneAtNight = submit("FL-H", "web", null, OffsetDateTime.parse("2026-11-17T22:00:00+07:00"), randomAnswers());

        assertThat(flagsOf("FL-H")).containsExactlyInAnyOrder(
                early + " outside-hours", evening + " outside-hours", eveningUtc + " outside-hours", sunday + " outside-hours");
        assertThat(List.of(opening, lastMinute, saturday, phoneAtNight)).hasSize(4);

        String tokyoKiosk = api.kiosk(admin, "FL-T");
        // 16:00 in Viet Nam is 18:00 in Tokyo: closed there.
        String tokyoEvening = submit("FL-T", "kiosk", tokyoKiosk, OffsetDateTime.parse("2026-11-17T16:00:00+07:00"), randomAnswers());
        submit("FL-T", "kiosk", tokyoKiosk, OffsetDateTime.parse("2026-11-17T09:00:00+07:00"), randomAnswers());
        assertThat(flagsOf("FL-T")).containsExactly(tokyoEvening + " outside-hours");
        assertThat(Rows.text("SELECT detail FROM response_flag WHERE response_id = '" + tokyoEvening + "'"))
                .contains("TUESDAY 18:00").contains("Asia/Tokyo");
    }

    @Test
    void confirmedFlagTakesTheResponseOutOfTheFiguresAndRevertPutsItBack() {
        // FX gets 40 responses plus one at night from its kiosk; FY gets the same 40 only.
        // Once the night one is confirmed, FX's figures must equal FY's.
        String kiosk = api.kiosk(admin, "FX");
        for (int i = 0; i < 40; i++) {
            Map<String, Object> answers = randomAnswers();
            submit("FX", "web", null, TUESDAY_9.plusMinutes(i), answers);
            submit("FY", "web", null, TUESDAY_9.plusMinutes(i), answers);
        }
        Map<String, Object> allOnes = new LinkedHashMap<>();
        Api.SIPAS_CRITERIA.forEach(code -> allOnes.put(code, 1));
        String night = submit("FX", "kiosk", kiosk, OffsetDateTime.parse("2026-11-17T23:10:00+07:00"), allOnes);
        long flag = Rows.count("SELECT id FROM response_flag WHERE response_id = '" + night + "'");

        JsonNode before = figures("FX");
        JsonNode control = figures("FY");
        assertThat(before.get("responses").getLongValue()).isEqualTo(41);
        assertThat(comparable(before)).as("flagged, not yet confirmed: still counted").isNotEqualTo(comparable(control));

        String cookie = adminCookie();
        assertThat(decide(flag, "confirm", cookie)).isEqualTo(303);
        JsonNode confirmed = figures("FX");
        assertThat(confirmed.get("responses").getLongValue()).isEqualTo(40);
        assertThat(comparable(confirmed)).isEqualTo(comparable(control));
        assertThat(Rows.text("SELECT state FROM response_flag WHERE id = " + flag)).isEqualTo("confirmed");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + night + "'")).as("kept, not deleted").isEqualTo(1);
        assertThat(page("/admin/flags?state=confirmed&lang=en", cookie)).contains("flag-" + flag).contains("excluded from figures");

        assertThat(decide(flag, "revert", cookie)).isEqualTo(303);
        assertThat(comparable(figures("FX"))).isEqualTo(comparable(before));
        assertThat(Rows.text("SELECT state FROM response_flag WHERE id = " + flag)).isEqualTo("open");

        assertThat(lastAudit("flag:" + flag, 2)).containsExactly(
                "flag.revert admin confirmed->open; figures included",
                "flag.confirm admin open->confirmed; figures excluded");
    }

    @Test
    void dismissKeepsTheResponseCountedAndCanBeReverted() {
        String kiosk = api.kiosk(admin, "FD");
        for (int i = 0; i < 5; i++) {
            submit("FD", "web", null, TUESDAY_9.plusMinutes(i), randomAnswers());
        }
        String night = submit("FD", "kiosk", kiosk, OffsetDateTime.parse("2026-11-17T21:00:00+07:00"), randomAnswers());
        long flag = Rows.count("SELECT id FROM response_flag WHERE response_id = '" + night + "'");
        JsonNode before = figures("FD");
        String cookie = adminCookie();

        assertThat(page("/admin/flags?lang=vi", cookie)).contains("flag-" + flag).contains("Ngoài giờ làm việc").contains("FD");
        assertThat(decide(flag, "dismiss", cookie)).isEqualTo(303);
        assertThat(Rows.text("SELECT CONCAT(state, ' ', decided_by) FROM response_flag WHERE id = " + flag)).isEqualTo("dismissed admin");
        assertThat(comparable(figures("FD"))).isEqualTo(comparable(before));
        assertThat(page("/admin/flags?lang=en", cookie)).doesNotContain("flag-" + flag + "\"");
        // A dismissed flag cannot be dismissed again; it can be reverted, then confirmed.
        assertThat(decide(flag, "dismiss", cookie)).isEqualTo(409);
        assertThat(decide(flag, "revert", cookie)).isEqualTo(303);
        assertThat(Rows.text("SELECT state FROM response_flag WHERE id = " + flag)).isEqualTo("open");
        assertThat(Rows.text("SELECT decided_by FROM response_flag WHERE id = " + flag)).isNull();
        assertThat(decide(flag, "confirm", cookie)).isEqualTo(303);
        assertThat(figures("FD").get("responses").getLongValue()).isEqualTo(5);
        assertThat(decide(999_999, "confirm", cookie)).isEqualTo(404);

        assertThat(lastAudit("flag:" + flag, 3)).containsExactly(
                "flag.confirm admin open->confirmed; figures excluded",
                "flag.revert admin dismissed->open; figures unchanged",
                "flag.dismiss admin open->dismissed; figures unchanged");
    }

    @Test
    void onlyAdminsReviewFlags() {
        String reviewer = api.reviewer(admin, "fl-reviewer", "FL");
        assertThat(api.get("/admin/flags", reviewer).status()).isEqualTo(403);
        assertThat(api.send(HttpRequest.POST("/admin/flags/1/confirm", "").contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                .bearerAuth(reviewer)).status()).isEqualTo(403);
        String kiosk = api.kiosk(admin, "FL");
        assertThat(api.get("/admin/flags", kiosk).status()).isEqualTo(403);
        var anonymous = noRedirects.toBlocking().exchange(HttpRequest.GET("/admin/flags"), String.class);
        assertThat(anonymous.code()).isEqualTo(303);
        assertThat(api.get("/admin/flags?state=weird", admin).status()).isEqualTo(400);
    }

    // ---- helpers ----

    private String submit(String agency, String channel, String kioskToken, OffsetDateTime at, Map<String, Object> answers) {
        Map<String, Object> body = Api.submission(agency, answers);
        body.put("channel", channel);
        body.put("submittedAt", at.toString());
        Api.Reply reply = api.post("/api/v1/responses", body, kioskToken);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return (String) body.get("id");
    }

    private Map<String, Object> randomAnswers() {
        Map<String, Object> answers = new LinkedHashMap<>();
        for (String code : Api.SIPAS_CRITERIA) {
            answers.put(code, 1 + random.nextInt(5));
        }
        return answers;
    }

    /** "responseId reason" of every flag raised on the agency's responses. */
    private static List<String> flagsOf(String agency) {
        List<String> flags = new ArrayList<>();
        try (Connection c = Rows.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT f.response_id, f.reason FROM response_flag f JOIN agency a ON a.id = f.agency_id WHERE a.code = ?")) {
            s.setString(1, agency);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    flags.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return flags;
    }

    private static List<String> lastAudit(String target, int count) {
        List<String> rows = new ArrayList<>();
        try (Connection c = Rows.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT action, actor, details FROM audit_log WHERE target = ? ORDER BY seq DESC LIMIT " + count)) {
            s.setString(1, target);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String details = rs.getString(3);
                    rows.add(rs.getString(1) + " " + rs.getString(2) + " " + details.substring(details.lastIndexOf("; ", details.lastIndexOf("; ") - 1) + 2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private JsonNode figures(String agency) {
        Api.Reply reply = api.get(REPORT + agency, admin);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    /** The report without the agency's own name and code, so two agencies' figures can be compared. */
    private String comparable(JsonNode report) {
        Map<String, Object> fields = new LinkedHashMap<>();
        report.entries().forEach(e -> {
            if (!e.getKey().equals("agency")) {
                fields.put(e.getKey(), e.getValue());
            }
        });
        try {
            return json.writeValueAsString(fields);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String adminCookie() {
        var response = noRedirects.toBlocking().exchange(api.csrf().form("/login",
                "username=" + ADMIN + "&password=" + ADMIN_PASSWORD + "&next=/admin/flags"), String.class);
        assertThat(response.code()).isEqualTo(303);
        return response.getHeaders().getAll("Set-Cookie").stream().filter(c -> c.startsWith("HAILONG_SESSION="))
                .findFirst().orElseThrow().split(";")[0];
    }

    private String page(String path, String cookie) {
        Api.Reply reply = api.send(HttpRequest.GET(path).header("Cookie", cookie));
        assertThat(reply.status()).isEqualTo(200);
        return reply.body();
    }

    /** Posts the decision as the page's form does: session cookie, CSRF cookie and the form's token. */
    private int decide(long flag, String decision, String cookie) {
        Api.Csrf csrf = api.csrf();
        var request = HttpRequest.POST("/admin/flags/" + flag + "/" + decision + "?back=all&lang=en", csrf.field())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                .header("Cookie", cookie + "; HAILONG_CSRF=" + csrf.cookie());
        try {
            return noRedirects.toBlocking().exchange(request, String.class).code();
        } catch (io.micronaut.http.client.exceptions.HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }
}
