package vn.hailong.security;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.RawHttp;
import vn.hailong.support.Rows;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * More than a thousand generated malformed requests to the public entry points (responses API,
 * batch, questionnaire form, login page and API, kiosk set-up's token check, public GET pages):
 * broken JSON, wrong types, huge strings and bodies, unknown codes, injection strings, odd
 * Unicode and invalid UTF-8, bad headers. Not one may get a 5xx, none may carry a stack trace or
 * SQL, and the database must be exactly as before (a checksum of every table; login_counter is
 * left out: counting failed logins is its job).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedInputIT implements DatabaseTest {

    static final String JSON = "application/json";
    static final String FORM = "application/x-www-form-urlencoded";
    static final String PAGE = "/s/HN-01/sipas-2017";
    /**
     * Every generated submission also carries this criterion out of its 1-5 range, so that none of
     * them is valid by accident (an odd but acceptable dossier code, a null optional field): each
     * request is malformed, and the fault under test still passes through parsing and reading.
     */
    static final String INVALID_CODE = "E4.3";

    static final List<String> NASTY = List.of(
            "' OR '1'='1", "'; DROP TABLE response; --", "\" OR \"\"=\"", "1; SELECT SLEEP(5)", "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>", "${7*7}", "#{7*7}", "{{7*7}}", "__${T(java.lang.Runtime).getRuntime()}__",
            "../../../../etc/passwd", "..\\..\\windows\\win.ini", "%00", "\u0000", "\u202Egnp.exe", "\u200B\u200B",
            "ＨＮ－０１", "H\u0301N", "😀😀😀", "\uD83D", "\uDFFF", "\\u0000", "null", "undefined", "NaN", "-1", "1e309",
            "9".repeat(400), "a".repeat(70_000), "Ｅ１．１", "E1.1\n", " E1.1", "E1.1;", "*", "%", "_", "\r\nX-Injected: 1",
            "<!--", "]]>", "\\", "/", "", " ");

    @Inject
    EmbeddedServer server;

    /** Submissions' rollup deltas are folded in the background: fold them before each snapshot. */
    @Inject
    vn.hailong.tally.RollupFolder folder;

    RawHttp http;
    String kiosk;
    String[] csrf;
    final Random random = new Random(20261122L);

    @BeforeAll
    void setUp() {
        http = new RawHttp(server.getPort());
        String admin = RawHttp.field(http.post("/api/v1/login", JSON, "{\"username\":\"" + ADMIN + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}").body(),
                "accessToken");
        http.post("/api/v1/agencies", JSON, "{\"code\":\"HN\",\"nameVi\":\"HN\",\"nameEn\":\"HN\",\"kind\":\"PROVINCE\",\"parent\":null}",
                "Authorization", "Bearer " + admin);
        http.post("/api/v1/agencies", JSON, "{\"code\":\"HN-01\",\"nameVi\":\"X\",\"nameEn\":\"X\",\"kind\":\"COMMUNE\",\"parent\":\"HN\"}",
                "Authorization", "Bearer " + admin);
        kiosk = RawHttp.field(http.post("/api/v1/kiosks", JSON, "{\"agency\":\"HN-01\",\"label\":\"K\"}", "Authorization", "Bearer " + admin).body(),
                "token");
        // Some valid data, so that "nothing changed" is checked against more than empty tables.
        for (int i = 0; i < 5; i++) {
            String good = valid(UUID.randomUUID().toString()).replace(",\"" + INVALID_CODE + "\":9", "");
            assertThat(http.post("/api/v1/responses", JSON, good).statusCode()).isEqualTo(201);
        }
        csrf = http.csrf(PAGE);
    }

    @Test
    void aThousandMalformedRequestsGetNo5xxAndChangeNothing() throws Exception {
        List<Supplier<HttpRequest.Builder>> requests = new ArrayList<>();
        addJsonBodies(requests);
        addWrongTypes(requests);
        addNastyValues(requests);
        addForms(requests);
        addHeaders(requests);
        addHugeBodies(requests);
        assertThat(requests.size()).isGreaterThanOrEqualTo(1000);

        folder.foldAll();
        Map<String, String> before = checksums();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Supplier<HttpRequest.Builder> request : requests) {
            HttpRequest built = request.get().build();
            HttpResponse<String> response;
            try {
                response = http.send(request.get());
            } catch (RuntimeException e) {
                failures.add(built.method() + " " + built.uri().getRawPath() + ": connection failed " + e);
                continue;
            }
            statuses.merge(response.statusCode(), 1, Integer::sum);
            String body = response.body();
            if (response.statusCode() >= 500 || body.contains("Exception") || body.contains("SQLState") || body.contains("\tat ")
                    || body.toLowerCase(java.util.Locale.ROOT).contains("syntax error")) {
                failures.add(built.method() + " " + built.uri().getRawPath() + " → " + response.statusCode() + " "
                        + body.substring(0, Math.min(200, body.length())));
            }
        }
        System.out.println("MalformedInputIT: " + requests.size() + " requests, statuses " + statuses);
        assertThat(failures).as("server errors, failed connections or leaked details").isEmpty();
        folder.foldAll(); // a delta a malformed request had stored would show in the rollup rows
        assertThat(checksums()).as("no row stored or changed").isEqualTo(before);
        assertThat(statuses.keySet()).allMatch(status -> status >= 200 && status < 500);
    }

    // --- generators ---

    private void addJsonBodies(List<Supplier<HttpRequest.Builder>> out) {
        String valid = valid("{id}");
        for (int cut = 1; cut < valid.length(); cut += 3) {           // truncated at every third character
            String broken = valid.substring(0, cut).replace("{id}", UUID.randomUUID().toString());
            out.add(() -> json("/api/v1/responses", broken, null));
        }
        for (String body : List.of("", "{", "}", "[]", "[", "null", "true", "42", "\"text\"", "{\"id\":}", "{,}", "{\"a\" \"b\"}",
                "{'id':'single quotes'}", "{\"id\":\"x\",}", "\uFEFF{}", "{\"answers\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
                "{\"responses\":" + "[".repeat(3000) + "}", "{\"id\":\"" + UUID.randomUUID() + "\",\"id\":\"dup\"}")) {
            out.add(() -> json("/api/v1/responses", body, null));
            out.add(() -> json("/api/v1/responses:batch", body, null));
            out.add(() -> json("/api/v1/responses", body, kiosk));
            out.add(() -> json("/api/v1/login", body, null));
        }
        for (int i = 0; i < 60; i++) {                                 // random bytes as JSON
            byte[] bytes = new byte[1 + random.nextInt(300)];
            random.nextBytes(bytes);
            out.add(() -> HttpRequest.newBuilder().uri(uri("/api/v1/responses")).header("Content-Type", JSON)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        }
        // invalid UTF-8 inside a string
        byte[] invalid = valid(UUID.randomUUID().toString()).replace("\"comment\":\"ok\"", "\"comment\":\"XX\"").getBytes(StandardCharsets.UTF_8);
        String text = new String(invalid, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("XX");
        invalid[at] = (byte) 0xC3;
        invalid[at + 1] = (byte) 0x28;
        out.add(() -> HttpRequest.newBuilder().uri(uri("/api/v1/responses")).header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(invalid)));
    }

    private void addWrongTypes(List<Supplier<HttpRequest.Builder>> out) {
        List<String> fields = List.of("id", "survey", "surveyVersion", "agency", "channel", "language", "startedAt", "submittedAt", "dossier", "answers");
        List<String> values = List.of("null", "1", "-1", "1.5", "true", "\"\"", "[]", "{}", "[1,2]", "{\"a\":1}", "\"2026-13-45T99:99:99Z\"",
                "99999999999999999999", "\"" + "x".repeat(5000) + "\"");
        for (String field : fields) {
            for (String value : values) {
                Map<String, String> body = validFields(UUID.randomUUID().toString());
                body.put(field, value);
                if (field.equals("answers")) {
                    // "answers": null or {} is a valid empty response: keep the request malformed another way.
                    body.put("agency", "\"NO-SUCH-AGENCY\"");
                }
                String json = object(body);
                out.add(() -> json("/api/v1/responses", json, null));
            }
        }
        List<String> answerValues = List.of("0", "6", "-3", "2.5", "\"5\"", "\"five\"", "true", "[5]", "{\"v\":5}", "1e3", "\"E9\"",
                "[\"E1\",\"E1\",\"E1\",\"E1\",\"E1\",\"E1\",\"E1\"]", "\"" + "c".repeat(4001) + "\"");
        for (String code : List.of("E1.1", "E5.4", "overall", "improve", "comment", "E9.9", "", "unknown")) {
            for (String value : answerValues) {
                Map<String, String> body = validFields(UUID.randomUUID().toString());
                body.put("answers", "{\"" + code + "\":" + value + ",\"" + INVALID_CODE + "\":9}");
                String json = object(body);
                out.add(() -> json("/api/v1/responses", json, null));
                out.add(() -> json("/api/v1/responses:batch", "{\"responses\":[" + json + "]}", null));
            }
        }
        // channels the caller may not use, batches of the wrong shape
        for (String channel : List.of("kiosk", "paper", "portal", "KIOSK", "sms", "")) {
            Map<String, String> body = validFields(UUID.randomUUID().toString());
            body.put("channel", "\"" + channel + "\"");
            String json = object(body);
            out.add(() -> json("/api/v1/responses", json, null));
        }
        for (String batch : List.of("{\"responses\":{}}", "{\"responses\":\"x\"}", "{\"responses\":[1,2,3]}", "{\"responses\":[null]}",
                "{\"responses\":[[]]}", "{\"responses\":[" + String.join(",", java.util.Collections.nCopies(501, "{}")) + "]}")) {
            out.add(() -> json("/api/v1/responses:batch", batch, null));
            out.add(() -> json("/api/v1/responses:batch", batch, kiosk));
        }
    }

    private void addNastyValues(List<Supplier<HttpRequest.Builder>> out) {
        for (String nasty : NASTY) {
            String quoted = quote(nasty);
            for (String field : List.of("id", "survey", "agency", "channel", "language", "dossier", "startedAt")) {
                Map<String, String> body = validFields(UUID.randomUUID().toString());
                body.put(field, quoted);
                String json = object(body);
                out.add(() -> json("/api/v1/responses", json, null));
            }
            Map<String, String> body = validFields(UUID.randomUUID().toString());
            body.put("answers", "{" + quoted + ":5,\"" + INVALID_CODE + "\":9}");
            String json = object(body);
            out.add(() -> json("/api/v1/responses", json, null));
            out.add(() -> json("/api/v1/login", "{\"username\":" + quoted + ",\"password\":" + quoted + "}", null));
            String enc = URLEncoder.encode(nasty, StandardCharsets.UTF_8);
            out.add(() -> get("/s/" + enc + "/sipas-2017"));
            out.add(() -> get("/s/HN-01/" + enc));
            out.add(() -> get(PAGE + "?d=" + enc + "&lang=" + enc));
            out.add(() -> get("/qr/HN-01/sipas-2017.png?d=" + enc));
            out.add(() -> get("/api/v1/surveys/" + enc));
            out.add(() -> get("/login?next=" + enc));
            out.add(() -> get("/api/v1/kiosk/me", "Authorization", "Bearer " + "hk_" + nasty.replaceAll("[^\\x21-\\x7e]", "")));
        }
    }

    private void addForms(List<Supplier<HttpRequest.Builder>> out) {
        String token = "_csrf=" + csrf[1];
        List<String> forms = new ArrayList<>(List.of("", "=", "&&&", "%", "%zz", "a.E1.1=%", "a.E1.1=%ZZ%", "id=&version=",
                "version=abc", "version=99999999999", "version=-1", "a.E1.1=9&a.E1.1=1", "a.=5", "a.E1.1=" + "5".repeat(1000),
                "a.comment=" + "x".repeat(50_000), "startedAt=yesterday", "dossier=" + "D".repeat(500), "id=not-a-uuid",
                "a.improve=E1&a.improve=E1&a.improve=E1&a.improve=E1&a.improve=E1&a.improve=E9"));
        for (String nasty : NASTY) {
            String enc = URLEncoder.encode(nasty, StandardCharsets.UTF_8);
            forms.add("a.E1.1=" + enc);
            forms.add("id=" + enc + "&a.E1.1=4");
            forms.add("a." + enc + "=4");
            forms.add("dossier=" + enc + "&a.E1.1=4");
        }
        for (String bare : forms) {
            String form = bare.isEmpty() ? "a." + INVALID_CODE + "=9" : bare + "&a." + INVALID_CODE + "=9";
            String withToken = form + "&" + token;
            out.add(() -> formPost(PAGE + "?lang=vi", withToken));
            out.add(() -> formPost("/login", withToken.replace("a.", "username=") + "&password=x"));
            out.add(() -> formPost(PAGE, form));                       // no CSRF token at all
        }
    }

    private void addHeaders(List<Supplier<HttpRequest.Builder>> out) {
        String body = valid(UUID.randomUUID().toString());
        for (String type : List.of("text/plain", "application/xml", "application/json; charset=utf-16", "application/json; charset=nonsense",
                "multipart/form-data", "multipart/form-data; boundary=", "application/x-www-form-urlencoded", "*/*", "application/json;;;",
                "applicat\u00ffion/json")) {
            out.add(() -> HttpRequest.newBuilder().uri(uri("/api/v1/responses")).header("Content-Type", type.replaceAll("[^\\x20-\\x7e]", "?"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            out.add(() -> HttpRequest.newBuilder().uri(uri(PAGE)).header("Content-Type", type.replaceAll("[^\\x20-\\x7e]", "?"))
                    .header("Cookie", csrf[0]).POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf[1] + "&a.E1.1=4&a." + INVALID_CODE + "=9")));
        }
        for (String auth : List.of("Bearer", "Bearer ", "Bearer hk_", "Bearer hk_" + "0".repeat(64), "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.",
                "Bearer a.b.c", "Basic YWRtaW46YWRtaW4=", "Negotiate abc", "bearer " + "x".repeat(5000), "Bearer " + kiosk + "x")) {
            out.add(() -> json("/api/v1/responses", body.replace("\"web\"", "\"kiosk\""), null).header("Authorization", auth));
            out.add(() -> get("/api/v1/kiosk/me", "Authorization", auth));
            out.add(() -> get("/reports", "Authorization", auth));
        }
        for (String cookie : List.of("HAILONG_SESSION=garbage", "HAILONG_SESSION=", "HAILONG_CSRF=" + "x".repeat(43), "hailong_lang=xx; HAILONG_SESSION=a.b.c",
                "HAILONG_SESSION=eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsInJvbGVzIjpbIkFETUlOIl19.")) {
            out.add(() -> get("/reports", "Cookie", cookie));
            out.add(() -> HttpRequest.newBuilder().uri(uri("/logout")).header("Cookie", cookie).header("Content-Type", FORM)
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf[1])));
        }
        for (String lang : List.of("xx", "vi-VN;q=abc", "*;q=0", ",,,", "en-US,en;q=0.9,vi;q=" + "9".repeat(100))) {
            out.add(() -> get(PAGE, "Accept-Language", lang));
        }
        for (String accept : List.of("application/xml", "text/csv", "image/png", "nonsense", "*/*;q=x")) {
            out.add(() -> json("/api/v1/responses", "{}", null).header("Accept", accept));
            out.add(() -> get("/api/v1/surveys/sipas-2017", "Accept", accept));
        }
        out.add(() -> get("/", "X-Forwarded-For", "1.2.3.4, <script>", "X-Forwarded-Host", "evil.example"));
        out.add(() -> get("/", "Big", "x".repeat(20_000)));
    }

    private void addHugeBodies(List<Supplier<HttpRequest.Builder>> out) {
        Map<String, String> body = validFields(UUID.randomUUID().toString());
        body.put("answers", "{\"comment\":\"" + "x".repeat(1_000_000) + "\",\"" + INVALID_CODE + "\":9}");
        String oneMb = object(body);
        out.add(() -> json("/api/v1/responses", oneMb, null));
        String fiveMb = "{\"responses\":[" + "{\"id\":\"" + "y".repeat(5 * 1024 * 1024) + "\"}]}";
        out.add(() -> json("/api/v1/responses:batch", fiveMb, null));
        out.add(() -> formPost(PAGE, "_csrf=" + csrf[1] + "&a.comment=" + "z".repeat(5 * 1024 * 1024)));
        String many = "{\"responses\":[" + String.join(",", java.util.Collections.nCopies(500, valid("00000000-0000-0000-0000-000000000000")
                .replace("\"E1.1\":4", "\"E1.1\":44"))) + "]}";
        out.add(() -> json("/api/v1/responses:batch", many, null));
    }

    // --- building blocks ---

    private static String valid(String id) {
        return object(validFields(id));
    }

    private static Map<String, String> validFields(String id) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("id", "\"" + id + "\"");
        body.put("survey", "\"sipas-2017\"");
        body.put("agency", "\"HN-01\"");
        body.put("channel", "\"web\"");
        body.put("language", "\"vi\"");
        body.put("answers", "{\"E1.1\":4,\"" + INVALID_CODE + "\":9,\"comment\":\"ok\"}");
        return body;
    }

    private static String object(Map<String, String> fields) {
        List<String> parts = new ArrayList<>();
        fields.forEach((k, v) -> parts.add("\"" + k + "\":" + v));
        return "{" + String.join(",", parts) + "}";
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private HttpRequest.Builder json(String path, String body, String token) {
        HttpRequest.Builder r = HttpRequest.newBuilder().uri(uri(path)).timeout(java.time.Duration.ofSeconds(60))
                .header("Content-Type", JSON).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return r;
    }

    private HttpRequest.Builder formPost(String path, String body) {
        return HttpRequest.newBuilder().uri(uri(path)).timeout(java.time.Duration.ofSeconds(60)).header("Content-Type", FORM)
                .header("Cookie", csrf[0]).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder get(String path, String... headers) {
        HttpRequest.Builder r = HttpRequest.newBuilder().uri(uri(path)).timeout(java.time.Duration.ofSeconds(60)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return r;
    }

    private java.net.URI uri(String path) {
        return java.net.URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    /**
     * CHECKSUM TABLE of every table of the schema (login_counter and the audit log aside: malformed
     * logins are failed logins, which are counted and audited by design; of the outbox only the events
     * themselves, not their delivery state): equal maps mean nothing changed.
     */
    private static Map<String, String> checksums() throws SQLException {
        Map<String, String> sums = new TreeMap<>();
        try (Connection c = Rows.connect(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                if (table.equalsIgnoreCase("login_counter") || table.equalsIgnoreCase("audit_log")
                        || table.equalsIgnoreCase("audit_chain_head")) {
                    continue;
                }
                if (table.equalsIgnoreCase("outbox_event")) {
                    // The dispatcher marks earlier events delivered in the background (its bookkeeping
                    // columns change by design): what must not change is which events exist.
                    try (ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('/', id, event_id, kind, "
                            + "agency_id, subject, payload, created_at))), 0) FROM outbox_event")) {
                        rs.next();
                        sums.put(table, rs.getString(2) + "/" + rs.getLong(1));
                    }
                    continue;
                }
                try (ResultSet rs = s.executeQuery("CHECKSUM TABLE `" + table + "`")) {
                    rs.next();
                    sums.put(table, rs.getString(2) + "/" + Rows.count("SELECT COUNT(*) FROM `" + table + "`"));
                }
            }
        }
        return sums;
    }
}
