package vn.hailong.admin;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The questionnaire versions page: what is current, how many responses, and retirement. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TemplateAdminIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    AdminPages pages;
    AdminPages.Session admin;
    String token;

    @BeforeAll
    void data() {
        pages = new AdminPages(server, json);
        token = pages.api.adminToken();
        pages.api.agency(token, "TP", null);
        for (int i = 0; i < 3; i++) {
            assertThat(pages.api.post("/api/v1/responses", Api.submission("TP", Map.of("E1.1", 4)), null).status()).isEqualTo(201);
        }
        admin = pages.login(ADMIN, ADMIN_PASSWORD);
    }

    @AfterAll
    void close() {
        pages.close();
    }

    private String versionRow(String body, String id) {
        int start = body.indexOf("id=\"version-" + id + "\"");
        assertThat(start).isPositive();
        return body.substring(start, body.indexOf("</tr>", start));
    }

    @Test
    @Order(1)
    void listsEveryVersionWithItsChecksumStateAndResponses() {
        String id = Rows.text("SELECT id FROM survey_version WHERE code = 'sipas-2017' ORDER BY version DESC LIMIT 1");
        String checksum = Rows.text("SELECT checksum FROM survey_version WHERE id = " + id);
        Api.Reply page = admin.get("/admin/templates?lang=en");
        assertThat(page.status()).isEqualTo(200);
        for (String code : new String[]{"sipas-2017", "sipas-2023", "one-stop-rating"}) {
            assertThat(page.body()).contains("id=\"survey-" + code + "\"");
        }
        String row = versionRow(page.body(), id);
        assertThat(row).contains(checksum.substring(0, 12)).contains(">current<")
                .contains("<td class=\"num responses\">3</td>");
    }

    @Test
    @Order(2)
    void aRetiredSurveyIsNoLongerOfferedButItsReportsStay() {
        String id = Rows.text("SELECT id FROM survey_version WHERE code = 'sipas-2023' ORDER BY version DESC LIMIT 1");
        // Posted from its confirmation page (issue 12 item 15), as the admin's browser does.
        Api.Reply retired = admin.post("/admin/templates/versions/" + id + "/retire", "/admin/templates/versions/" + id + "/retire", Map.of());
        assertThat(retired.status()).isEqualTo(303);
        assertThat(Rows.text("SELECT retired_at FROM survey_version WHERE id = " + id)).isNotNull();
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'template.retire' AND target = 'survey:sipas-2023 v1'"))
                .isEqualTo(1);
        assertThat(pages.api.get("/api/v1/surveys/sipas-2023", null).status()).isEqualTo(404);
        assertThat(pages.api.get("/s/TP/sipas-2023", null).status()).isEqualTo(404);
        assertThat(pages.api.get("/api/v1/surveys", null).body()).doesNotContain("sipas-2023");
        assertThat(versionRow(admin.get("/admin/templates?lang=en").body(), id)).contains("retired ").doesNotContain(">current<");

        // Retiring the whole survey that holds answers: new answers are refused, the report stays.
        assertThat(admin.post("/admin/templates/sipas-2017/retire", "/admin/templates/sipas-2017/retire", Map.of()).status()).isEqualTo(303);
        assertThat(Rows.count("SELECT COUNT(*) FROM survey_version WHERE code = 'sipas-2017' AND retired_at IS NULL")).isZero();
        assertThat(pages.api.get("/s/TP/sipas-2017", null).status()).isEqualTo(404);
        assertThat(pages.api.post("/api/v1/responses", Api.submission("TP", Map.of("E1.1", 4)), null).status()).isIn(404, 422);
        Api.Reply report = pages.api.get("/api/v1/reports/satisfaction?agency=TP&survey=sipas-2017", token);
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.json().get("responses").getIntValue()).isEqualTo(3);
        // (the templates list has no form of its own any more: the CSRF value comes from another admin page)
        assertThat(admin.post("/admin/kiosks", "/admin/templates/no-such/retire", Map.of()).status()).isEqualTo(404);
    }
}
