package vn.hailong.survey;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.Copies;
import vn.hailong.support.Copies.Copy;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Questionnaires;
import vn.hailong.support.Rows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Questionnaire upload through the API (issue 15 §4) on two copies of the app sharing one
 * database, as behind a load balancer: a broken file is refused with every problem (line, path,
 * message) and nothing stored; a good one published on copy A is offered by copy B at its next
 * request (a new code) or within hailong.surveys.recheck (a new version of a known code); a
 * province administrator's questionnaire is offered in their subtree only, and they may not add
 * versions to questionnaires outside it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateUploadIT implements DatabaseTest {

    static final String SECRET = "template-upload-test-secret-0123456789-abcdefghijklmnop";

    Copy a;
    Copy b;
    String admin;
    String provinceAdmin;
    String siblingAdmin;

    @BeforeAll
    void start() {
        a = Copies.start(properties(true));
        b = Copies.start(properties(false));
        admin = a.api().adminToken();
        a.api().agency(admin, "UP", null);
        a.api().agency(admin, "UP-1", "UP");
        a.api().agency(admin, "US", null);
        provinceAdmin = provinceAdmin("up-admin", "UP");
        siblingAdmin = provinceAdmin("us-admin", "US");
    }

    private Map<String, String> properties(boolean freshSchema) {
        Map<String, String> properties = new HashMap<>(getProperties());
        properties.put("flyway.datasources.default.clean-schema", String.valueOf(freshSchema));
        properties.put("hailong.jwt-secret", SECRET);
        properties.put("datasources.default.maximum-pool-size", "6");
        return properties;
    }

    private String provinceAdmin(String username, String agency) {
        Api.Reply created = a.api().post("/api/v1/accounts", Map.of("username", username, "password", "province-admin-password",
                "role", "ADMIN", "agency", agency), admin);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.text("agency")).isEqualTo(agency);
        return a.api().login(username, "province-admin-password");
    }

    @AfterAll
    void stop() throws Exception {
        Copies.closeAll(a, b);
    }

    static String questionnaire(String code, int version, String criterion) {
        return Questionnaires.yaml(code, version, criterion);
    }

    static Api.Reply upload(Copy copy, String yaml, String token) {
        MutableHttpRequest<String> request = HttpRequest.POST("/api/v1/surveys", yaml).contentType("application/yaml");
        if (token != null) {
            request.bearerAuth(token);
        }
        return copy.api().send(request);
    }

    private static long versions() {
        return Rows.count("SELECT COUNT(*) FROM survey_version");
    }

    @Test
    void aBrokenFileGetsEveryProblemWithItsLineAndNothingIsStored() {
        long before = versions();
        String broken = questionnaire("up-broken", 0, "Chỗ ngồi")
                .replace("en: \"Access to the service\"", "fr: \"Accès\"")
                .replace("indexScale: s5", "indexScale: s7");
        Api.Reply refused = upload(a, broken, admin);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.response().getContentType().orElseThrow().toString()).startsWith("application/problem+json");
        List<String> problems = new ArrayList<>();
        for (JsonNode p : refused.json().get("problems").values()) {
            problems.add(p.get("line").getIntValue() + " " + p.get("path").getStringValue() + ": " + p.get("message").getStringValue());
        }
        // Every problem at once, with the file's own line numbers, exactly as start-up reports them.
        assertThat(problems).containsExactly(
                "2 version: must be 1 or more",
                "13 indexScale: names no scale of this file: 's7'",
                "16 elements[0].title.fr: unknown key 'fr' (allowed here: en, vi)",
                "16 elements[0].title: missing 'en'");
        assertThat(refused.text("detail")).contains("nothing was stored");
        assertThat(versions()).isEqualTo(before);
        assertThat(b.api().get("/api/v1/surveys/up-broken", null).status()).isEqualTo(404);

        Api.Reply notYaml = upload(a, "code: [unclosed\n", admin);
        assertThat(notYaml.status()).isEqualTo(422);
        assertThat(notYaml.body()).contains("not valid YAML");
        assertThat(versions()).isEqualTo(before);
    }

    @Test
    void aGoodFileIsOfferedAtOnceByTheOtherCopyAndANewVersionWithinTheRecheck() throws Exception {
        Api.Reply published = upload(a, questionnaire("up-good", 1, "Chỗ ngồi đủ"), admin);
        assertThat(published.status()).as(published.body()).isEqualTo(201);
        assertThat(published.text("code")).isEqualTo("up-good");
        assertThat(published.text("version")).isEqualTo("1");
        assertThat(published.response().header("Location")).isEqualTo("/api/v1/surveys/up-good/versions/1");
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'template.import' AND target = 'survey:up-good v1'"))
                .isEqualTo(1);

        // Copy B has never seen the code: it looks it up at once — the survey API, the form and a submission.
        Api.Reply onB = b.api().get("/api/v1/surveys/up-good", null);
        assertThat(onB.status()).isEqualTo(200);
        assertThat(onB.body()).contains("Chỗ ngồi đủ");
        assertThat(b.api().get("/s/US/up-good", null).status()).isEqualTo(200);
        Map<String, Object> response = new HashMap<>(Api.submission("US", Map.of("E1.1", 4)));
        response.put("survey", "up-good");
        Api.Reply answered = b.api().post("/api/v1/responses", response, null);
        assertThat(answered.status()).as(answered.body()).isEqualTo(201);

        // The same version again, or a lower one: refused, naming the version line.
        Api.Reply again = upload(b, questionnaire("up-good", 1, "Khác"), admin);
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.body()).contains("\"line\":2").contains("must be higher than 1");

        // Version 2 through copy A: copy B already holds the list with version 1, and follows the table within the recheck.
        assertThat(upload(a, questionnaire("up-good", 2, "Chỗ ngồi mới"), admin).status()).isEqualTo(201);
        long started = System.nanoTime();
        String seen = "";
        while (System.nanoTime() - started < 10_000_000_000L && !seen.contains("Chỗ ngồi mới")) {
            seen = b.api().get("/api/v1/surveys/up-good", null).body();
            Thread.sleep(50);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(seen).as("version 2 on copy B").contains("Chỗ ngồi mới").contains("\"version\":2");
        System.out.println("[TemplateUploadIT] version 2 published on A was current on B after " + millis + " ms");
        assertThat(millis).as("within hailong.surveys.recheck (1 s) plus a request").isLessThan(3_000);
    }

    @Test
    void aProvinceAdministratorsQuestionnaireIsOfferedInTheirSubtreeOnly() {
        Api.Reply published = upload(a, questionnaire("up-province", 1, "Cán bộ tận tình"), provinceAdmin);
        assertThat(published.status()).as(published.body()).isEqualTo(201);
        assertThat(Rows.text("SELECT a.code FROM survey_version v JOIN agency a ON a.id = v.agency_id WHERE v.code = 'up-province'"))
                .isEqualTo("UP");

        assertThat(b.api().get("/s/UP-1/up-province", null).status()).as("below the owner").isEqualTo(200);
        assertThat(b.api().get("/s/US/up-province", null).status()).as("another province").isEqualTo(404);
        assertThat(b.api().get("/qr/US/up-province", null).status()).as("no poster in another province").isEqualTo(404);
        String home = b.api().get("/", null).body();
        assertThat(home).as("the start page links it in the province only").contains("/s/UP-1/up-province")
                .doesNotContain("/s/US/up-province").contains("/s/US/sipas-2017");
        Map<String, Object> outside = new HashMap<>(Api.submission("US", Map.of("E1.1", 4)));
        outside.put("survey", "up-province");
        Api.Reply refused = b.api().post("/api/v1/responses", outside, null);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("survey").contains("not offered at agency US");

        // Another province's administrator may not add a version; nor may a province administrator touch a national questionnaire.
        long before = versions();
        assertThat(upload(a, questionnaire("up-province", 2, "Khác"), siblingAdmin).status()).isEqualTo(403);
        assertThat(upload(b, questionnaire("sipas-2017", 99, "Khác"), provinceAdmin).status()).isEqualTo(403);
        assertThat(versions()).isEqualTo(before);
        // ...but the national administrator may, and the version stays the province's.
        assertThat(upload(b, questionnaire("up-province", 2, "Cán bộ rất tận tình"), admin).status()).isEqualTo(201);
        assertThat(Rows.count("SELECT COUNT(*) FROM survey_version v JOIN agency a ON a.id = v.agency_id "
                + "WHERE v.code = 'up-province' AND a.code = 'UP'")).isEqualTo(2);
    }

    @Test
    void theUploadIsDescribedInTheOpenApiDocumentWithItsExamples() {
        String document = a.api().get("/openapi.yml", null).body();
        int operation = document.indexOf("Publish a questionnaire (the YAML file as the body)");
        assertThat(operation).as("POST /api/v1/surveys in /openapi.yml").isPositive();
        String described = document.substring(operation, Math.min(document.length(), operation + 6000));
        assertThat(described).contains("application/yaml").contains("code: bn-counter").contains("\"201\"").contains("\"422\"")
                .contains("problems");
    }

    @Test
    void onlyAdministratorsMayUpload() {
        String reviewer = a.api().reviewer(admin, "up-reviewer", "UP");
        assertThat(upload(a, questionnaire("up-nobody", 1, "x"), null).status()).isEqualTo(401);
        assertThat(upload(a, questionnaire("up-nobody", 1, "x"), reviewer).status()).isEqualTo(403);
        assertThat(b.api().get("/api/v1/surveys/up-nobody", null).status()).isEqualTo(404);
    }
}
