package vn.hailong.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.Copies;
import vn.hailong.support.Copies.Copy;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;
import vn.hailong.support.TestDatabase;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restore drill of docs/operations.md, "Backup and restore": a database with responses in it is
 * dumped with the server's own client tools ({@code mysqldump} / {@code mariadb-dump}), loaded into a
 * fresh database with {@code mysql}, and a second copy of the application started on the restored
 * one must find nothing to migrate and report exactly what the original reports.
 * <p>
 * The client tools must be on PATH. Without them the test is skipped with the reason, except under
 * CI with an external database (env {@code CI} and {@code TEST_JDBC_URL} set), where that fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreDrillIT implements DatabaseTest {

    static final String SURVEY = "sipas-2017";
    static final int RESPONSES = 200;
    static final LocalDate FIRST = LocalDate.of(2026, 1, 1);
    static final LocalDate LAST = LocalDate.of(2026, 9, 30);
    static final ZoneOffset PLUS_7 = ZoneOffset.ofHours(7);
    static final long TOOL_MINUTES = 5;
    static final List<String> REPORTS = List.of(
            "/api/v1/reports/satisfaction?agency=P&survey=" + SURVEY,
            "/api/v1/reports/satisfaction?agency=P&survey=" + SURVEY + "&from=" + FIRST + "&to=" + LAST,
            "/api/v1/reports/ranking?parent=P&survey=" + SURVEY + "&from=" + FIRST + "&to=" + LAST,
            "/api/v1/reports/trend?agency=P&survey=" + SURVEY + "&from=" + FIRST + "&to=" + LAST + "&interval=month");

    /** Where the test database is, as the client tools need it. */
    record Server(String host, int port, String database, String query) {
        static Server of(String jdbcUrl) {
            URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
            String database = uri.getPath().replaceFirst("^/", "");
            return new Server(uri.getHost(), uri.getPort() == -1 ? 3306 : uri.getPort(), database, uri.getRawQuery());
        }

        String jdbcUrl(String otherDatabase) {
            return "jdbc:mysql://" + host + ":" + port + "/" + otherDatabase + (query == null ? "" : "?" + query);
        }
    }

    Server server;
    String restoreDatabase;
    Path dump;
    Path options;
    Copy original;
    Copy restored;

    @BeforeAll
    void tools() {
        server = Server.of(TestDatabase.url());
        restoreDatabase = server.database() + "_restore";
    }

    @AfterAll
    void cleanUp() throws Exception {
        try {
            Copies.closeAll(restored, original);
        } finally {
            if (restoreDatabase != null && TestDatabase.url() != null) {
                execute("DROP DATABASE IF EXISTS `" + restoreDatabase + "`");
            }
            for (Path file : new Path[] {dump, options}) {
                if (file != null) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @Test
    void aDumpRestoresToADatabaseThatReportsExactlyTheSame() throws Exception {
        Path dumpTool = tool("mysqldump", "mariadb-dump");
        Path client = tool("mysql", "mariadb");

        original = Copies.start(properties(TestDatabase.url(), true));
        Api api = original.api();
        String admin = api.adminToken();
        api.agency(admin, "P", null);
        for (String commune : List.of("P-1", "P-2", "P-3")) {
            api.agency(admin, commune, "P");
        }
        post(api, admin, generated(new Random(20261122L)));
        assertThat(Rows.count("SELECT COUNT(*) FROM response")).isEqualTo(RESPONSES);
        Map<String, String> before = reports(original);

        options = clientOptions();
        dump = Files.createTempFile("hailong-dump-", ".sql");
        run(List.of(dumpTool.toString(), "--defaults-extra-file=" + options, "--single-transaction", "--routines",
                "--no-create-db", "--default-character-set=utf8mb4", "--result-file=" + dump, server.database()), null);
        assertThat(Files.size(dump)).as("dump size").isPositive();

        execute("DROP DATABASE IF EXISTS `" + restoreDatabase + "`");
        String[] charset = charsetOfTestDatabase();
        createRestoreDatabase(charset);
        run(List.of(client.toString(), "--defaults-extra-file=" + options, "--default-character-set=utf8mb4",
                restoreDatabase), dump);
        String history = "SELECT COUNT(*) FROM `" + restoreDatabase + "`.flyway_schema_history";
        long migrationsRestored = Rows.count(history);
        assertThat(migrationsRestored).isEqualTo(Rows.count("SELECT COUNT(*) FROM flyway_schema_history"));
        assertThat(Rows.count("SELECT COUNT(*) FROM `" + restoreDatabase + "`.response")).isEqualTo(RESPONSES);
        assertThat(Rows.count("SELECT COUNT(*) FROM `" + restoreDatabase + "`.answer"))
                .isEqualTo(Rows.count("SELECT COUNT(*) FROM answer"));

        // No clean: the restored database is production data. Migrating must find nothing to do.
        restored = Copies.start(properties(server.jdbcUrl(restoreDatabase), false));
        assertThat(Rows.count(history)).as("migrations run on the restored database").isEqualTo(migrationsRestored);

        Map<String, String> after = reports(restored);
        assertThat(after).containsExactlyEntriesOf(before);
        // and the accounts came along: the restored copy accepts the original password and the original's token
        assertThat(restored.api().get(REPORTS.get(0), admin).status()).isEqualTo(200);
    }

    private Map<String, String> properties(String url, boolean freshSchema) {
        Map<String, String> properties = new HashMap<>(getProperties());
        properties.put("datasources.default.url", url);
        properties.put("flyway.datasources.default.clean-schema", String.valueOf(freshSchema));
        properties.put("datasources.default.maximum-pool-size", "4");
        properties.put("hailong.jwt-secret",
                "restore-drill-test-secret-0123456789-abcdefghijkl");
        return properties;
    }

    /** The reports, read with an admin token of that copy (the restored copy's login proves the accounts restored). */
    private static Map<String, String> reports(Copy copy) {
        String token = copy.api().adminToken();
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String path : REPORTS) {
            Api.Reply reply = copy.api().get(path, token);
            assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(200);
            bodies.put(path, reply.body());
        }
        assertThat(bodies.get(REPORTS.get(0))).contains("\"responses\":" + RESPONSES);
        return bodies;
    }

    /** Random SIPAS responses over 2026, some criteria left out or null, some with a Vietnamese comment. */
    static List<Map<String, Object>> generated(Random random) {
        List<String> agencies = List.of("P", "P-1", "P-1", "P-2", "P-2", "P-3");
        List<Map<String, Object>> responses = new ArrayList<>();
        int days = (int) (LAST.toEpochDay() - FIRST.toEpochDay()) + 1;
        for (int i = 0; i < RESPONSES; i++) {
            Map<String, Object> answers = new LinkedHashMap<>();
            for (String criterion : Api.SIPAS_CRITERIA) {
                int roll = random.nextInt(10);
                if (roll == 0) {
                    continue;
                }
                answers.put(criterion, roll == 1 ? null : 1 + random.nextInt(5));
            }
            if (random.nextInt(4) == 0) {
                answers.put("comment", "Góp ý số " + i + ": cán bộ hướng dẫn tận tình, chờ hơi lâu");
            }
            Map<String, Object> body = Api.submission(agencies.get(random.nextInt(agencies.size())), answers);
            body.put("submittedAt", OffsetDateTime.of(FIRST.plusDays(random.nextInt(days))
                    .atTime(random.nextInt(24), random.nextInt(60)), PLUS_7).toString());
            responses.add(body);
        }
        return responses;
    }

    private static void post(Api api, String admin, List<Map<String, Object>> responses) {
        for (int from = 0; from < responses.size(); from += 50) {
            List<Map<String, Object>> batch = responses.subList(from, Math.min(from + 50, responses.size()));
            Api.Reply reply = api.post("/api/v1/responses:batch", Map.of("responses", batch), admin);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            reply.json().get("results").values().forEach(result ->
                    assertThat(result.get("status").getStringValue()).as(reply.body()).isEqualTo("stored"));
        }
    }

    // --- the client tools ---

    /** The first of {@code names} found on PATH; skips (or, under CI with an external database, fails) when none is. */
    private static Path tool(String... names) {
        Optional<Path> found = Stream.of(names).flatMap(name -> Stream.of(
                        Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator))
                        .filter(dir -> !dir.isBlank())
                        .map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        String reason = "No " + String.join(" or ", names) + " on PATH for the restore drill"
                + " (apt-get install mariadb-client, or mysql-client for MySQL 8).";
        if (System.getenv("CI") != null && System.getenv("TEST_JDBC_URL") != null) {
            throw new IllegalStateException(reason + " Under CI with TEST_JDBC_URL this is a failure, not a skip.");
        }
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }

    /** A client option file: keeps the password off the command line (and out of the process list). */
    private Path clientOptions() throws IOException {
        StringBuilder text = new StringBuilder("[client]\n")
                .append("host=").append(server.host()).append('\n')
                .append("port=").append(server.port()).append('\n')
                .append("protocol=TCP\n")
                .append("user=").append(quoted(TestDatabase.username())).append('\n');
        if (TestDatabase.password() != null && !TestDatabase.password().isEmpty()) {
            text.append("password=").append(quoted(TestDatabase.password())).append('\n');
        }
        Path file = Files.createTempFile("hailong-client-", ".cnf");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Runs a client tool to the end (generous time limit); its error output is in the failure message. */
    private static void run(List<String> command, Path input) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("hailong-tool-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            if (input != null) {
                builder.redirectInput(input.toFile());
            }
            Process process = builder.start();
            if (!process.waitFor(TOOL_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(command.get(0) + " did not finish in " + TOOL_MINUTES + " minutes");
            }
            assertThat(process.exitValue()).as(String.join(" ", command) + ": " + Files.readString(errors)).isZero();
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    /** The test user may lack CREATE on other databases (a Testcontainers user is granted its own only): that is a skip. */
    private void createRestoreDatabase(String[] charset) throws SQLException {
        try {
            execute("CREATE DATABASE `" + restoreDatabase + "` CHARACTER SET " + charset[0] + " COLLATE " + charset[1]);
        } catch (SQLException e) {
            if (e.getErrorCode() != 1044 && e.getErrorCode() != 1045) {
                throw e;
            }
            String reason = "The test database user may not create " + restoreDatabase + " for the restore drill: " + e.getMessage();
            if (System.getenv("CI") != null && System.getenv("TEST_JDBC_URL") != null) {
                throw new IllegalStateException(reason + " Under CI with TEST_JDBC_URL this is a failure, not a skip.", e);
            }
            Assumptions.abort(reason);
        }
    }

    private static String[] charsetOfTestDatabase() throws SQLException {
        try (Connection c = Rows.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA"
                        + " WHERE SCHEMA_NAME = DATABASE()")) {
            assertThat(rs.next()).isTrue();
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = Rows.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
