package vn.hailong.agency;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgencyApiIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;
    String admin;

    @BeforeAll
    void tree() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "DN", null);
        api.agency(admin, "DN-01", "DN");
        api.agency(admin, "DN-02", "DN");
    }

    private static Map<String, Object> agency(String code, String parent) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("nameVi", "Trung tâm phục vụ hành chính công " + code);
        body.put("nameEn", "Public service centre " + code);
        body.put("kind", "CENTRE");
        body.put("parent", parent);
        return body;
    }

    @Test
    void adminCreatesAnAgencyUnderAParent() {
        Map<String, Object> body = agency("DN-03", "DN");
        body.put("validFrom", "2026-01-01");

        Api.Reply reply = api.post("/api/v1/agencies", body, admin);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.text("code")).isEqualTo("DN-03");
        assertThat(reply.text("parent")).isEqualTo("DN");
        assertThat(reply.text("nameVi")).isEqualTo("Trung tâm phục vụ hành chính công DN-03");
        assertThat(reply.text("kind")).isEqualTo("CENTRE");
        assertThat(reply.text("timeZone")).isEqualTo("Asia/Ho_Chi_Minh");
        assertThat(reply.text("validFrom")).isEqualTo("2026-01-01");
        assertThat(reply.body()).doesNotContain("\"id\"").doesNotContain("parentId");
        // stored with its place in the tree: itself at depth 0 and DN above it at depth 1
        assertThat(Rows.count("SELECT COUNT(*) FROM agency a JOIN agency p ON p.id = a.parent_id "
                + "WHERE a.code = 'DN-03' AND p.code = 'DN'")).isEqualTo(1);
        assertThat(Rows.count("SELECT COUNT(*) FROM agency_closure c JOIN agency a ON a.id = c.descendant_id "
                + "WHERE a.code = 'DN-03'")).isEqualTo(2);
    }

    @Test
    void agencyIsReadByCode() {
        Api.Reply reply = api.get("/api/v1/agencies/DN-01", admin);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text("code")).isEqualTo("DN-01");
        assertThat(reply.text("nameVi")).isEqualTo("Cơ quan DN-01");
        assertThat(reply.text("nameEn")).isEqualTo("Agency DN-01");
        assertThat(reply.text("kind")).isEqualTo("COMMUNE");
        assertThat(reply.text("parent")).isEqualTo("DN");

        Api.Reply root = api.get("/api/v1/agencies/DN", admin);
        assertThat(root.status()).isEqualTo(200);
        assertThat(root.text("parent")).isNull();

        Api.Reply unknown = api.get("/api/v1/agencies/NOWHERE", admin);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.response().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
    }

    @Test
    void childrenAreListedByParent() {
        api.agency(admin, "QN", null);
        api.agency(admin, "QN-02", "QN");
        api.agency(admin, "QN-01", "QN");
        api.agency(admin, "QN-01-A", "QN-01");

        Api.Reply reply = api.get("/api/v1/agencies?parent=QN", admin);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(codes(reply.json())).containsExactly("QN-01", "QN-02");
        reply.json().values().forEach(a -> assertThat(a.get("parent").getStringValue()).isEqualTo("QN"));

        assertThat(codes(api.get("/api/v1/agencies?parent=QN-01", admin).json())).containsExactly("QN-01-A");
        assertThat(codes(api.get("/api/v1/agencies?parent=QN-02", admin).json())).isEmpty();
        assertThat(codes(api.get("/api/v1/agencies", admin).json())).contains("DN", "QN").doesNotContain("QN-01", "DN-01");

        Api.Reply unknown = api.get("/api/v1/agencies?parent=NOWHERE", admin);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"field\":\"parent\"");
        assertThat(api.get("/api/v1/agencies?parent=NOWHERE&lang=en", admin).text("detail"))
                .isEqualTo("There is no agency with the code NOWHERE.");
        assertThat(api.get("/api/v1/agencies/NOWHERE", admin).text("detail"))
                .as("Vietnamese without ?lang or Accept-Language").isEqualTo("Không có cơ quan nào có mã NOWHERE.");
    }

    @Test
    void duplicateCodeIsAConflictAndChangesNothing() {
        long before = Rows.count("SELECT COUNT(*) FROM agency");

        Api.Reply reply = api.post("/api/v1/agencies", agency("DN-01", "DN"), admin);

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.response().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
        assertThat(reply.body()).contains("\"field\":\"code\"");
        assertThat(Rows.count("SELECT COUNT(*) FROM agency")).isEqualTo(before);
        assertThat(Rows.count("SELECT COUNT(*) FROM agency WHERE name_en = 'Public service centre DN-01'")).isZero();
    }

    @Test
    void unknownParentIsNotFoundNamingParent() {
        long before = Rows.count("SELECT COUNT(*) FROM agency");

        Api.Reply reply = api.post("/api/v1/agencies", agency("ORPHAN-1", "NO-SUCH-PARENT"), admin);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.response().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
        assertThat(fields(reply)).containsExactly("parent");
        assertThat(reply.text("detail")).contains("NO-SUCH-PARENT");
        assertThat(Rows.count("SELECT COUNT(*) FROM agency")).isEqualTo(before);
    }

    @Test
    void invalidFieldsAreEachNamed() {
        long before = Rows.count("SELECT COUNT(*) FROM agency");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", "HN 01!");
        body.put("nameEn", "No Vietnamese name");
        body.put("kind", "not a kind!");
        body.put("parent", "DN");
        body.put("validFrom", "2026-13-01");
        body.put("validTo", "next year");

        Api.Reply reply = api.post("/api/v1/agencies", body, admin);

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.response().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
        assertThat(fields(reply)).containsExactlyInAnyOrder("code", "nameVi", "kind", "validFrom", "validTo");
        assertThat(reply.body()).doesNotContain("Exception");

        Map<String, Object> reversed = agency("DN-REV", "DN");
        reversed.put("validFrom", "2026-06-01");
        reversed.put("validTo", "2026-05-31");
        Api.Reply dates = api.post("/api/v1/agencies", reversed, admin);
        assertThat(dates.status()).isEqualTo(422);
        assertThat(fields(dates)).containsExactly("validTo");

        Map<String, Object> blankName = agency("DN-BLANK", "DN");
        blankName.put("nameVi", "   ");
        blankName.put("timeZone", "Mars/Olympus");
        Api.Reply blank = api.post("/api/v1/agencies", blankName, admin);
        assertThat(blank.status()).isEqualTo(422);
        assertThat(fields(blank)).containsExactlyInAnyOrder("nameVi", "timeZone");

        Map<String, Object> noCode = agency(null, "DN");
        assertThat(fields(api.post("/api/v1/agencies", noCode, admin))).containsExactly("code");
        assertThat(Rows.count("SELECT COUNT(*) FROM agency")).isEqualTo(before);
    }

    @Test
    void concurrentCreationsOfOneCodeStoreOneAgencyAndTheRestAreConflicts() throws Exception {
        List<Integer> statuses = concurrently(20, () -> api.post("/api/v1/agencies", agency("DN-RACE", "DN"), admin).status());

        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
        assertThat(Rows.count("SELECT COUNT(*) FROM agency WHERE code = 'DN-RACE'")).isEqualTo(1);
        assertThat(Rows.count("SELECT COUNT(*) FROM agency_closure c JOIN agency a ON a.id = c.descendant_id "
                + "WHERE a.code = 'DN-RACE'")).isEqualTo(2);
    }

    @Test
    void codesWithDotsWorkInPaths() {
        api.agency(admin, "DN.07", "DN");

        Api.Reply reply = api.get("/api/v1/agencies/DN.07", admin);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text("code")).isEqualTo("DN.07");
        assertThat(codes(api.get("/api/v1/agencies?parent=DN.07", admin).json())).isEmpty();
    }

    @Test
    void withoutATokenTheAgencyApiAnswers401() {
        long before = Rows.count("SELECT COUNT(*) FROM agency");

        Api.Reply create = api.post("/api/v1/agencies", agency("ANON-1", "DN"), null);
        Api.Reply read = api.get("/api/v1/agencies/DN", null);

        assertThat(create.status()).isEqualTo(401);
        assertThat(create.response().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
        assertThat(read.status()).isEqualTo(401);
        assertThat(api.post("/api/v1/agencies", agency("ANON-2", "DN"), "not-a-token").status()).isEqualTo(401);
        assertThat(Rows.count("SELECT COUNT(*) FROM agency")).isEqualTo(before);
    }

    @Test
    void reviewerMayNotManageAgencies() {
        String reviewer = api.reviewer(admin, "reviewer-agency-api", "DN");
        long before = Rows.count("SELECT COUNT(*) FROM agency");

        Api.Reply create = api.post("/api/v1/agencies", agency("DN-BY-REVIEWER", "DN"), reviewer);

        assertThat(create.status()).isEqualTo(403);
        assertThat(create.response().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
        assertThat(create.text("status")).isEqualTo("403");
        assertThat(api.get("/api/v1/agencies?parent=DN", reviewer).status()).isEqualTo(403);
        assertThat(Rows.count("SELECT COUNT(*) FROM agency")).isEqualTo(before);
    }

    static List<Integer> concurrently(int copies, Callable<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < copies; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : futures) {
                statuses.add(future.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> codes(JsonNode array) {
        List<String> codes = new ArrayList<>();
        array.values().forEach(a -> codes.add(a.get("code").getStringValue()));
        return codes;
    }

    private static List<String> fields(Api.Reply reply) {
        List<String> fields = new ArrayList<>();
        JsonNode errors = reply.json() == null ? null : reply.json().get("errors");
        if (errors != null) {
            errors.values().forEach(e -> fields.add(e.get("field").getStringValue()));
        }
        return fields;
    }
}
