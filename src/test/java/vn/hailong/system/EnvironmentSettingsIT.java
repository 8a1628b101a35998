package vn.hailong.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.AppProcess;
import vn.hailong.support.RawHttp;
import vn.hailong.support.TestDatabase;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, item 2: every environment variable that the README, {@code deploy/} (compose file,
 * Dockerfile, Kubernetes ConfigMap and Secret template), docs/operations.md and docs/security.md
 * document, set in the environment of the packaged jar as an operator sets it, and shown to take
 * effect by something this test observes from outside the process. docs/operations.md, "Settings",
 * is the same list.
 *
 * <p>Observed elsewhere or not observable here, and why:
 * <ul>
 *   <li>{@code HAILONG_SESSION_RECHECK}, {@code HAILONG_KIOSK_RECHECK}: {@link TwoJarsSessionIT} (2 s: a
 *       logout on one jar reaches the other within it).</li>
 *   <li>{@code HAILONG_DB_CONNECTION_TIMEOUT_MS}, {@code HAILONG_DB_VALIDATION_TIMEOUT_MS},
 *       {@code HAILONG_RETRY_AFTER_SECONDS}, {@code HAILONG_SHUTDOWN_GRACE_PERIOD}: need a database
 *       outage or a held transaction; {@code FaultToleranceIT} measures them on its own MariaDB.</li>
 *   <li>{@code HAILONG_WRITE_IDLE_TIMEOUT}: needs a client that stops reading with a full socket
 *       buffer (megabytes of answer); {@code HAILONG_IDLE_TIMEOUT}: needs a request silent in both
 *       directions for that long. Both are passed to Micronaut as they are (application.yml).</li>
 *   <li>{@code DATASOURCES_REPORTS_*}: {@code ReportReplicaIT} (a second database standing in for a
 *       replica); {@code HAILONG_SUBMISSION_WRITERS}, {@code HAILONG_SUBMISSION_MAX_BATCH}: only the
 *       grouping changes, {@code GroupCommitIT}; {@code HAILONG_LIMITS_KIOSK_*},
 *       {@code HAILONG_LIMITS_PUBLIC_*}: {@code SubmissionLimitsIT}.</li>
 *   <li>{@code HAILONG_PROXY_HEADER}, {@code HAILONG_TRUSTED_PROXIES}: {@code TrustedProxyIT} (two
 *       packaged jars configured through the environment); {@code MICRONAUT_SERVER_CLIENT_ADDRESS_HEADER}
 *       is ignored with a start-up warning.</li>
 *   <li>The alert and dossier settings ({@code HAILONG_OUTBOX_*}, {@code HAILONG_ALERTS_*}, {@code HAILONG_SMTP_*},
 *       {@code HAILONG_MAIL_*}, {@code HAILONG_WEBHOOK_*}, {@code HAILONG_LIMITS_RATING_CODES_*},
 *       {@code HAILONG_DOSSIER_RETENTION_MONTHS}): docs/operations.md names the test of each, or that
 *       none exists yet.</li>
 *   <li>{@code HAILONG_TEMPLATES_DIR}: {@code TemplateStartupIT} starts the app with a folder of
 *       questionnaire files (a valid new file is more than this test should carry).</li>
 *   <li>{@code HAILONG_DB_PASSWORD}, {@code HAILONG_DB_ROOT_PASSWORD}: read by the compose file only
 *       (the database container and {@code DATASOURCES_DEFAULT_PASSWORD}), never by the app.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnvironmentSettingsIT {

    static final String SUFFIX = "env";
    static final String DB_USER = "hailong_env";
    static final String DB_PASSWORD = "env-settings-db-password-1";
    static final String SECRET = "environment-settings-it-secret-0123456789-abcdefgh";
    static final String DOSSIER_KEY = "environment-settings-dossier-key-0123456789";
    static final String AUDIT_KEY = "environment-settings-audit-key-0123456789-xyz";
    static final String PASSWORD = "environment-admin-password";
    static final String PUBLIC_URL = "https://khaosat.env.example.gov.vn";
    static final int POOL = 7;
    static final int TTL = 1234;

    AppProcess app;
    RawHttp http;
    String url;
    int port;

    @BeforeAll
    void start() throws Exception {
        url = TestDatabase.sibling(SUFFIX);
        String database = url.replaceAll(".*/([^/?]+)(\\?.*)?$", "$1");
        try (Connection root = DriverManager.getConnection(TestDatabase.url(), TestDatabase.username(), TestDatabase.password());
             Statement s = root.createStatement()) {
            for (String host : List.of("%", "localhost", "127.0.0.1")) {
                s.execute("CREATE USER IF NOT EXISTS '" + DB_USER + "'@'" + host + "' IDENTIFIED BY '" + DB_PASSWORD + "'");
                s.execute("GRANT ALL PRIVILEGES ON `" + database + "`.* TO '" + DB_USER + "'@'" + host + "'");
            }
        }

        port = freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        env.put("DATASOURCES_DEFAULT_URL", url);
        env.put("DATASOURCES_DEFAULT_USERNAME", DB_USER);
        env.put("DATASOURCES_DEFAULT_PASSWORD", DB_PASSWORD);
        env.put("HAILONG_DB_POOL_SIZE", Integer.toString(POOL));
        env.put("HAILONG_ADMIN_USERNAME", "envadmin");
        env.put("HAILONG_ADMIN_PASSWORD", PASSWORD);
        env.put("HAILONG_JWT_SECRET", SECRET);
        env.put("HAILONG_DOSSIER_KEY", DOSSIER_KEY);
        env.put("HAILONG_AUDIT_KEY", AUDIT_KEY);
        env.put("HAILONG_PUBLIC_URL", PUBLIC_URL);
        env.put("HAILONG_TOKEN_TTL_SECONDS", Integer.toString(TTL));
        env.put("HAILONG_LOG_FORMAT", "json");
        env.put("LOGGER_LEVELS_HAILONG_ACCESS", "WARN");
        env.put("HAILONG_HTTPS", "true");
        env.put("HAILONG_MAX_REQUEST_SIZE", "64KB");
        env.put("HAILONG_READ_IDLE_TIMEOUT", "3s");
        env.put("HAILONG_HEADER_TIMEOUT", "2s");
        env.put("HAILONG_REQUEST_READ_TIMEOUT", "5s");
        env.put("HAILONG_LIMITS_LOGIN_ENABLED", "true");
        env.put("HAILONG_LIMITS_LOGIN_MAX_FAILURES_PER_ACCOUNT", "2");
        env.put("HAILONG_MINIMUM_SAMPLE", "3");
        env.put("HAILONG_DEFAULT_SURVEY", "sipas-2023");
        env.put("HAILONG_KIOSK_IDLE_SECONDS", "47");
        env.put("HAILONG_KIOSK_THANKS_SECONDS", "9");
        env.put("HAILONG_KIOSK_HEARTBEAT_SECONDS", "33");
        app = AppProcess.startWithEnvironment(env);
        http = new RawHttp(port);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            TestDatabase.dropSibling(SUFFIX);
            try (Connection root = DriverManager.getConnection(TestDatabase.url(), TestDatabase.username(), TestDatabase.password());
                 Statement s = root.createStatement()) {
                for (String host : List.of("%", "localhost", "127.0.0.1")) {
                    s.execute("DROP USER IF EXISTS '" + DB_USER + "'@'" + host + "'");
                }
            }
        }
    }

    @Test
    void portDatasourceAndPool() throws Exception {
        // MICRONAUT_SERVER_PORT: the app answers on the port given (AppProcess passes nothing else)
        assertThat(http.get("/health/liveness").statusCode()).isEqualTo(200);
        // DATASOURCES_DEFAULT_URL / _USERNAME / _PASSWORD: the schema and the first admin are in that
        // database, and the server sees the pool's connections under that user; HAILONG_DB_POOL_SIZE:
        // the pool's maximum (and its idle connections, Hikari keeps the pool full)
        assertThat(count("SELECT COUNT(*) FROM account WHERE username = 'envadmin'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '" + DB_USER + "'"))
                .as("connections of %s", DB_USER).isBetween(1L, (long) POOL);
        assertThat(app.metric("hikaricp_connections_max")).as("HAILONG_DB_POOL_SIZE").isEqualTo(POOL);
    }

    @Test
    void jwtSecretAdminAndTokenLifetime() throws Exception {
        // HAILONG_ADMIN_USERNAME / _PASSWORD: the first admin logs in
        String token = TwoJarsSessionIT.apiLogin(http, "envadmin", PASSWORD);
        // HAILONG_JWT_SECRET: the token's HS256 signature, computed here with the secret
        String[] parts = token.split("\\.");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal((parts[0] + "." + parts[1])
                .getBytes(StandardCharsets.US_ASCII)))).isEqualTo(parts[2]);
        // HAILONG_TOKEN_TTL_SECONDS: exp - iat
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(number(claims, "exp") - number(claims, "iat")).as(claims).isEqualTo(TTL);
    }

    @Test
    void dossierKeyAndAuditKey() throws Exception {
        String admin = TwoJarsSessionIT.apiLogin(http, "envadmin", PASSWORD);
        http.post("/api/v1/agencies", "application/json", "{\"code\":\"EV\",\"nameVi\":\"EV\",\"nameEn\":\"EV\",\"kind\":\"PROVINCE\",\"parent\":null}",
                "Authorization", "Bearer " + admin);
        // HAILONG_DOSSIER_KEY: the stored hash is HMAC-SHA256(key, code as normalised), computed here
        String id = UUID.randomUUID().toString();
        HttpResponse<String> stored = http.post("/api/v1/responses", "application/json", "{\"id\":\"" + id
                + "\",\"survey\":\"sipas-2017\",\"agency\":\"EV\",\"channel\":\"paper\",\"language\":\"vi\",\"dossier\":\"hs-env-1\","
                + "\"answers\":{\"E1.1\":4}}", "Authorization", "Bearer " + admin);
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
        assertThat(text("SELECT dossier_hash FROM response WHERE id = '" + id + "'")).isEqualTo(hmacHex(DOSSIER_KEY, "HS-ENV-1"));

        // HAILONG_AUDIT_KEY: every row of the audit chain verifies with the key (canonical form of audit.AuditChain)
        TwoJarsSessionIT.PageSession page = TwoJarsSessionIT.pageLogin(http, "envadmin", PASSWORD);
        HttpResponse<String> created = http.post("/admin/agencies", "application/x-www-form-urlencoded", "_csrf="
                + TwoJarsSessionIT.enc(TwoJarsSessionIT.formToken(http, page, "/admin/agencies"))
                + "&code=EV2&nameVi=EV2&nameEn=EV2&kind=PROVINCE", "Cookie", page.cookies());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        int rows = 0;
        try (Connection c = connect(); ResultSet r = c.createStatement().executeQuery(
                "SELECT seq, at, actor, actor_role, actor_agency_id, action, target, details, prev_hash, hash FROM audit_log ORDER BY seq")) {
            String previous = "0".repeat(64);
            while (r.next()) {
                rows++;
                StringBuilder canonical = new StringBuilder();
                field(canonical, Long.toString(r.getLong(1)));
                field(canonical, r.getObject(2, LocalDateTime.class).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")));
                for (int column = 3; column <= 9; column++) {
                    field(canonical, r.getString(column));
                }
                assertThat(r.getString(9)).as("row %d links to the previous", r.getLong(1)).isEqualTo(previous);
                assertThat(r.getString(10)).as("row %d's HMAC with HAILONG_AUDIT_KEY", r.getLong(1))
                        .isEqualTo(hmacHex(AUDIT_KEY, canonical.toString()));
                previous = r.getString(10);
            }
        }
        assertThat(rows).as("audit rows").isPositive();
    }

    @Test
    void publicUrlHttpsAndKioskTimings() {
        String admin = TwoJarsSessionIT.apiLogin(http, "envadmin", PASSWORD);
        http.post("/api/v1/agencies", "application/json", "{\"code\":\"EQ\",\"nameVi\":\"EQ\",\"nameEn\":\"EQ\",\"kind\":\"PROVINCE\",\"parent\":null}",
                "Authorization", "Bearer " + admin);
        // HAILONG_PUBLIC_URL: the poster's link, whatever Host the request names
        HttpResponse<String> poster = http.get("/qr/EQ/sipas-2017", "Authorization", "Bearer " + admin);
        assertThat(poster.statusCode()).isEqualTo(200);
        assertThat(poster.body()).contains(PUBLIC_URL + "/s/EQ/sipas-2017");
        // HAILONG_HTTPS=true: Secure cookies and HSTS although this request is plain HTTP
        HttpResponse<String> login = http.get("/login");
        assertThat(login.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("HAILONG_CSRF=") && c.contains("Secure"));
        assertThat(login.headers().firstValue("Strict-Transport-Security")).isPresent();
        // HAILONG_KIOSK_IDLE_SECONDS / _THANKS_SECONDS / _HEARTBEAT_SECONDS: on the kiosk page
        HttpResponse<String> kiosk = http.get("/kiosk");
        assertThat(kiosk.body()).contains("data-idle=\"47\"").contains("data-thanks=\"9\"").contains("data-heartbeat=\"33\"");
    }

    @Test
    void reportDefaults() {
        String admin = TwoJarsSessionIT.apiLogin(http, "envadmin", PASSWORD);
        http.post("/api/v1/agencies", "application/json", "{\"code\":\"ES\",\"nameVi\":\"ES\",\"nameEn\":\"ES\",\"kind\":\"PROVINCE\",\"parent\":null}",
                "Authorization", "Bearer " + admin);
        // HAILONG_MINIMUM_SAMPLE=3: three responses are a sufficient sample (with the default 30 they are not)
        for (int i = 0; i < 3; i++) {
            assertThat(http.post("/api/v1/responses", "application/json", "{\"id\":\"" + UUID.randomUUID()
                    + "\",\"survey\":\"sipas-2017\",\"agency\":\"ES\",\"channel\":\"paper\",\"language\":\"vi\","
                    + "\"answers\":{\"E1.1\":4}}", "Authorization", "Bearer " + admin).statusCode()).isEqualTo(201);
        }
        HttpResponse<String> report = http.get("/api/v1/reports/satisfaction?agency=ES&survey=sipas-2017", "Authorization", "Bearer " + admin);
        assertThat(report.body()).as(report.body()).containsPattern("\"sufficientSample\"\\s*:\\s*true");
        // HAILONG_DEFAULT_SURVEY=sipas-2023: the report page opens with it
        TwoJarsSessionIT.PageSession page = TwoJarsSessionIT.pageLogin(http, "envadmin", PASSWORD);
        HttpResponse<String> dashboard = http.get("/reports", "Cookie", page.cookies());
        assertThat(dashboard.body()).containsPattern("<option value=\"sipas-2023\" selected");
    }

    @Test
    void limitsAndTimeouts() throws Exception {
        // HAILONG_MAX_REQUEST_SIZE=64KB: 413 above, judged on content below
        assertThat(http.post("/api/v1/login", "application/json", "{\"username\":\"" + "x".repeat(70_000) + "\"}").statusCode()).isEqualTo(413);
        assertThat(http.post("/api/v1/login", "application/json", "{\"username\":\"" + "x".repeat(60_000) + "\",\"password\":\"p\"}")
                .statusCode()).isNotEqualTo(413);
        // HAILONG_LIMITS_LOGIN_MAX_FAILURES_PER_ACCOUNT=2: the third guess is not checked
        assertThat(TwoJarsSessionIT.apiLoginStatus(http, "nobody-env", "a")).isEqualTo(401);
        assertThat(TwoJarsSessionIT.apiLoginStatus(http, "nobody-env", "b")).isEqualTo(401);
        assertThat(TwoJarsSessionIT.apiLoginStatus(http, "nobody-env", "c")).isEqualTo(429);
        // HAILONG_READ_IDLE_TIMEOUT=3s: an idle connection; HAILONG_HEADER_TIMEOUT=2s: one header line a
        // second; HAILONG_REQUEST_READ_TIMEOUT=5s: a body of one byte a second (never idle for 3 s)
        assertThat(secondsUntilClosed(new byte[0], null)).isBetween(2.5, 5.0);
        assertThat(secondsUntilClosed("GET /health/liveness HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII), "X-Slow: 1\r\n"))
                .isBetween(1.5, 3.5);
        assertThat(secondsUntilClosed(("POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 500\r\n\r\n").getBytes(StandardCharsets.US_ASCII), " ")).isBetween(4.5, 7.0);
    }

    @Test
    void logFormatAndAccessLogLevel() {
        http.get("/login");
        // HAILONG_LOG_FORMAT=json: every line the app printed is one JSON object; LOGGER_LEVELS_HAILONG_ACCESS=WARN:
        // no access line (the requests of this class would each have written one)
        List<String> lines = app.logTail().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).isNotEmpty().allMatch(l -> l.startsWith("{") && l.endsWith("}") && l.contains("\"formattedMessage\""));
        assertThat(lines).noneMatch(l -> l.contains("\"loggerName\":\"hailong.access\""));
    }

    @Test
    void dataDirHoldsTheEmbeddedDatabaseWhenNoDatasourceIsSet() throws Exception {
        Path data = Files.createTempDirectory("hailong-data-dir-");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HAILONG_DATA_DIR", data.toString());
        env.put("HAILONG_JWT_SECRET", SECRET);
        try (AppProcess embedded = AppProcess.startWithEnvironment(env)) {
            // HAILONG_DATA_DIR: the H2 file is exactly there (a nested placeholder once made it "<dir>}")
            try (var files = Files.list(data)) {
                assertThat(files.map(p -> p.getFileName().toString()).toList()).contains("hailong.mv.db");
            }
            assertThat(embedded.status("/health/readiness")).isEqualTo(200);
        } finally {
            deleteTree(data);
        }
    }

    // --- helpers ---

    /** Sends {@code start}, then {@code every} once a second; seconds until the server closes the connection. */
    double secondsUntilClosed(byte[] start, String every) throws IOException {
        long started = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(start);
            socket.setSoTimeout(1000);
            while (seconds(started) < 30) {
                try {
                    if (in.read() < 0) {
                        return seconds(started);
                    }
                } catch (SocketTimeoutException open) {
                    if (every != null) {
                        out.write(every.getBytes(StandardCharsets.US_ASCII));
                    }
                }
            }
        } catch (IOException closed) {
            return seconds(started);
        }
        return seconds(started);
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void deleteTree(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    static long number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
        assertThat(m.find()).as("%s in %s", name, json).isTrue();
        return Long.parseLong(m.group(1));
    }

    static void field(StringBuilder text, String value) {
        if (value == null) {
            text.append("-\n");
        } else {
            text.append(value.length()).append(':').append(value).append('\n');
        }
    }

    static String hmacHex(String key, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, TestDatabase.username(), TestDatabase.password());
    }

    long count(String sql) throws SQLException {
        try (Connection c = connect(); ResultSet r = c.createStatement().executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    String text(String sql) throws SQLException {
        try (Connection c = connect(); ResultSet r = c.createStatement().executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
