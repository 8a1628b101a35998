package vn.hailong.admin;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
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

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The agency pages over HTTP against the real database: tree changes, retirement, CSV import and export. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgencyAdminIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    AdminPages pages;
    AdminPages.Session admin;

    @BeforeAll
    void login() {
        pages = new AdminPages(server, json);
        admin = pages.login(ADMIN, ADMIN_PASSWORD);
    }

    @AfterAll
    void close() {
        pages.close();
    }

    private Api.Reply create(String code, String parent) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("code", code);
        form.put("parent", parent == null ? "" : parent);
        form.put("nameVi", "Cơ quan " + code);
        form.put("nameEn", "Agency " + code);
        form.put("kind", parent == null ? "province" : "COMMUNE");
        return admin.post("/admin/agencies", "/admin/agencies", form);
    }

    private Api.Reply move(String code, String parent) {
        return admin.post("/admin/agencies/" + code, "/admin/agencies/" + code + "/move", Map.of("parent", parent));
    }

    @Test
    void createdAgencyIsStoredWithItsClosureRowsAndThePageRedirects() {
        assertThat(create("CR", null).status()).isEqualTo(303);
        Api.Reply reply = create("CR-1", "CR");
        assertThat(reply.status()).isEqualTo(303);
        assertThat(reply.response().getHeaders().get("Location")).startsWith("/admin/agencies?done=created&what=CR-1");

        assertThat(Rows.text("SELECT kind FROM agency WHERE code = 'CR'")).isEqualTo("PROVINCE");
        assertThat(Rows.text("SELECT name_vi FROM agency WHERE code = 'CR-1'")).isEqualTo("Cơ quan CR-1");
        assertClosureMatchesParents();
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'agency.create' AND actor = 'admin'"
                + " AND actor_role = 'ADMIN' AND target = 'agency:CR-1' AND details LIKE 'agency CR-1; parent CR%'")).isEqualTo(1);
        Api.Reply page = admin.get("/admin/agencies?done=created&what=CR-1&lang=en");
        assertThat(page.body()).contains("Created: CR-1.").contains("data-code=\"CR-1\"");
    }

    @Test
    void badInputIsExplainedAndNothingIsStored() {
        long before = Rows.count("SELECT COUNT(*) FROM agency");
        Map<String, String> form = Map.of("code", "bad code!", "nameVi", " ", "kind", "province 2", "timeZone", "Mars/Olympus",
                "validFrom", "2026-13-40", "parent", "NO-SUCH");
        Api.Reply reply = admin.post("/admin/agencies", "/admin/agencies?lang=en", form);
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body()).contains("Nothing was saved")
                .contains("Code: 1 to 64 letters").contains("Name in Vietnamese is required")
                .contains("Kind: one word").contains("Time zone: an identifier").contains("First day of service: 2026-13-40 is not a date")
                .contains("There is no agency with the code NO-SUCH")
                .contains("value=\"bad code!\"");
        assertThat(Rows.count("SELECT COUNT(*) FROM agency")).isEqualTo(before);

        create("DUP", null);
        Api.Reply again = admin.post("/admin/agencies", "/admin/agencies", Map.of("code", "DUP", "nameVi", "Khác", "kind", "PROVINCE"));
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.body()).contains("Mã: DUP đã được cơ quan khác dùng.");
        assertThat(Rows.count("SELECT COUNT(*) FROM agency WHERE code = 'DUP'")).isEqualTo(1);
    }

    @Test
    void movingASubtreeKeepsTheClosureTableExact() {
        create("MV", null);
        create("MV-A", "MV");
        create("MV-A1", "MV-A");
        create("MV-A11", "MV-A1");
        create("MV-B", "MV");
        Api.Reply moved = move("MV-A1", "MV-B");
        assertThat(moved.status()).isEqualTo(303);
        assertThat(Rows.text("SELECT p.code FROM agency a JOIN agency p ON p.id = a.parent_id WHERE a.code = 'MV-A1'")).isEqualTo("MV-B");
        assertThat(depth("MV", "MV-A11")).isEqualTo(3);
        assertThat(depth("MV-B", "MV-A11")).isEqualTo(2);
        assertThat(depth("MV-A", "MV-A11")).isNull();
        assertClosureMatchesParents();

        // To the top level and back under another root.
        assertThat(move("MV-A1", "").status()).isEqualTo(303);
        assertThat(Rows.text("SELECT parent_id FROM agency WHERE code = 'MV-A1'")).isNull();
        assertThat(depth("MV", "MV-A11")).isNull();
        assertClosureMatchesParents();
        assertThat(move("MV-A1", "MV-A").status()).isEqualTo(303);
        assertThat(depth("MV", "MV-A11")).isEqualTo(3);
        assertClosureMatchesParents();
    }

    @Test
    void aMoveUnderItselfOrItsOwnDescendantIsRefused() {
        create("CY", null);
        create("CY-1", "CY");
        create("CY-11", "CY-1");
        String before = closure();

        Api.Reply under = move("CY", "CY-11");
        assertThat(under.status()).isEqualTo(422);
        assertThat(under.body()).contains("Không thể chuyển CY vào dưới CY-11");
        Api.Reply self = admin.post("/admin/agencies/CY-1", "/admin/agencies/CY-1/move?lang=en", Map.of("parent", "CY-1"));
        assertThat(self.status()).isEqualTo(422);
        assertThat(self.body()).contains("Cannot move CY-1 under CY-1");
        assertThat(closure()).isEqualTo(before);
        assertThat(Rows.text("SELECT parent_id FROM agency WHERE code = 'CY'")).isNull();
        // A refused change leaves no audit row (the row commits with the change or not at all).
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'agency.move' AND target LIKE 'agency:CY%'")).isZero();
    }

    @Test
    void renameChangesTheNamesButNotTheCode() {
        create("RN", null);
        Api.Reply reply = admin.post("/admin/agencies/RN", "/admin/agencies/RN/rename",
                Map.of("nameVi", "Sở Nội vụ", "nameEn", "Department of Home Affairs", "kind", "department"));
        assertThat(reply.status()).isEqualTo(303);
        assertThat(Rows.text("SELECT CONCAT(name_vi, '|', name_en, '|', kind) FROM agency WHERE code = 'RN'"))
                .isEqualTo("Sở Nội vụ|Department of Home Affairs|DEPARTMENT");
        Api.Reply bad = admin.post("/admin/agencies/RN", "/admin/agencies/RN/rename", Map.of("nameVi", "", "kind", "X"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(Rows.text("SELECT name_vi FROM agency WHERE code = 'RN'")).isEqualTo("Sở Nội vụ");
    }

    @Test
    void aRetiredAgencyLeavesNewSurveysKiosksAndPostersButKeepsItsReports() {
        create("RT", null);
        create("RT-1", "RT");
        String token = pages.api.adminToken();
        assertThat(pages.api.post("/api/v1/responses", Api.submission("RT-1", Map.of("E1.1", 4)), null).status()).isEqualTo(201);
        LocalDate yesterday = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh")).minusDays(1);

        // The parent cannot retire while its child stays in service.
        Api.Reply refused = admin.post("/admin/agencies/RT", "/admin/agencies/RT/retire?lang=en", Map.of("validTo", yesterday.toString()));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("1 agencies below stay in service after " + yesterday);
        assertThat(Rows.text("SELECT valid_to FROM agency WHERE code = 'RT'")).isNull();

        assertThat(admin.post("/admin/agencies/RT-1", "/admin/agencies/RT-1/retire", Map.of("validTo", yesterday.toString())).status()).isEqualTo(303);
        assertThat(admin.post("/admin/agencies/RT", "/admin/agencies/RT/retire", Map.of("validTo", yesterday.toString())).status()).isEqualTo(303);
        assertThat(Rows.text("SELECT valid_to FROM agency WHERE code = 'RT-1'")).isEqualTo(yesterday.toString());

        assertThat(pages.api.get("/", null).body()).doesNotContain("/s/RT-1/");
        assertThat(pages.api.get("/s/RT-1/sipas-2017", null).status()).isEqualTo(404);
        assertThat(pages.api.get("/qr/RT-1/sipas-2017", null).status()).isEqualTo(404);
        assertThat(pages.api.post("/api/v1/kiosks", Map.of("agency", "RT-1", "label", "K"), token).status()).isEqualTo(422);
        assertThat(admin.post("/admin/kiosks", "/admin/kiosks", Map.of("agency", "RT-1", "label", "K")).status()).isEqualTo(422);
        Api.Reply late = pages.api.post("/api/v1/responses", Api.submission("RT-1", Map.of("E1.1", 4)), null);
        assertThat(late.status()).isEqualTo(422);
        assertThat(create("RT-2", "RT").status()).isEqualTo(422);
        create("RT-M", null);
        assertThat(move("RT-M", "RT").status()).isEqualTo(422);

        Api.Reply report = pages.api.get("/api/v1/reports/satisfaction?agency=RT&survey=sipas-2017", token);
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.json().get("responses").getIntValue()).isEqualTo(1);

        // Back in service: the parent first (the child cannot return under a retired parent).
        assertThat(admin.post("/admin/agencies/RT-1", "/admin/agencies/RT-1/reinstate", Map.of()).status()).isEqualTo(422);
        assertThat(admin.post("/admin/agencies/RT", "/admin/agencies/RT/reinstate", Map.of()).status()).isEqualTo(303);
        assertThat(admin.post("/admin/agencies/RT-1", "/admin/agencies/RT-1/reinstate", Map.of()).status()).isEqualTo(303);
        assertThat(pages.api.get("/s/RT-1/sipas-2017", null).status()).isEqualTo(200);
    }

    @Test
    void dryRunListsEveryProblemWithItsLineAndImportStoresNothing() {
        create("CSV", null);
        long agencies = Rows.count("SELECT COUNT(*) FROM agency");
        String closureBefore = closure();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        write(file, "\uFEFFcode,parent,name_vi,name_en,kind,time_zone,valid_from,valid_to\n"   // 1
                + "IM-1,CSV,Xã Một,Commune One,COMMUNE,,,\n"                                        // 2 fine
                + "IM-1,CSV,Xã Một lần nữa,,COMMUNE,,,\n"                                          // 3 duplicate code
                + "IM-2,NOPE,Xã Hai,,COMMUNE,,,\n"                                                 // 4 unknown parent
                + "IM-3,CSV,Xã Ba,,COMMUNE,,2026-02-30,\n"                                         // 5 bad date
                + "IM-4,IM-5,Xã Bốn,,COMMUNE,,,\n"                                                 // 6 cycle
                + "IM-5,IM-4,Xã Năm,,COMMUNE,,,\n");                                               // 7 cycle
        file.writeBytes(new byte[]{'I', 'M', '-', '6', ',', 'C', 'S', 'V', ',', 'X', (byte) 0xC3, (byte) 0x28, ',', ',',
                'C', 'O', 'M', 'M', 'U', 'N', 'E', ',', ',', ',', '\n'});                            // 8 not UTF-8
        write(file, "IM-7,CSV,Xã Bảy,,COMMUNE,,2026-05-01,2026-04-01\n"                           // 9 dates in wrong order
                + "IM-8,CSV,Xã Tám\n");                                                            // 10 too few fields

        Api.Reply dry = admin.upload("/admin/agencies", "/admin/agencies/import?lang=en", file.toByteArray(), "check");
        assertThat(dry.status()).isEqualTo(422);
        assertThat(lines(dry.body())).containsExactly(3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(dry.body()).contains("The code IM-1 is on line 2 already.")
                .contains("No agency with the code NOPE")
                .contains("First day of service: 2026-02-30 is not a date")
                .contains("IM-4 would end up below itself")
                .contains("This line is not UTF-8 text")
                .contains("The last day of service 2026-04-01 is before the first day of service 2026-05-01")
                .contains("Expected 8 fields, found 3.");

        Api.Reply real = admin.upload("/admin/agencies", "/admin/agencies/import", file.toByteArray(), "import");
        assertThat(real.status()).isEqualTo(422);
        assertThat(lines(real.body())).containsExactly(3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(Rows.count("SELECT COUNT(*) FROM agency")).isEqualTo(agencies);
        assertThat(closure()).isEqualTo(closureBefore);
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'agency.import'")).isZero();
    }

    @Test
    void aCleanFileImportsInOneGoAfterItsDryRun() {
        create("IMP", null);
        create("IMP-OLD", "IMP");
        create("IMP-X", null);
        // Parents may come after their children; an existing agency is renamed and moved.
        String csv = "code,parent,name_vi,name_en,kind,time_zone,valid_from,valid_to\r\n"
                + "IMP-C1,IMP-D,\"Xã Một, Huyện Đông\",,COMMUNE,,,\r\n"
                + "IMP-D,IMP,Huyện Đông,East District,DISTRICT,,2025-01-01,\r\n"
                + "IMP-OLD,IMP-D,Phường Cũ (đổi tên),Old Ward,WARD,,,\r\n"
                + "IMP-X,,Cơ quan IMP-X,Agency IMP-X,PROVINCE,Asia/Ho_Chi_Minh,,\r\n";
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        long before = Rows.count("SELECT COUNT(*) FROM agency");

        Api.Reply dry = admin.upload("/admin/agencies", "/admin/agencies/import?lang=en", bytes, "check");
        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.body()).contains("The file is correct: 2 new, 1 changed, 1 unchanged.");
        assertThat(Rows.count("SELECT COUNT(*) FROM agency")).isEqualTo(before);

        // The confirm button posts the checked file back from the page.
        Matcher content = Pattern.compile("name=\"content\" value=\"([^\"]+)\"").matcher(dry.body());
        assertThat(content.find()).isTrue();
        Api.Reply imported = admin.post("/admin/agencies", "/admin/agencies/import/confirm", Map.of("content", content.group(1)));
        assertThat(imported.status()).as(imported.body()).isEqualTo(303);
        assertThat(imported.response().getHeaders().get("Location")).contains("done=imported&what=3");
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log WHERE action = 'agency.import' AND actor = 'admin'")).isEqualTo(1);

        assertThat(Rows.count("SELECT COUNT(*) FROM agency")).isEqualTo(before + 2);
        assertThat(Rows.text("SELECT name_vi FROM agency WHERE code = 'IMP-C1'")).isEqualTo("Xã Một, Huyện Đông");
        assertThat(Rows.text("SELECT name_en FROM agency WHERE code = 'IMP-C1'")).isEqualTo("Xã Một, Huyện Đông");
        assertThat(Rows.text("SELECT valid_from FROM agency WHERE code = 'IMP-D'")).isEqualTo("2025-01-01");
        assertThat(Rows.text("SELECT name_vi FROM agency WHERE code = 'IMP-OLD'")).isEqualTo("Phường Cũ (đổi tên)");
        assertThat(depth("IMP", "IMP-C1")).isEqualTo(2);
        assertThat(depth("IMP", "IMP-OLD")).isEqualTo(2);
        assertThat(depth("IMP-D", "IMP-OLD")).isEqualTo(1);
        assertClosureMatchesParents();
    }

    @Test
    void theExportReadsBackUnchanged() {
        create("EX", null);
        admin.post("/admin/agencies", "/admin/agencies", Map.of("code", "EX-1", "parent", "EX", "nameVi", "=Xã \"Một\", nhỏ",
                "kind", "COMMUNE"));
        Api.Reply export = admin.get("/admin/agencies.csv");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.response().getHeaders().get("Content-Type")).startsWith("text/csv");
        assertThat(export.body()).startsWith("\uFEFFcode,parent,name_vi,name_en,kind,time_zone,valid_from,valid_to\r\n");
        // A name starting with '=' is not run as a formula by spreadsheets.
        assertThat(export.body()).contains("EX-1,EX,\"'=Xã \"\"Một\"\", nhỏ\"");

        Api.Reply dry = admin.upload("/admin/agencies", "/admin/agencies/import?lang=en", export.body().getBytes(StandardCharsets.UTF_8), "check");
        assertThat(dry.status()).isEqualTo(200);
        long all = Rows.count("SELECT COUNT(*) FROM agency");
        assertThat(dry.body()).contains("The file is correct: 0 new, 0 changed, " + all + " unchanged.");
    }

    // --- helpers ---

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static TreeSet<Integer> lines(String body) {
        TreeSet<Integer> lines = new TreeSet<>();
        Matcher m = Pattern.compile("data-line=\"(\\d+)\"").matcher(body);
        while (m.find()) {
            lines.add(Integer.parseInt(m.group(1)));
        }
        return lines;
    }

    private static Integer depth(String ancestor, String descendant) {
        String depth = Rows.text("SELECT c.depth FROM agency_closure c JOIN agency a ON a.id = c.ancestor_id "
                + "JOIN agency d ON d.id = c.descendant_id WHERE a.code = '" + ancestor + "' AND d.code = '" + descendant + "'");
        return depth == null ? null : Integer.valueOf(depth);
    }

    private static String closure() {
        StringBuilder out = new StringBuilder();
        try (Connection c = Rows.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ancestor_id, descendant_id, depth FROM agency_closure ORDER BY 1, 2")) {
            while (rs.next()) {
                out.append(rs.getLong(1)).append('>').append(rs.getLong(2)).append(':').append(rs.getInt(3)).append('\n');
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** The closure table holds exactly the (ancestor, descendant, depth) triples the parent links imply. */
    private static void assertClosureMatchesParents() {
        Map<Long, Long> parent = new HashMap<>();
        try (Connection c = Rows.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, parent_id FROM agency")) {
            while (rs.next()) {
                long p = rs.getLong(2);
                boolean root = rs.wasNull();
                parent.put(rs.getLong(1), root ? null : p);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        TreeSet<String> expected = new TreeSet<>();
        for (Long id : parent.keySet()) {
            Long at = id;
            int depth = 0;
            while (at != null) {
                expected.add(at + ">" + id + ":" + depth);
                at = parent.get(at);
                depth++;
            }
        }
        TreeSet<String> actual = new TreeSet<>(java.util.Arrays.asList(closure().split("\n")));
        actual.remove("");
        assertThat(actual).isEqualTo(expected);
    }
}
