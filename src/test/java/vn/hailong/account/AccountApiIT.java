package vn.hailong.account;

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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Staff accounts, logins and kiosk enrolment through the public API. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountApiIT implements DatabaseTest {

    static final String REPORT = "/api/v1/reports/satisfaction?survey=sipas-2017&agency=";

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
        api.agency(admin, "HP", null);
        api.agency(admin, "HP-01", "HP");
        api.agency(admin, "HP-02", "HP");
    }

    private static Map<String, Object> account(String username, String password, String role, String agency) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", password);
        body.put("role", role);
        body.put("agency", agency);
        return body;
    }

    // --- accounts ---

    @Test
    void adminCreatesAReviewerWhoCanLogInAndReadReportsOfItsAgency() {
        Api.Reply reply = api.post("/api/v1/accounts", account("reviewer.hp01", "a-long-password", "REVIEWER", "HP-01"), admin);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.text("username")).isEqualTo("reviewer.hp01");
        assertThat(reply.text("role")).isEqualTo("REVIEWER");
        assertThat(reply.text("agency")).isEqualTo("HP-01");
        assertThat(reply.body()).doesNotContain("a-long-password").doesNotContain("password");

        String token = api.login("reviewer.hp01", "a-long-password");
        assertThat(token).isNotBlank();
        Api.Reply own = api.get(REPORT + "HP-01", token);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get("agency").get("code").getStringValue()).isEqualTo("HP-01");
        assertThat(api.get(REPORT + "HP", token).status()).isEqualTo(403);
        assertThat(api.get(REPORT + "HP-02", token).status()).isEqualTo(403);
        // still a reviewer: no administration
        assertThat(api.post("/api/v1/accounts", account("made-by-reviewer", "a-long-password", "ADMIN", null), token).status())
                .isEqualTo(403);
        assertThat(Rows.count("SELECT COUNT(*) FROM account WHERE username = 'made-by-reviewer'")).isZero();
    }

    @Test
    void reviewerOfAParentReadsReportsOfItsSubAgencies() {
        String token = api.reviewer(admin, "reviewer.hp", "HP");

        assertThat(api.get(REPORT + "HP", token).status()).isEqualTo(200);
        assertThat(api.get(REPORT + "HP-02", token).status()).isEqualTo(200);
    }

    @Test
    void duplicateUsernameIsAConflict() {
        assertThat(api.post("/api/v1/accounts", account("taken.name", "first-password", "REVIEWER", "HP-01"), admin).status())
                .isEqualTo(201);
        String hashBefore = Rows.text("SELECT password_hash FROM account WHERE username = 'taken.name'");

        Api.Reply reply = api.post("/api/v1/accounts", account("taken.name", "second-password", "REVIEWER", "HP-02"), admin);

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.response().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
        assertThat(fields(reply)).containsExactly("username");
        assertThat(Rows.count("SELECT COUNT(*) FROM account WHERE username = 'taken.name'")).isEqualTo(1);
        assertThat(Rows.text("SELECT password_hash FROM account WHERE username = 'taken.name'")).isEqualTo(hashBefore);
        api.login("taken.name", "first-password");
    }

    @Test
    void concurrentCreationsOfOneUsernameStoreOneAccountAndTheRestAreConflicts() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return api.post("/api/v1/accounts", account("race.name", "long-enough-password", "REVIEWER", "HP-01"), admin).status();
                }));
            }
            start.countDown();
            for (Future<Integer> future : futures) {
                statuses.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
        assertThat(Rows.count("SELECT COUNT(*) FROM account WHERE username = 'race.name'")).isEqualTo(1);
    }

    @Test
    void badRoleAndShortPasswordAreEachNamed() {
        long before = Rows.count("SELECT COUNT(*) FROM account");

        Api.Reply reply = api.post("/api/v1/accounts", account("bad.input", "short", "SUPERUSER", "HP-01"), admin);

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.response().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
        assertThat(fields(reply)).containsExactlyInAnyOrder("role", "password");

        Api.Reply username = api.post("/api/v1/accounts", account("x y", "long-enough-password", "reviewer", "HP-01"), admin);
        assertThat(username.status()).isEqualTo(422);
        assertThat(fields(username)).containsExactlyInAnyOrder("username", "role");
        assertThat(Rows.count("SELECT COUNT(*) FROM account")).isEqualTo(before);
    }

    @Test
    void reviewerWithoutAgencyIsRefused() {
        long before = Rows.count("SELECT COUNT(*) FROM account");

        Api.Reply reply = api.post("/api/v1/accounts", account("reviewer.nowhere", "long-enough-password", "REVIEWER", null), admin);

        assertThat(reply.status()).isEqualTo(422);
        assertThat(fields(reply)).containsExactly("agency");
        assertThat(Rows.count("SELECT COUNT(*) FROM account")).isEqualTo(before);
    }

    @Test
    void unknownAgencyIsNotFound() {
        long before = Rows.count("SELECT COUNT(*) FROM account");

        Api.Reply reply = api.post("/api/v1/accounts", account("reviewer.ghost", "long-enough-password", "REVIEWER", "GHOST"), admin);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.response().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
        assertThat(fields(reply)).containsExactly("agency");
        assertThat(Rows.count("SELECT COUNT(*) FROM account")).isEqualTo(before);
    }

    @Test
    void accountApiNeedsAnAdmin() {
        Map<String, Object> body = account("sneaky", "long-enough-password", "ADMIN", null);

        assertThat(api.post("/api/v1/accounts", body, null).status()).isEqualTo(401);
        String kiosk = api.kiosk(admin, "HP-01");
        assertThat(api.post("/api/v1/accounts", body, kiosk).status()).isEqualTo(403);
        assertThat(Rows.count("SELECT COUNT(*) FROM account WHERE username = 'sneaky'")).isZero();
    }

    @Test
    void storedPasswordIsABcryptHashNeverThePassword() {
        api.post("/api/v1/accounts", account("hash.check", "plain-text-secret", "REVIEWER", "HP-02"), admin);

        String hash = Rows.text("SELECT password_hash FROM account WHERE username = 'hash.check'");

        assertThat(hash).startsWith("$2").hasSize(60).isNotEqualTo("plain-text-secret").doesNotContain("plain-text-secret");
        assertThat(Rows.count("SELECT COUNT(*) FROM account WHERE password_hash NOT LIKE '$2%'")).isZero();
        // a second account with the same password gets its own salt
        api.post("/api/v1/accounts", account("hash.check2", "plain-text-secret", "REVIEWER", "HP-02"), admin);
        assertThat(Rows.text("SELECT password_hash FROM account WHERE username = 'hash.check2'")).isNotEqualTo(hash);
    }

    /** bcrypt itself reads at most 72 bytes; the account rules allow up to 128 characters, in any script. */
    @Test
    void longPasswordsWithinTheRulesCanBeSetAndUsed() {
        String ascii = "correct horse battery staple ".repeat(4); // 116 characters
        String vietnamese = "Mật khẩu của tôi là một câu thơ lục bát rất dài"; // 47 characters, 67 bytes in UTF-8
        String vietnameseLong = vietnamese + " " + vietnamese; // 95 characters, 135 bytes

        for (Map.Entry<String, String> user : Map.of("long.ascii", ascii, "long.vi", vietnamese, "long.vi2", vietnameseLong).entrySet()) {
            Api.Reply reply = api.post("/api/v1/accounts", account(user.getKey(), user.getValue(), "REVIEWER", "HP-01"), admin);
            assertThat(reply.status()).as(user.getKey() + ": " + reply.body()).isEqualTo(201);
            assertThat(api.login(user.getKey(), user.getValue())).isNotBlank();
            // a password sharing the first 72 bytes is still a different password
            String other = user.getValue().substring(0, user.getValue().length() - 1) + "#";
            assertThat(api.post("/api/v1/login", Map.of("username", user.getKey(), "password", other), null).status()).isEqualTo(401);
        }
    }

    // --- login ---

    @Test
    void loginWithAVeryLongPasswordIsUnauthorizedNotAServerError() {
        String long200 = "p".repeat(200);

        Api.Reply known = api.post("/api/v1/login", Map.of("username", ADMIN, "password", long200), null);
        Api.Reply unknown = api.post("/api/v1/login", Map.of("username", "nobody-at-all", "password", long200), null);

        assertThat(known.status()).as(known.body()).isEqualTo(401);
        assertThat(known.response().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(401);
    }

    @Test
    void loginGivesABearerToken() {
        Api.Reply reply = api.post("/api/v1/login", Map.of("username", ADMIN, "password", ADMIN_PASSWORD), null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text("tokenType")).isEqualTo("Bearer");
        assertThat(reply.text("accessToken")).isNotBlank();
        assertThat(Integer.parseInt(reply.text("expiresIn"))).isPositive();
    }

    @Test
    void loginWithAWrongPasswordIsUnauthorizedProblem() {
        Api.Reply wrong = api.post("/api/v1/login", Map.of("username", ADMIN, "password", "not-the-password"), null);

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.response().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
        assertThat(wrong.text("status")).isEqualTo("401");
        assertThat(wrong.text("accessToken")).isNull();

        Api.Reply unknownUser = api.post("/api/v1/login", Map.of("username", "nobody-here", "password", "not-the-password"), null);
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(unknownUser.text("detail")).isEqualTo(wrong.text("detail"));
    }

    @Test
    void loginWithoutFieldsNamesThem() {
        Api.Reply reply = api.post("/api/v1/login", Map.of(), null);

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.response().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
        assertThat(fields(reply)).containsExactlyInAnyOrder("username", "password");

        Api.Reply noPassword = api.post("/api/v1/login", Map.of("username", ADMIN), null);
        assertThat(noPassword.status()).isEqualTo(422);
        assertThat(fields(noPassword)).containsExactly("password");
    }

    // --- kiosks ---

    @Test
    void enrolledKioskGetsAnHkTokenThatSubmitsKioskResponsesForItsAgency() {
        Api.Reply reply = api.post("/api/v1/kiosks", Map.of("agency", "HP-02", "label", "Quầy số 3"), admin);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.text("id")).isNotBlank();
        assertThat(reply.text("agency")).isEqualTo("HP-02");
        String token = reply.text("token");
        assertThat(token).startsWith("hk_").hasSizeGreaterThan(30);

        Map<String, Object> submission = Api.submission("HP-02", Map.of("E1.1", 4));
        submission.put("channel", "kiosk");
        Api.Reply stored = api.post("/api/v1/responses", submission, token);
        assertThat(stored.status()).isEqualTo(201);
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + submission.get("id") + "' AND channel = 'kiosk' AND kiosk_id = "
                + reply.text("id"))).isEqualTo(1);

        Map<String, Object> elsewhere = new HashMap<>(submission);
        elsewhere.put("id", java.util.UUID.randomUUID().toString());
        elsewhere.put("agency", "HP-01");
        assertThat(api.post("/api/v1/responses", elsewhere, token).status()).isEqualTo(403);
        assertThat(api.get(REPORT + "HP-02", token).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/responses", submission, token + "x").status()).isEqualTo(401);
    }

    @Test
    void onlyTheSha256OfAKioskTokenIsStored() throws Exception {
        Api.Reply reply = api.post("/api/v1/kiosks", Map.of("agency", "HP-01", "label", "Counter 7"), admin);
        String token = reply.text("token");

        String stored = Rows.text("SELECT token_hash FROM kiosk WHERE id = " + reply.text("id"));

        assertThat(stored).isNotEqualTo(token).doesNotContain(token.substring(3));
        assertThat(stored).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8))));
        assertThat(Rows.count("SELECT COUNT(*) FROM kiosk WHERE token_hash = '" + token + "' OR label = '" + token + "'")).isZero();
        // each enrolment gets its own token
        assertThat(api.kiosk(admin, "HP-01")).isNotEqualTo(token);
    }

    @Test
    void kioskEnrolmentChecksItsFields() {
        long before = Rows.count("SELECT COUNT(*) FROM kiosk");

        Api.Reply missing = api.post("/api/v1/kiosks", Map.of(), admin);
        assertThat(missing.status()).isEqualTo(422);
        assertThat(fields(missing)).containsExactlyInAnyOrder("agency", "label");

        Api.Reply unknown = api.post("/api/v1/kiosks", Map.of("agency", "GHOST", "label", "Counter 1"), admin);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(fields(unknown)).containsExactly("agency");

        String reviewer = api.reviewer(admin, "reviewer.kiosks", "HP");
        assertThat(api.post("/api/v1/kiosks", Map.of("agency", "HP-01", "label", "Counter 1"), reviewer).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/kiosks", Map.of("agency", "HP-01", "label", "Counter 1"), null).status()).isEqualTo(401);
        assertThat(Rows.count("SELECT COUNT(*) FROM kiosk")).isEqualTo(before);
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
