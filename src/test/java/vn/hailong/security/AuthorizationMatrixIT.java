package vn.hailong.security;

import io.micronaut.http.HttpMethod;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Questionnaires;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the running app (read from Micronaut's {@link Router}, so a new route without a
 * rule below fails this test) × every kind of caller → the expected status. Agencies: province P
 * with communes A and its sibling S; a kiosk of A; reviewers of A, of P (A's parent) and of S.
 * Every caller sends a valid CSRF pair with page POSTs, so what is tested here is authorization
 * alone. HEAD routes follow their GET and are not listed.
 *
 * <p>Callers: anonymous, kiosk of A (its opaque token), reviewer of A, reviewer of P, reviewer of S,
 * the national admin, and the province admins of A and of S (issue 15: ADMIN accounts with an agency,
 * so every rule about A is asked once inside and once outside a province admin's scope; what only
 * the national admin may do is refused to both) -- all by bearer token (pages accept it as well as
 * the cookie). Questionnaire uploads add versions to {@code matrix-a}, a questionnaire of A. An
 * integration key and a DATA_ENTRY account of A go through every rule in a test of their own.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIT implements DatabaseTest {

    enum Who { ANONYMOUS, KIOSK, REVIEWER_A, REVIEWER_PARENT, REVIEWER_SIBLING, ADMIN, ADMIN_OF_A, ADMIN_OF_S }

    /** One rule: how to call the route (path, body) and the status each caller gets, in {@link Who} order. */
    record Rule(String path, Supplier<String> body, String contentType, int... expected) {
    }

    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String MULTIPART = "multipart/form-data; boundary=matrix-boundary";
    private static final String YAML = "application/yaml";
    /** The newest version of matrix-a asked to be stored so far (uploads must go higher). */
    private int matrixVersion;
    private static final String AGENCY_CSV = "code,parent,name_vi,name_en,kind\nS,P,S,S,COMMUNE\n";
    private String spareKiosk;
    /** An integration client of A (issue 13): checked against every rule in {@link #anIntegrationKeyMayOnlySendDossiersAndPortalResponses}. */
    private String integrationKey;
    /** An alert case of A, opened through the outbox in {@link #setUp()}. */
    private String caseOfA;
    /** A DATA_ENTRY account of A (issue 15): checked against every rule in {@link #aDataEntryAccountMayOnlyKeyPaperSheetsOfItsAgency}. */
    private String dataEntryOfA;
    /** A paper entry round of A keyed once per sheet (issue 15), opened by the admin in {@link #setUp()}. */
    private String roundOfA;

    @Inject
    EmbeddedServer server;

    @Inject
    Router router;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    final Map<Who, String> tokens = new LinkedHashMap<>();
    String csrfCookie;
    String csrfToken;
    int serial;

    @BeforeAll
    void setUp() throws Exception {
        String admin = login(ADMIN, ADMIN_PASSWORD);
        post("/api/v1/agencies", "{\"code\":\"P\",\"nameVi\":\"P\",\"nameEn\":\"P\",\"kind\":\"PROVINCE\",\"parent\":null}", admin);
        post("/api/v1/agencies", "{\"code\":\"A\",\"nameVi\":\"A\",\"nameEn\":\"A\",\"kind\":\"COMMUNE\",\"parent\":\"P\"}", admin);
        post("/api/v1/agencies", "{\"code\":\"S\",\"nameVi\":\"S\",\"nameEn\":\"S\",\"kind\":\"COMMUNE\",\"parent\":\"P\"}", admin);
        tokens.put(Who.ANONYMOUS, null);
        String kiosk = post("/api/v1/kiosks", "{\"agency\":\"A\",\"label\":\"Counter 1\"}", admin).body();
        tokens.put(Who.KIOSK, field(kiosk, "token"));
        // For the admin pages: an account and a kiosk that the admin rules may change or revoke.
        reviewer(admin, "rev-x", "A");
        Matcher spare = Pattern.compile("\"id\":(\\d+)").matcher(post("/api/v1/kiosks", "{\"agency\":\"A\",\"label\":\"Spare\"}", admin).body());
        assertThat(spare.find()).isTrue();
        spareKiosk = spare.group(1);
        tokens.put(Who.REVIEWER_A, reviewer(admin, "rev-a", "A"));
        tokens.put(Who.REVIEWER_PARENT, reviewer(admin, "rev-p", "P"));
        tokens.put(Who.REVIEWER_SIBLING, reviewer(admin, "rev-s", "S"));
        tokens.put(Who.ADMIN, admin);
        tokens.put(Who.ADMIN_OF_A, provinceAdmin(admin, "adm-a", "A"));
        tokens.put(Who.ADMIN_OF_S, provinceAdmin(admin, "adm-s", "S"));
        // A questionnaire of A (issue 15), published by A's administrator: the upload rules add versions to it.
        HttpResponse<String> published = http.send(HttpRequest.newBuilder(uri("/api/v1/surveys")).header("Content-Type", YAML)
                .header("Authorization", "Bearer " + tokens.get(Who.ADMIN_OF_A))
                .POST(HttpRequest.BodyPublishers.ofString(Questionnaires.yaml("matrix-a", ++matrixVersion, "Ghế chờ"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        integrationKey = field(post("/api/v1/integrations", "{\"name\":\"Matrix feed\",\"agency\":\"A\"}", admin).body(), "key");
        // A real case of A (issue 14): a not-satisfied rule and an unhappy rating, dispatched by the app's outbox
        post("/api/v1/alert-rules", "{\"agency\":\"A\",\"kind\":\"not-satisfied\"}", admin);
        post("/api/v1/responses", "{\"id\":\"" + UUID.randomUUID() + "\",\"survey\":\"one-stop-rating\",\"agency\":\"A\","
                + "\"channel\":\"web\",\"answers\":{\"rating\":1,\"reason\":\"long-wait\"}}", null);
        vn.hailong.support.WebhookReceiver.await(Duration.ofSeconds(30), () ->
                vn.hailong.support.Rows.count("SELECT COUNT(*) FROM alert_case c JOIN agency a ON a.id = c.agency_id WHERE a.code = 'A'") == 1);
        caseOfA = vn.hailong.support.Rows.text("SELECT c.id FROM alert_case c JOIN agency a ON a.id = c.agency_id WHERE a.code = 'A'");
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri("/login")).GET().build(), HttpResponse.BodyHandlers.ofString());
        csrfCookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("HAILONG_CSRF=")).findFirst().orElseThrow().split(";")[0];
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).isTrue();
        csrfToken = m.group(1);
        dataEntryOfA = dataEntry(admin, "entry-a", "A");
        HttpResponse<String> round = call("POST", new Rule("/entry/rounds", () -> "name=Matrix&agency=A&survey=sipas-2017&doublePercent=0",
                FORM), admin);
        Matcher id = Pattern.compile("/entry/rounds/(\\d+)").matcher(round.headers().firstValue("Location").orElse(""));
        assertThat(id.find()).as(round.body()).isTrue();
        roundOfA = id.group(1);
    }

    /** The rules: "METHOD template" → how to call it and the expected status per caller. */
    Map<String, Rule> rules() {
        int[] everyone200 = {200, 200, 200, 200, 200, 200, 200, 200};
        int[] reportOfA = {401, 403, 200, 200, 403, 200, 200, 403};
        int[] reportPageOfA = {303, 403, 200, 200, 403, 200, 200, 403};
        // Callers: anonymous, kiosk of A, reviewers of A, P and S, the national admin, the province admins of A and of S.
        int[] nationalOnly200 = {401, 403, 403, 403, 403, 200, 403, 403};
        int[] nationalOnly201 = {401, 403, 403, 403, 403, 201, 403, 403};
        int[] adminsOfA200 = {401, 403, 403, 403, 403, 200, 200, 403};
        int[] adminsOfA201 = {401, 403, 403, 403, 403, 201, 201, 403};
        int[] everyAdmin200 = {401, 403, 403, 403, 403, 200, 200, 200};
        Map<String, Rule> r = new LinkedHashMap<>();
        // Public pages and documents
        r.put("GET /", new Rule("/", null, null, everyone200));
        r.put("GET /api", new Rule("/api", null, null, everyone200));
        r.put("GET /openapi.yml", new Rule("/openapi.yml", null, null, everyone200));
        r.put("GET /login", new Rule("/login", null, null, everyone200));
        r.put("POST /login", new Rule("/login", () -> "username=" + ADMIN + "&password=" + ADMIN_PASSWORD + "&next=%2F", FORM,
                303, 303, 303, 303, 303, 303, 303, 303));
        r.put("GET /kiosk", new Rule("/kiosk", null, null, everyone200));
        r.put("GET /kiosk/setup", new Rule("/kiosk/setup", null, null, everyone200));
        r.put("GET /privacy", new Rule("/privacy", null, null, everyone200));
        r.put("GET /favicon.ico", new Rule("/favicon.ico", null, null, everyone200));
        r.put("GET /kiosk/sw.js", new Rule("/kiosk/sw.js", null, null, everyone200));
        r.put("GET /qr/{agencyCode}/{surveyCode:[^/.]+}", new Rule("/qr/A/sipas-2017", null, null, everyone200));
        r.put("GET /qr/{agencyCode}/{surveyCode:[^/.]+}.png", new Rule("/qr/A/sipas-2017.png", null, null, everyone200));
        r.put("GET /s/{agencyCode}/{surveyCode}", new Rule("/s/A/sipas-2017", null, null, everyone200));
        r.put("POST /s/{agencyCode}/{surveyCode}", new Rule("/s/A/sipas-2017", () -> "id=" + UUID.randomUUID() + "&version=1&a.E1.1=4",
                FORM, 303, 303, 303, 303, 303, 303, 303, 303));
        r.put("GET /s/{agencyCode}/{surveyCode}/thanks", new Rule("/s/A/sipas-2017/thanks", null, null, everyone200));
        r.put("GET /health", new Rule("/health", null, null, everyone200));
        r.put("GET /health/{selector}", new Rule("/health/liveness", null, null, everyone200));
        r.put("GET /prometheus", new Rule("/prometheus", null, null, everyone200));
        // Surveys: public
        r.put("GET /api/v1/surveys", new Rule("/api/v1/surveys", null, null, everyone200));
        r.put("GET /api/v1/surveys/{code}", new Rule("/api/v1/surveys/sipas-2017", null, null, everyone200));
        r.put("GET /api/v1/surveys/{code}/versions/{version}", new Rule("/api/v1/surveys/sipas-2017/versions/1", null, null, everyone200));
        // Submissions: channel web is open to anyone (kiosk and paper channels are checked in ResponseApiIT)
        r.put("POST /api/v1/responses", new Rule("/api/v1/responses", () -> submission(), JSON, 201, 201, 201, 201, 201, 201, 201, 201));
        r.put("POST /api/v1/responses:batch", new Rule("/api/v1/responses:batch", () -> "{\"responses\":[" + submission() + "]}", JSON,
                everyone200));
        // Reports: the agency's reviewers, its ancestors' reviewers and admins
        r.put("GET /reports", new Rule("/reports?agency=A&survey=sipas-2017", null, null, reportPageOfA));
        r.put("GET /api/v1/reports/satisfaction", new Rule("/api/v1/reports/satisfaction?agency=A&survey=sipas-2017", null, null, reportOfA));
        r.put("GET /api/v1/reports/satisfaction.xlsx", new Rule("/api/v1/reports/satisfaction.xlsx?agency=A&survey=sipas-2017", null, null, reportOfA));
        r.put("GET /api/v1/reports/ranking", new Rule("/api/v1/reports/ranking?parent=A&survey=sipas-2017", null, null, reportOfA));
        r.put("GET /api/v1/reports/trend", new Rule("/api/v1/reports/trend?agency=A&survey=sipas-2017", null, null, reportOfA));
        r.put("GET /api/v1/reports/response-rate", new Rule("/api/v1/reports/response-rate?agency=A", null, null, reportOfA));
        r.put("GET /api/v1/reports/one-stop", new Rule("/api/v1/reports/one-stop?agency=A", null, null, reportOfA));
        r.put("GET /api/v1/reports/evaluation", new Rule("/api/v1/reports/evaluation?agency=A", null, null, reportOfA));
        r.put("GET /reports/one-stop", new Rule("/reports/one-stop?agency=A", null, null, reportPageOfA));
        r.put("GET /api/v1/reports/breakdown", new Rule("/api/v1/reports/breakdown?agency=A&survey=sipas-2017&by=officer", null, null, reportOfA));
        r.put("GET /api/v1/reports/comments", new Rule("/api/v1/reports/comments?agency=A", null, null, reportOfA));
        // Reviewer dashboard, comments, sample targets and exports: the same scope as the report page
        r.put("GET /reports/comments", new Rule("/reports/comments?agency=A&survey=sipas-2017", null, null, reportPageOfA));
        r.put("GET /reports/targets", new Rule("/reports/targets", null, null, 303, 403, 200, 200, 200, 200, 200, 200));
        r.put("POST /reports/targets", new Rule("/reports/targets", () -> "agency=A&period=2026-Q1&dossiers=100", FORM,
                303, 403, 303, 303, 403, 303, 303, 403));
        r.put("GET /reports/export/{what}.{format}", new Rule("/reports/export/figures.csv?agency=A&survey=sipas-2017", null, null, reportPageOfA));
        // The report document (issue 15 §1): the dashboard's scope; a quarter so the comparison is computed too
        r.put("GET /reports/export/report.docx", new Rule("/reports/export/report.docx?agency=A&survey=sipas-2017&period=2026-Q1",
                null, null, reportPageOfA));
        r.put("GET /reports/export/report.pdf", new Rule("/reports/export/report.pdf?agency=A&survey=sipas-2017&period=2026-Q1",
                null, null, reportPageOfA));
        r.put("GET /reports/export/responses.csv", new Rule("/reports/export/responses.csv?agency=A&survey=sipas-2017", null, null,
                303, 403, 403, 403, 403, 200, 200, 403));
        // Administration: admins only
        r.put("GET /api/v1/agencies", new Rule("/api/v1/agencies?parent=A", null, null, adminsOfA200));
        r.put("GET /api/v1/agencies/{code}", new Rule("/api/v1/agencies/A", null, null, adminsOfA200));
        r.put("POST /api/v1/agencies", new Rule("/api/v1/agencies", () -> "{\"code\":\"N" + (++serial)
                + "\",\"nameVi\":\"N\",\"nameEn\":\"N\",\"kind\":\"COMMUNE\",\"parent\":\"A\"}", JSON, adminsOfA201));
        r.put("POST /api/v1/accounts", new Rule("/api/v1/accounts", () -> "{\"username\":\"user" + (++serial)
                + "\",\"password\":\"a-long-password\",\"role\":\"REVIEWER\",\"agency\":\"A\"}", JSON, adminsOfA201));
        r.put("POST /api/v1/kiosks", new Rule("/api/v1/kiosks", () -> "{\"agency\":\"A\",\"label\":\"K\"}", JSON, adminsOfA201));
        r.put("POST /api/v1/rollups:rebuild", new Rule("/api/v1/rollups:rebuild", () -> "", JSON, nationalOnly200));
        // Kiosk devices only
        r.put("GET /api/v1/kiosk/me", new Rule("/api/v1/kiosk/me", null, null, 401, 200, 403, 403, 403, 403, 403, 403));
        r.put("POST /api/v1/kiosk/heartbeat", new Rule("/api/v1/kiosk/heartbeat", () -> "{\"waiting\":0}", JSON,
                401, 204, 403, 403, 403, 403, 403, 403));
        // A rating code typed on the kiosk (issue 13): the kiosk hears 404 for a code no dossier has.
        r.put("GET /api/v1/kiosk/rating-codes/{code}", new Rule("/api/v1/kiosk/rating-codes/ZZZZ-ZZZZ-ZZZZ", null, null,
                401, 404, 403, 403, 403, 403, 403, 403));
        // Admin pages: anonymous people are sent to the login page, everyone but admins refused.
        // The changes run on things no other rule uses (agency S unchanged in effect, rev-x, the spare kiosk).
        int[] everyAdminPage = {303, 403, 403, 403, 403, 200, 200, 200};
        int[] adminPageOfA = {303, 403, 403, 403, 403, 200, 200, 403};
        int[] nationalPage = {303, 403, 403, 403, 403, 200, 403, 403};
        int[] changeOfA = {303, 403, 403, 403, 403, 303, 303, 403};
        int[] changeOfS = {303, 403, 403, 403, 403, 303, 403, 303};
        int[] nationalChange = {303, 403, 403, 403, 403, 303, 403, 403};
        r.put("GET /admin", new Rule("/admin", null, null, everyAdminPage));
        r.put("GET /admin/agencies", new Rule("/admin/agencies", null, null, everyAdminPage));
        r.put("GET /admin/agencies/{code}", new Rule("/admin/agencies/A", null, null, adminPageOfA));
        r.put("GET /admin/agencies.csv", new Rule("/admin/agencies.csv", null, null, everyAdminPage));
        r.put("POST /admin/agencies", new Rule("/admin/agencies", () -> "code=M" + UUID.randomUUID().toString().substring(0, 8)
                + "&parent=A&nameVi=M&kind=COMMUNE", FORM, changeOfA));
        r.put("POST /admin/agencies/{code}/rename", new Rule("/admin/agencies/S/rename", () -> "nameVi=S&nameEn=S&kind=COMMUNE", FORM,
                changeOfS));
        r.put("POST /admin/agencies/{code}/move", new Rule("/admin/agencies/S/move", () -> "parent=P", FORM, nationalChange));
        r.put("POST /admin/agencies/{code}/retire", new Rule("/admin/agencies/S/retire", () -> "validTo=2099-12-31", FORM, changeOfS));
        r.put("POST /admin/agencies/{code}/reinstate", new Rule("/admin/agencies/S/reinstate", () -> "", FORM, changeOfS));
        r.put("POST /admin/agencies/import", new Rule("/admin/agencies/import", () -> "mode=check\n" + AGENCY_CSV, MULTIPART, 303, 403, 403, 403, 403, 200, 422, 200));
        r.put("POST /admin/agencies/import/confirm", new Rule("/admin/agencies/import/confirm", () -> "content="
                + java.util.Base64.getEncoder().encodeToString(AGENCY_CSV.getBytes(StandardCharsets.UTF_8)), FORM, 303, 403, 403, 403, 403, 303, 422, 303));
        r.put("GET /admin/accounts", new Rule("/admin/accounts", null, null, everyAdminPage));
        r.put("GET /admin/accounts/{username}", new Rule("/admin/accounts/rev-x", null, null, adminPageOfA));
        r.put("POST /admin/accounts", new Rule("/admin/accounts", () -> "username=m-" + UUID.randomUUID().toString().substring(0, 8)
                + "&password=a-long-password&role=REVIEWER&agency=A", FORM, changeOfA));
        r.put("POST /admin/accounts/{username}/password", new Rule("/admin/accounts/rev-x/password", () -> "password=another-password",
                FORM, changeOfA));
        r.put("POST /admin/accounts/{username}/disable", new Rule("/admin/accounts/rev-x/disable", () -> "", FORM, changeOfA));
        r.put("POST /admin/accounts/{username}/enable", new Rule("/admin/accounts/rev-x/enable", () -> "", FORM, changeOfA));
        r.put("POST /admin/accounts/{username}/scope", new Rule("/admin/accounts/rev-x/scope", () -> "agency=A", FORM, changeOfA));
        r.put("POST /admin/accounts/{username}/unlock", new Rule("/admin/accounts/rev-x/unlock", () -> "", FORM, changeOfA));
        r.put("GET /admin/kiosks", new Rule("/admin/kiosks", null, null, everyAdminPage));
        r.put("POST /admin/kiosks", new Rule("/admin/kiosks", () -> "agency=A&label=K", FORM, changeOfA));
        r.put("GET /admin/kiosks/{id}/enrolled", new Rule("/admin/kiosks/1/enrolled", null, null, adminPageOfA));
        r.put("POST /admin/kiosks/{id}/revoke", new Rule("/admin/kiosks/" + spareKiosk + "/revoke", () -> "", FORM, changeOfA));
        r.put("GET /admin/integrations", new Rule("/admin/integrations", null, null, everyAdminPage));
        r.put("GET /admin/webhooks", new Rule("/admin/webhooks", null, null, nationalPage));
        r.put("POST /admin/integrations", new Rule("/admin/integrations", () -> "name=Feed&agency=A", FORM, changeOfA));
        r.put("GET /admin/integrations/{id}/created", new Rule("/admin/integrations/999999/created", null, null, 303, 403, 403, 403, 403, 404, 404, 404));
        r.put("POST /admin/integrations/{id}/revoke", new Rule("/admin/integrations/999999/revoke", () -> "", FORM, 303, 403, 403, 403, 403, 404, 404, 404));
        r.put("GET /admin/templates", new Rule("/admin/templates", null, null, everyAdminPage));
        r.put("POST /admin/templates/versions/{id}/retire", new Rule("/admin/templates/versions/" + versionId("sipas-2023") + "/retire",
                () -> "", FORM, nationalChange));
        // Confirmation pages (issue 12 item 15), asked for things that do not exist: an admin gets 404.
        int[] adminMissing = {303, 403, 403, 403, 403, 404, 404, 404};
        r.put("GET /admin/kiosks/{id}/revoke", new Rule("/admin/kiosks/999999/revoke", null, null, adminMissing));
        r.put("GET /admin/accounts/{username}/disable", new Rule("/admin/accounts/nobody-x/disable", null, null, adminMissing));
        r.put("GET /admin/templates/versions/{id}/retire", new Rule("/admin/templates/versions/999999/retire", null, null, adminMissing));
        r.put("GET /admin/templates/{code}/retire", new Rule("/admin/templates/no-such/retire", null, null, adminMissing));
        // Audit log and flag review (branch audit): admins only as well.
        r.put("GET /admin/audit", new Rule("/admin/audit", null, null, nationalPage));
        r.put("GET /admin/audit.csv", new Rule("/admin/audit.csv", null, null, nationalPage));
        r.put("POST /admin/audit/verify", new Rule("/admin/audit/verify", () -> "", FORM, nationalChange));
        r.put("GET /admin/flags", new Rule("/admin/flags", null, null, nationalPage));
        // Alerts and webhooks (issue 14): rules and cases for admins and reviewers in scope; webhooks for admins
        int[] missingInScope = {401, 403, 404, 404, 404, 404, 404, 404};
        int[] missingAdminOnly = {401, 403, 403, 403, 403, 404, 403, 403};
        r.put("GET /api/v1/alert-rules", new Rule("/api/v1/alert-rules", null, null, 401, 403, 200, 200, 200, 200, 200, 200));
        r.put("POST /api/v1/alert-rules", new Rule("/api/v1/alert-rules", () -> "{\"agency\":\"A\",\"kind\":\"not-satisfied\"}",
                JSON, 401, 403, 201, 201, 403, 201, 201, 403));
        r.put("DELETE /api/v1/alert-rules/{id}", new Rule("/api/v1/alert-rules/999999", () -> "", JSON, missingInScope));
        r.put("GET /api/v1/alerts", new Rule("/api/v1/alerts?agency=A", null, null, 401, 403, 200, 200, 403, 200, 200, 403));
        r.put("GET /api/v1/alerts/{id}", new Rule("/api/v1/alerts/" + caseOfA, null, null, 401, 403, 200, 200, 404, 200, 200, 404));
        r.put("POST /api/v1/alerts/{id}:acknowledge", new Rule("/api/v1/alerts/999999:acknowledge", () -> "{}", JSON, missingInScope));
        r.put("POST /api/v1/alerts/{id}:resolve", new Rule("/api/v1/alerts/999999:resolve", () -> "{\"note\":\"done\"}", JSON,
                missingInScope));
        r.put("GET /api/v1/webhooks", new Rule("/api/v1/webhooks", null, null, nationalOnly200));
        r.put("POST /api/v1/webhooks", new Rule("/api/v1/webhooks",
                () -> "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"alert.opened\"],\"agency\":\"A\"}", JSON, nationalOnly201));
        r.put("GET /api/v1/webhooks/{id}/deliveries", new Rule("/api/v1/webhooks/999999/deliveries", null, null, missingAdminOnly));
        r.put("POST /api/v1/webhooks/{id}/resume", new Rule("/api/v1/webhooks/999999/resume", () -> "", JSON, missingAdminOnly));
        r.put("DELETE /api/v1/webhooks/{id}", new Rule("/api/v1/webhooks/999999", () -> "", JSON, missingAdminOnly));
        // The alert pages (issue 14): the inbox and rules for admins and reviewers; a case only within the reviewer's scope
        int[] caseOfAPage = {303, 403, 200, 200, 404, 200, 200, 404};
        int[] missingPageInScope = {303, 403, 404, 404, 404, 404, 404, 404};
        r.put("GET /reports/alerts", new Rule("/reports/alerts?agency=A", null, null, reportPageOfA));
        r.put("GET /reports/alerts/{id:[0-9]+}", new Rule("/reports/alerts/" + caseOfA, null, null, caseOfAPage));
        r.put("POST /reports/alerts/{id:[0-9]+}/acknowledge", new Rule("/reports/alerts/999999/acknowledge", () -> "", FORM,
                missingPageInScope));
        r.put("POST /reports/alerts/{id:[0-9]+}/resolve", new Rule("/reports/alerts/999999/resolve", () -> "note=done", FORM,
                missingPageInScope));
        r.put("GET /reports/alerts/rules", new Rule("/reports/alerts/rules", null, null, 303, 403, 200, 200, 200, 200, 200, 200));
        r.put("POST /reports/alerts/rules", new Rule("/reports/alerts/rules", () -> "kind=not-satisfied&agency=A&survey=one-stop-rating",
                FORM, 303, 403, 303, 303, 403, 303, 303, 403));
        r.put("POST /reports/alerts/rules/{id:[0-9]+}/delete", new Rule("/reports/alerts/rules/999999/delete", () -> "", FORM,
                missingPageInScope));
        // A reviewer's own e-mail opt-in: reviewers only (admins and kiosks receive no alert e-mail)
        int[] reviewersOnly200 = {401, 403, 200, 200, 200, 403, 403, 403};
        r.put("GET /api/v1/me/alert-subscription", new Rule("/api/v1/me/alert-subscription", null, null, reviewersOnly200));
        r.put("PUT /api/v1/me/alert-subscription", new Rule("/api/v1/me/alert-subscription",
                () -> "{\"email\":\"reviewer@example.vn\",\"language\":\"vi\"}", JSON, reviewersOnly200));
        int[] adminNoSuchFlag = {303, 403, 403, 403, 403, 404, 403, 403};
        r.put("POST /admin/flags/{id}/confirm", new Rule("/admin/flags/999999/confirm", () -> "", FORM, adminNoSuchFlag));
        r.put("POST /admin/flags/{id}/dismiss", new Rule("/admin/flags/999999/dismiss", () -> "", FORM, adminNoSuchFlag));
        r.put("POST /admin/flags/{id}/revert", new Rule("/admin/flags/999999/revert", () -> "", FORM, adminNoSuchFlag));
        // Questionnaire upload (issue 15): a new version of A's questionnaire -- A's admins and the national admin, not S's.
        r.put("POST /api/v1/surveys", new Rule("/api/v1/surveys", () -> Questionnaires.yaml("matrix-a", ++matrixVersion, "Ghế chờ"),
                YAML, adminsOfA201));
        r.put("POST /admin/templates/upload", new Rule("/admin/templates/upload",
                () -> "mode=check\n" + Questionnaires.yaml("matrix-a", matrixVersion + 1, "Ghế chờ"), MULTIPART, adminPageOfA));
        r.put("POST /admin/templates/publish", new Rule("/admin/templates/publish", () -> "fileName=m.yml&content="
                + java.net.URLEncoder.encode(java.util.Base64.getEncoder().encodeToString(Questionnaires.yaml("matrix-a", ++matrixVersion,
                "Ghế chờ").getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8), FORM, changeOfA));
        r.put("POST /admin/templates/{code}/retire", new Rule("/admin/templates/one-stop-rating/retire", () -> "", FORM, nationalChange));
        // Integration clients and served dossiers (issue 13): admins manage clients; dossiers come from admins or integration keys.
        r.put("POST /api/v1/integrations", new Rule("/api/v1/integrations", () -> "{\"name\":\"N\",\"agency\":\"A\"}", JSON, adminsOfA201));
        r.put("GET /api/v1/integrations", new Rule("/api/v1/integrations", null, null, everyAdmin200));
        int[] adminNoSuchClient = {401, 403, 403, 403, 403, 404, 404, 404};
        r.put("DELETE /api/v1/integrations/{id}", new Rule("/api/v1/integrations/999999", () -> "", JSON, adminNoSuchClient));
        r.put("POST /api/v1/dossiers:batch", new Rule("/api/v1/dossiers:batch", () -> "{\"dossiers\":[{\"code\":\"M-" + (++serial)
                + "\",\"agency\":\"A\"}]}", JSON, everyAdmin200));
        // Rating by code (issue 13): public pages; an unknown code is a 404 page for everyone.
        int[] everyone404 = {404, 404, 404, 404, 404, 404, 404, 404};
        r.put("GET /r/{code}", new Rule("/r/ZZZZ-ZZZZ-ZZZZ", null, null, everyone404));
        r.put("POST /r/{code}", new Rule("/r/ZZZZ-ZZZZ-ZZZZ", () -> "id=" + UUID.randomUUID() + "&a.rating=3", FORM, everyone404));
        r.put("GET /r/{code}/thanks", new Rule("/r/ZZZZ-ZZZZ-ZZZZ/thanks", null, null, everyone404));
        r.put("GET /qr/r/{code}.png", new Rule("/qr/r/ZZZZ-ZZZZ-ZZZZ.png", null, null, everyone404));
        // Paper entry (issue 15): admins and DATA_ENTRY accounts (the latter in aDataEntryAccountMayOnlyKeyPaperSheetsOfItsAgency)
        r.put("GET /entry", new Rule("/entry", null, null, everyAdminPage));
        r.put("POST /entry/rounds", new Rule("/entry/rounds", () -> "name=R" + (++serial) + "&agency=A&survey=sipas-2017&doublePercent=50",
                FORM, changeOfA));
        // A round outside a province admin's scope is not shown to exist (404), as for DATA_ENTRY accounts
        r.put("GET /entry/rounds/{id:[0-9]+}", new Rule("/entry/rounds/" + roundOfA, null, null, 303, 403, 403, 403, 403, 200, 200, 404));
        r.put("POST /entry/rounds/{id:[0-9]+}/sheets", new Rule("/entry/rounds/" + roundOfA + "/sheets", () -> paperSheet(++serial), FORM,
                303, 403, 403, 403, 403, 303, 303, 404));
        r.put("GET /entry/rounds/{id:[0-9]+}/sheets/{sheetNo:[0-9]+}", new Rule("/entry/rounds/" + roundOfA + "/sheets/999999", null, null,
                adminMissing));
        r.put("POST /entry/rounds/{id:[0-9]+}/sheets/{sheetNo:[0-9]+}/resolve", new Rule("/entry/rounds/" + roundOfA
                + "/sheets/999999/resolve", () -> paperSheet(999999), FORM, adminMissing));
        // Login: anyone; logout ends the caller's tokens, so these run last (the page logout too, after the API's)
        r.put("POST /api/v1/login", new Rule("/api/v1/login", () -> "{\"username\":\"" + ADMIN + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}",
                JSON, everyone200));
        r.put("POST /api/v1/logout", new Rule("/api/v1/logout", () -> "", JSON, 401, 204, 204, 204, 204, 204, 204, 204));
        r.put("POST /logout", new Rule("/logout", () -> "", FORM, 303, 303, 303, 303, 303, 303, 303, 303));
        return r;
    }

    @Test
    void everyRouteHasARuleAndEveryCallerGetsWhatTheRuleSays() throws Exception {
        Map<String, Rule> rules = rules();
        TreeSet<String> routes = new TreeSet<>();
        for (UriRouteInfo<?, ?> route : router.uriRoutes().toList()) {
            if (route.getHttpMethod() == HttpMethod.HEAD || route.getHttpMethod() == HttpMethod.OPTIONS) {
                continue;
            }
            routes.add(route.getHttpMethod() + " " + route.getUriMatchTemplate().toString());
        }
        List<String> withoutRule = routes.stream().filter(route -> !rules.containsKey(route)).toList();
        assertThat(withoutRule).as("routes without a rule in AuthorizationMatrixIT.rules(): add one for each").isEmpty();
        List<String> staleRules = rules.keySet().stream().filter(rule -> !routes.contains(rule)).toList();
        assertThat(staleRules).as("rules for routes that no longer exist").isEmpty();

        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Rule> entry : rules.entrySet()) {
            String method = entry.getKey().substring(0, entry.getKey().indexOf(' '));
            Rule rule = entry.getValue();
            for (Who who : Who.values()) {
                int expected = rule.expected()[who.ordinal()];
                HttpResponse<String> response = call(method, rule, tokens.get(who));
                checked++;
                if (response.statusCode() != expected) {
                    wrong.add(entry.getKey() + " as " + who + ": expected " + expected + ", got " + response.statusCode()
                            + " " + response.body().substring(0, Math.min(160, response.body().length())));
                }
            }
        }
        assertThat(wrong).as("calls answered differently from the rules").isEmpty();
        assertThat(checked).isEqualTo(rules.size() * Who.values().length);
    }

    /**
     * The integration key against every rule: what is public stays public, the dossier batch and
     * portal responses of its agency are allowed, everything else is refused (403).
     */
    @Test
    void anIntegrationKeyMayOnlySendDossiersAndPortalResponses() throws Exception {
        Map<String, Integer> allowed = Map.of(
                "POST /api/v1/dossiers:batch", 200,
                // a batch of web-channel items: the call is answered, each item refused inside
                "POST /api/v1/responses:batch", 200,
                // web channel: an integration key submits portal responses only
                "POST /api/v1/responses", 403,
                // ends nothing an integration key depends on; answered like any signed-in caller
                "POST /api/v1/logout", 204);
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Rule> entry : rules().entrySet()) {
            Rule rule = entry.getValue();
            // A route answered alike for every caller is public; the key gets the same there, 403 elsewhere.
            int anonymous = rule.expected()[Who.ANONYMOUS.ordinal()];
            boolean same = java.util.Arrays.stream(rule.expected()).allMatch(e -> e == anonymous);
            int public_ = same ? anonymous : 403;
            int expected = allowed.getOrDefault(entry.getKey(), public_);
            String method = entry.getKey().substring(0, entry.getKey().indexOf(' '));
            HttpResponse<String> response = call(method, rule, integrationKey);
            if (response.statusCode() != expected) {
                wrong.add(entry.getKey() + ": expected " + expected + ", got " + response.statusCode());
            }
        }
        String portal = "{\"id\":\"" + UUID.randomUUID() + "\",\"survey\":\"sipas-2017\",\"agency\":\"%s\",\"channel\":\"portal\","
                + "\"answers\":{\"E1.1\":4}}";
        HttpRequest.Builder inScope = HttpRequest.newBuilder(uri("/api/v1/responses")).header("Content-Type", JSON)
                .header("Authorization", "Bearer " + integrationKey).POST(HttpRequest.BodyPublishers.ofString(portal.formatted("A")));
        assertThat(http.send(inScope.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as("portal response of A").isEqualTo(201);
        HttpRequest.Builder sibling = HttpRequest.newBuilder(uri("/api/v1/responses")).header("Content-Type", JSON)
                .header("Authorization", "Bearer " + integrationKey).POST(HttpRequest.BodyPublishers.ofString(portal.formatted("S")));
        assertThat(http.send(sibling.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as("portal response of S").isEqualTo(403);
        assertThat(wrong).as("calls with an integration key answered differently").isEmpty();
    }

    /**
     * A DATA_ENTRY account of A against every rule: what is public stays public, the entry pages
     * are open to it (within A's subtree), a paper response of A is taken, everything else is
     * refused (403) — reports and administration included.
     */
    @Test
    void aDataEntryAccountMayOnlyKeyPaperSheetsOfItsAgency() throws Exception {
        Map<String, Integer> allowed = Map.of(
                "GET /entry", 200,
                "POST /entry/rounds", 303,
                "GET /entry/rounds/{id:[0-9]+}", 200,
                "POST /entry/rounds/{id:[0-9]+}/sheets", 303,
                "GET /entry/rounds/{id:[0-9]+}/sheets/{sheetNo:[0-9]+}", 404,
                "POST /entry/rounds/{id:[0-9]+}/sheets/{sheetNo:[0-9]+}/resolve", 404,
                // web channel: a DATA_ENTRY account submits paper responses only; a batch answers per item
                "POST /api/v1/responses", 403,
                "POST /api/v1/responses:batch", 200,
                "POST /api/v1/logout", 204);
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Rule> entry : rules().entrySet()) {
            Rule rule = entry.getValue();
            int anonymous = rule.expected()[Who.ANONYMOUS.ordinal()];
            boolean same = java.util.Arrays.stream(rule.expected()).allMatch(e -> e == anonymous);
            int expected = allowed.getOrDefault(entry.getKey(), same ? anonymous : 403);
            String method = entry.getKey().substring(0, entry.getKey().indexOf(' '));
            HttpResponse<String> response = call(method, rule, dataEntryOfA);
            if (response.statusCode() != expected) {
                wrong.add(entry.getKey() + ": expected " + expected + ", got " + response.statusCode());
            }
        }
        assertThat(wrong).as("calls with a DATA_ENTRY token answered differently").isEmpty();
        String fresh = login("entry-a", "entry-password");
        String paper = "{\"id\":\"" + UUID.randomUUID() + "\",\"survey\":\"sipas-2017\",\"agency\":\"%s\",\"channel\":\"paper\","
                + "\"answers\":{\"E1.1\":4}}";
        for (String[] agencyAndStatus : new String[][] {{"A", "201"}, {"S", "403"}, {"P", "403"}}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/responses")).header("Content-Type", JSON)
                    .header("Authorization", "Bearer " + fresh)
                    .POST(HttpRequest.BodyPublishers.ofString(paper.formatted(agencyAndStatus[0]).replaceFirst(
                            "\"id\":\"[^\"]+\"", "\"id\":\"" + UUID.randomUUID() + "\"")));
            assertThat(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as("paper response of " + agencyAndStatus[0])
                    .isEqualTo(Integer.parseInt(agencyAndStatus[1]));
        }
    }

    /** A sipas-2017 paper sheet as the entry form posts it: every criterion 4, the rest 0 or empty. */
    private static String paperSheet(int sheetNo) {
        StringBuilder form = new StringBuilder("sheetNo=" + sheetNo + "&date=" + java.time.LocalDate.now().minusDays(1));
        for (String code : List.of("E1.1", "E1.2", "E1.3", "E1.4", "E2.1", "E2.2", "E2.3", "E2.4", "E2.5", "E3.1", "E3.2", "E3.3",
                "E3.4", "E3.5", "E3.6", "E4.1", "E4.2", "E4.3", "E5.1", "E5.2", "E5.3", "E5.4", "overall")) {
            form.append("&f.").append(code).append("=4");
        }
        for (String code : List.of("improve", "gender", "ageBand", "education", "occupation", "ethnicity")) {
            form.append("&f.").append(code).append("=0");
        }
        return form.append("&f.procedure=&f.comment=").toString();
    }

    private HttpResponse<String> call(String method, Rule rule, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(rule.path())).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (method.equals("GET")) {
            request.GET();
        } else {
            String body = rule.body().get();
            if (FORM.equals(rule.contentType())) {
                body = body.isEmpty() ? "_csrf=" + csrfToken : body + "&_csrf=" + csrfToken;
                request.header("Cookie", csrfCookie);
            } else if (MULTIPART.equals(rule.contentType())) {
                // First line: the form field "mode"; the rest: the file.
                String[] parts = body.split("\n", 2);
                body = multipart("_csrf", csrfToken) + multipart("mode", parts[0].substring("mode=".length()))
                        + "--matrix-boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
                        + "Content-Type: text/csv\r\n\r\n" + parts[1] + "\r\n--matrix-boundary--\r\n";
                request.header("Cookie", csrfCookie);
            }
            request.header("Content-Type", rule.contentType()).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String multipart(String name, String value) {
        return "--matrix-boundary\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    private static String versionId(String code) {
        return vn.hailong.support.Rows.text("SELECT id FROM survey_version WHERE code = '" + code + "' ORDER BY version DESC LIMIT 1");
    }

    private static String submission() {
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"survey\":\"sipas-2017\",\"agency\":\"A\",\"channel\":\"web\",\"answers\":{\"E1.1\":4}}";
    }

    private String provinceAdmin(String admin, String username, String agency) throws Exception {
        post("/api/v1/accounts", "{\"username\":\"" + username + "\",\"password\":\"province-password\",\"role\":\"ADMIN\",\"agency\":\""
                + agency + "\"}", admin);
        return login(username, "province-password");
    }

    private String reviewer(String admin, String username, String agency) throws Exception {
        post("/api/v1/accounts", "{\"username\":\"" + username + "\",\"password\":\"reviewer-password\",\"role\":\"REVIEWER\",\"agency\":\""
                + agency + "\"}", admin);
        return login(username, "reviewer-password");
    }

    private String dataEntry(String admin, String username, String agency) throws Exception {
        post("/api/v1/accounts", "{\"username\":\"" + username + "\",\"password\":\"entry-password\",\"role\":\"DATA_ENTRY\",\"agency\":\""
                + agency + "\"}", admin);
        return login(username, "entry-password");
    }

    private String login(String username, String password) throws Exception {
        HttpResponse<String> reply = post("/api/v1/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", null);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return field(reply.body(), "accessToken");
    }

    private HttpResponse<String> post(String path, String json, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> reply = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(path + " " + reply.body()).isLessThan(300);
        return reply;
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }
}
