package vn.hailong.report;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.Copies;
import vn.hailong.support.Copies.Copy;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;
import vn.hailong.support.TestDatabase;
import vn.hailong.system.ReportDatabase;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reports read from the optional {@code reports} datasource while submissions go to the primary.
 * A second database on the same server stands in for the MySQL replica; the test "replicates" by
 * copying every table at chosen moments, so replication lag is under its control: a submission
 * made after the last copy is in the primary but not yet in any report.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportReplicaIT implements DatabaseTest {

    static final String REPORT = "/api/v1/reports/satisfaction?agency=RP&survey=sipas-2017";
    static final String COMMENTS = "/api/v1/reports/comments?agency=RP";

    String primary;
    String replica;
    Copy app;

    @BeforeAll
    void replicaDatabase() throws SQLException {
        primary = URI.create(TestDatabase.url().substring("jdbc:".length())).getPath().replaceFirst("^/", "");
        replica = primary + "_replica";
        execute("DROP DATABASE IF EXISTS `" + replica + "`",
                "CREATE DATABASE `" + replica + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        Map<String, String> properties = new HashMap<>(getProperties());
        String replicaUrl = TestDatabase.url().replaceFirst("/" + primary + "(?=\\?|$)", "/" + replica);
        assertThat(replicaUrl).isNotEqualTo(TestDatabase.url());
        properties.put("datasources.reports.url", replicaUrl);
        properties.put("datasources.reports.username", TestDatabase.username());
        properties.put("datasources.reports.password", TestDatabase.password());
        properties.put("datasources.reports.driver-class-name", "com.mysql.cj.jdbc.Driver");
        properties.put("datasources.reports.maximum-pool-size", "2");
        properties.put("datasources.reports.connection-init-sql",
                "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES')");
        properties.put("datasources.default.maximum-pool-size", "4");
        app = Copies.start(properties);
    }

    @AfterAll
    void dropReplica() throws Exception {
        try {
            Copies.closeAll(app);
        } finally {
            if (replica != null) {
                execute("DROP DATABASE IF EXISTS `" + replica + "`");
            }
        }
    }

    @Test
    void reportsReadTheReplicaWhileSubmissionsGoToThePrimary() throws SQLException {
        assertThat(app.server().getApplicationContext().getBean(ReportDatabase.class).usesReplica()).isTrue();
        Api api = app.api();
        String admin = api.adminToken();
        api.agency(admin, "RP", null);
        api.agency(admin, "RP-1", "RP");
        for (int i = 0; i < 6; i++) {
            assertThat(api.post("/api/v1/responses", Api.submission(i % 2 == 0 ? "RP" : "RP-1",
                    Map.of("E1.1", 5, "E1.2", 4)), null).status()).isEqualTo(201);
        }
        replicate();
        assertThat(responses(api, admin)).isEqualTo(6);

        // Written after the last copy: stored in the primary only, so the reports do not see it yet.
        Map<String, Object> answers = new LinkedHashMap<>(Map.of("E1.1", 2));
        answers.put("comment", "Chờ lâu quá");
        Map<String, Object> late = Api.submission("RP-1", answers);
        assertThat(api.post("/api/v1/responses", late, null).status()).isEqualTo(201);
        assertThat(Rows.count("SELECT COUNT(*) FROM response")).isEqualTo(7);
        assertThat(Rows.count("SELECT COUNT(*) FROM `" + replica + "`.response")).isEqualTo(6);
        assertThat(responses(api, admin)).isEqualTo(6);
        assertThat(api.get(COMMENTS, admin).body()).doesNotContain("Chờ lâu quá");
        // The replay check is a write-path read: it uses the primary, so the late submission is known.
        assertThat(api.post("/api/v1/responses", late, null).status()).isEqualTo(200);

        replicate();
        assertThat(responses(api, admin)).isEqualTo(7);
        assertThat(api.get(COMMENTS, admin).body()).contains("Chờ lâu quá");

        // And it really is the replica that answers: what only the replica lacks, the reports lack.
        emptyReplicaResponses();
        assertThat(responses(api, admin)).isZero();
        assertThat(Rows.count("SELECT COUNT(*) FROM response")).isEqualTo(7);
    }

    @Test
    void aReplicaWithoutUrlStopsTheStartInsteadOfReadingAnEmptyDatabase() {
        Map<String, String> properties = new HashMap<>(getProperties());
        properties.put("flyway.datasources.default.clean-schema", "false");
        properties.put("datasources.default.maximum-pool-size", "2");
        properties.put("datasources.reports.username", "hailong_reports");

        assertThatThrownBy(() -> Copies.start(properties).close())
                .hasStackTraceContaining("DATASOURCES_REPORTS_URL");
    }

    private static long responses(Api api, String token) {
        Api.Reply reply = api.get(REPORT, token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return Long.parseLong(reply.text("responses"));
    }

    /** Stand-in for replication catching up: every table of the primary copied to the replica as it is now. */
    private void replicate() throws SQLException {
        List<String> statements = new ArrayList<>(List.of("SET FOREIGN_KEY_CHECKS = 0"));
        for (String table : tables()) {
            statements.add("DROP TABLE IF EXISTS `" + replica + "`.`" + table + "`");
            statements.add("CREATE TABLE `" + replica + "`.`" + table + "` LIKE `" + primary + "`.`" + table + "`");
            statements.add("INSERT INTO `" + replica + "`.`" + table + "` SELECT * FROM `" + primary + "`.`" + table + "`");
        }
        statements.add("SET FOREIGN_KEY_CHECKS = 1");
        execute(statements.toArray(String[]::new));
    }

    /** Responses, answers and their rollups gone from the replica only (agencies, surveys, accounts stay). */
    private void emptyReplicaResponses() throws SQLException {
        List<String> statements = new ArrayList<>();
        for (String table : tables()) {
            if (table.equals("response") || table.equals("answer") || table.startsWith("rollup_") && !table.equals("rollup_state")) {
                statements.add("DELETE FROM `" + replica + "`.`" + table + "`");
            }
        }
        execute(statements.toArray(String[]::new));
    }

    private static List<String> tables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = Rows.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                     + " AND table_type = 'BASE TABLE'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static void execute(String... statements) throws SQLException {
        try (Connection c = Rows.connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
