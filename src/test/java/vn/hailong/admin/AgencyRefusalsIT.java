package vn.hailong.admin;

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

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API, the admin form and the CSV import share one validator: the same bad input is refused by
 * all three naming the same field with the same reason, in the reader's language, and nothing is stored.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgencyRefusalsIT implements DatabaseTest {

    private static final String KIND_EN = "Kind: one word of capital letters and underscores, like PROVINCE, COMMUNE or CENTRE.";
    private static final String FROM_EN = "First day of service: 2026-13-40 is not a date of the form YYYY-MM-DD.";
    private static final String ZONE_EN = "Time zone: an identifier like Asia/Ho_Chi_Minh (Mars/Olympus is not one).";

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    AdminPages pages;
    AdminPages.Session admin;
    String token;

    @BeforeAll
    void login() {
        pages = new AdminPages(server, json);
        admin = pages.login(ADMIN, ADMIN_PASSWORD);
        token = pages.api.adminToken();
    }

    @AfterAll
    void close() {
        pages.close();
    }

    @Test
    void theApiTheFormAndTheCsvImportRefuseTheSameInputWithTheSameFieldAndReason() {
        long before = Rows.count("SELECT COUNT(*) FROM agency");
        for (String lang : new String[]{"en", "vi"}) {
            Map<String, String> api = apiRefusals(lang);
            String page = formPage(lang);
            String csv = csvPage(lang);

            assertThat(api.keySet()).as(lang).containsExactlyInAnyOrder("kind", "timeZone", "validFrom");
            for (String field : api.keySet()) {
                String text = api.get(field);
                assertThat(page).as(lang + " form, " + field).contains(text);
                assertThat(Pattern.compile("name=\"" + field + "\"[^>]*aria-invalid=\"true\"").matcher(page).find())
                        .as(lang + " form marks " + field).isTrue();
                assertThat(csv).as(lang + " csv line 2, " + field).contains(text);
            }
            if (lang.equals("en")) {
                assertThat(api).containsEntry("kind", KIND_EN).containsEntry("validFrom", FROM_EN).containsEntry("timeZone", ZONE_EN);
            } else {
                assertThat(api.get("validFrom")).startsWith("Ngày bắt đầu hoạt động: 2026-13-40");
            }
        }
        assertThat(Rows.count("SELECT COUNT(*) FROM agency")).isEqualTo(before);
    }

    /** field -> message of the problem+json answer. */
    private Map<String, String> apiRefusals(String lang) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", "SAME-1");
        body.put("nameVi", "Xã Một");
        body.put("kind", "province 2");
        body.put("timeZone", "Mars/Olympus");
        body.put("validFrom", "2026-13-40");
        Api.Reply reply = pages.api.post("/api/v1/agencies?lang=" + lang, body, token);
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.response().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
        Map<String, String> refusals = new LinkedHashMap<>();
        for (JsonNode error : reply.json().get("errors").values()) {
            refusals.put(error.get("field").getStringValue(), error.get("message").getStringValue());
        }
        return refusals;
    }

    private String formPage(String lang) {
        Api.Reply reply = admin.post("/admin/agencies", "/admin/agencies?lang=" + lang, Map.of("code", "SAME-1",
                "nameVi", "Xã Một", "kind", "province 2", "timeZone", "Mars/Olympus", "validFrom", "2026-13-40"));
        assertThat(reply.status()).isEqualTo(422);
        return reply.body();
    }

    private String csvPage(String lang) {
        String file = "code,parent,name_vi,name_en,kind,time_zone,valid_from,valid_to\n"
                + "SAME-1,,Xã Một,,province 2,Mars/Olympus,2026-13-40,\n";
        Api.Reply reply = admin.upload("/admin/agencies", "/admin/agencies/import?lang=" + lang,
                file.getBytes(StandardCharsets.UTF_8), "check");
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body()).contains("data-line=\"2\"");
        return reply.body();
    }
}
