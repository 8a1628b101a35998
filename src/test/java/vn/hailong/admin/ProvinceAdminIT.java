package vn.hailong.admin;

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

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15 §4, a province administrator (ADMIN with agency PA) in a tree NA → PA → PA-1 and
 * NA → PB: manages what is in PA's subtree, never anything above or beside it — accounts above
 * their scope cannot be created, looked at or changed, agencies cannot be added at the top or
 * moved out, lists show the subtree only, the CSV import refuses rows outside it line by line,
 * submissions and dossiers for other agencies are refused, and what only the national
 * administrator may do stays closed.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvinceAdminIT implements DatabaseTest {

    static final String PASSWORD = "province-admin-password";

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    AdminPages pages;
    Api api;
    String national;
    String province;
    AdminPages.Session provincePage;

    @BeforeAll
    void data() {
        pages = new AdminPages(server, json);
        api = pages.api;
        national = api.adminToken();
        api.agency(national, "NA", null);
        api.agency(national, "PA", "NA");
        api.agency(national, "PA-1", "PA");
        api.agency(national, "PB", "NA");
        assertThat(api.post("/api/v1/accounts", account("pa-admin", "ADMIN", "PA"), national).status()).isEqualTo(201);
        api.reviewer(national, "na-reviewer", "NA");
        api.reviewer(national, "pb-reviewer", "PB");
        province = api.login("pa-admin", PASSWORD);
        provincePage = pages.login("pa-admin", PASSWORD);
    }

    @AfterAll
    void close() {
        pages.close();
    }

    static Map<String, Object> account(String username, String role, String agency) {
        Map<String, Object> body = new HashMap<>();
        body.put("username", username);
        body.put("password", PASSWORD);
        body.put("role", role);
        body.put("agency", agency);
        return body;
    }

    @Test
    void accountsAreCreatedInsideTheScopeOnlyAndNeverAboveIt() {
        long before = Rows.count("SELECT COUNT(*) FROM account");
        assertThat(api.post("/api/v1/accounts", account("x-national", "ADMIN", null), province).status())
                .as("a national administrator").isEqualTo(403);
        assertThat(api.post("/api/v1/accounts", account("x-above", "ADMIN", "NA"), province).status())
                .as("an administrator above").isEqualTo(403);
        assertThat(api.post("/api/v1/accounts", account("x-beside", "REVIEWER", "PB"), province).status())
                .as("a reviewer beside").isEqualTo(403);
        assertThat(Rows.count("SELECT COUNT(*) FROM account")).isEqualTo(before);

        Api.Reply colleague = api.post("/api/v1/accounts", account("pa-admin-2", "ADMIN", "PA"), province);
        assertThat(colleague.status()).as(colleague.body()).isEqualTo(201);
        assertThat(api.post("/api/v1/accounts", account("pa1-reviewer", "REVIEWER", "PA-1"), province).status()).isEqualTo(201);
        // Audited with the province administrator's scope.
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log l JOIN agency a ON a.id = l.actor_agency_id WHERE l.actor = 'pa-admin'"
                + " AND l.action = 'account.create' AND l.target = 'account:pa1-reviewer' AND a.code = 'PA'")).isEqualTo(1);

        // Accounts above or beside: not listed, not shown, not changed.
        String list = provincePage.get("/admin/accounts").body();
        assertThat(list).contains("data-username=\"pa1-reviewer\"").doesNotContain("data-username=\"na-reviewer\"")
                .doesNotContain("data-username=\"pb-reviewer\"").doesNotContain("data-username=\"" + ADMIN + "\"");
        Api.Reply above = provincePage.get("/admin/accounts/" + ADMIN);
        assertThat(above.status()).isEqualTo(403);
        // a person, not an API client: the readable not-allowed page in both languages, not English JSON
        assertThat(above.response().getHeaders().get("Content-Type")).startsWith("text/html");
        assertThat(above.body()).contains("Không có quyền truy cập").contains("Not allowed");
        String stamp = Rows.text("SELECT CONCAT(enabled, COALESCE(agency_id, '-'), tokens_valid_after) FROM account WHERE username = 'na-reviewer'");
        assertThat(provincePage.post("/admin/accounts", "/admin/accounts/na-reviewer/disable", Map.of()).status()).isEqualTo(403);
        assertThat(provincePage.post("/admin/accounts", "/admin/accounts/na-reviewer/password", Map.of("password", "another-password"))
                .status()).isEqualTo(403);
        assertThat(Rows.text("SELECT CONCAT(enabled, COALESCE(agency_id, '-'), tokens_valid_after) FROM account WHERE username = 'na-reviewer'"))
                .isEqualTo(stamp);
        // An account of the scope cannot be moved out of it, nor made national.
        assertThat(provincePage.post("/admin/accounts", "/admin/accounts/pa1-reviewer/scope", Map.of("agency", "PB")).status()).isEqualTo(403);
        assertThat(provincePage.post("/admin/accounts", "/admin/accounts/pa-admin-2/scope", Map.of("agency", "")).status()).isEqualTo(403);
        assertThat(Rows.text("SELECT a.code FROM account u JOIN agency a ON a.id = u.agency_id WHERE u.username = 'pa-admin-2'")).isEqualTo("PA");
        // ...but moved within it.
        assertThat(provincePage.post("/admin/accounts", "/admin/accounts/pa-admin-2/scope", Map.of("agency", "PA-1")).status()).isEqualTo(303);
    }

    @Test
    void agenciesStayInsideTheScope() {
        assertThat(api.post("/api/v1/agencies", Map.of("code", "PX", "nameVi", "PX", "nameEn", "PX", "kind", "PROVINCE"), province).status())
                .as("a new top-level agency").isEqualTo(403);
        assertThat(api.post("/api/v1/agencies", Map.of("code", "PB-9", "nameVi", "x", "nameEn", "x", "kind", "COMMUNE", "parent", "PB"),
                province).status()).as("under another province").isEqualTo(403);
        assertThat(api.post("/api/v1/agencies", Map.of("code", "PA-2", "nameVi", "x", "nameEn", "x", "kind", "COMMUNE", "parent", "PA"),
                province).status()).isEqualTo(201);
        // Without ?parent the list starts at the administrator's own agency.
        Api.Reply roots = api.get("/api/v1/agencies", province);
        assertThat(roots.body()).contains("\"code\":\"PA\"").doesNotContain("\"code\":\"NA\"").doesNotContain("\"code\":\"PB\"");
        assertThat(provincePage.get("/admin/agencies").body()).contains("data-code=\"PA-1\"").doesNotContain("data-code=\"PB\"");
        // The province's own agency cannot be moved out from under its parent, nor another one moved in.
        assertThat(provincePage.post("/admin/agencies/PA", "/admin/agencies/PA/move", Map.of("parent", "PB")).status()).isEqualTo(403);
        assertThat(provincePage.post("/admin/agencies/PA", "/admin/agencies/PB/rename", Map.of("nameVi", "y", "kind", "PROVINCE")).status())
                .isEqualTo(403);
        assertThat(Rows.text("SELECT p.code FROM agency a JOIN agency p ON p.id = a.parent_id WHERE a.code = 'PA'")).isEqualTo("NA");

        // The CSV: exported for the subtree only; rows outside refused by line, nothing stored.
        String csv = provincePage.get("/admin/agencies.csv").body();
        assertThat(csv).contains("PA-1,PA,").doesNotContain("\r\nPB,").doesNotContain("\r\nNA,");
        byte[] file = "code,parent,name_vi,name_en,kind\nPA-3,PA,Ba,Three,COMMUNE\nPB,NA,Khác,Other,PROVINCE\nPA,PB,PA,PA,PROVINCE\n"
                .getBytes(StandardCharsets.UTF_8);
        Api.Reply refused = provincePage.upload("/admin/agencies", "/admin/agencies/import?lang=en", file, "import");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("PB would be outside your scope (PA and the agencies below it).")
                .contains("PA would be outside your scope");
        assertThat(Rows.count("SELECT COUNT(*) FROM agency WHERE code = 'PA-3'")).isZero();
    }

    @Test
    void aNationalQuestionnaireCannotGetAVersionFromTheProvinceAndThePageSaysWhy() {
        long before = Rows.count("SELECT COUNT(*) FROM survey_version");
        io.micronaut.http.client.multipart.MultipartBody body = io.micronaut.http.client.multipart.MultipartBody.builder()
                .addPart("_csrf", provincePage.csrfOf("/admin/templates"))
                .addPart("file", "sipas-2017.yml", io.micronaut.http.MediaType.TEXT_PLAIN_TYPE,
                        vn.hailong.support.Questionnaires.yaml("sipas-2017", 99, "Khác").getBytes(StandardCharsets.UTF_8))
                .build();
        Api.Reply refused = provincePage.multipart("/admin/templates/upload?lang=vi", body);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("Phiếu khảo sát này thuộc một cơ quan ngoài phạm vi của bạn");
        assertThat(Rows.count("SELECT COUNT(*) FROM survey_version")).isEqualTo(before);
        // The national questionnaires are listed to the province, without the retire links.
        String page = provincePage.get("/admin/templates").body();
        assertThat(page).contains("id=\"survey-sipas-2017\"").doesNotContain("id=\"retire-sipas-2017\"");
    }

    @Test
    void reportsSubmissionsAndDossiersFollowTheScopeAndNationalWorkStaysClosed() {
        assertThat(api.get("/api/v1/reports/satisfaction?agency=PA-1&survey=sipas-2017", province).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/reports/satisfaction?agency=NA&survey=sipas-2017", province).status()).isEqualTo(403);

        Map<String, Object> paper = new HashMap<>(Api.submission("PA-1", Map.of("E1.1", 4)));
        paper.put("channel", "paper");
        assertThat(api.post("/api/v1/responses", paper, province).status()).isEqualTo(201);
        paper.put("id", UUID.randomUUID().toString());
        paper.put("agency", "PB");
        Api.Reply outside = api.post("/api/v1/responses", paper, province);
        assertThat(outside.status()).isEqualTo(403);
        assertThat(outside.body()).contains("Outside your scope");

        Api.Reply dossiers = api.post("/api/v1/dossiers:batch", Map.of("dossiers", List.of(
                Map.of("code", "PA-D1", "agency", "PA-1"), Map.of("code", "PB-D1", "agency", "PB"))), province);
        assertThat(dossiers.status()).isEqualTo(200);
        assertThat(dossiers.body()).contains("outside your account's agencies");
        assertThat(Rows.count("SELECT COUNT(*) FROM served_dossier d JOIN agency a ON a.id = d.agency_id WHERE a.code = 'PB'")).isZero();

        for (String path : List.of("/api/v1/webhooks", "/admin/audit", "/admin/flags", "/admin/webhooks")) {
            assertThat(api.get(path, province).status()).as(path).isEqualTo(403);
        }
        assertThat(api.post("/api/v1/rollups:rebuild", "", province).status()).isEqualTo(403);
        // The tab bar offers the province administrator what they may open, and no more.
        assertThat(provincePage.get("/admin").body()).contains("href=\"/admin/templates?lang=vi\"")
                .doesNotContain("href=\"/admin/audit?lang=vi\"").doesNotContain("href=\"/admin/webhooks?lang=vi\"");
    }
}
