package vn.hailong.security;

import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.account.LoginEvent;
import vn.hailong.account.LoginThrottle;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.RawHttp;
import vn.hailong.support.Rows;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login throttling (5 failures per account, here 8 per address, within 15 minutes), kept in
 * the database; unlock by an administrator; the login events the audit log listens to. This class
 * also runs with hailong.https=true (behind a TLS proxy): cookies get Secure, responses HSTS.
 */
@MicronautTest(transactional = false) // the test calls LoginThrottle itself: no test transaction may hold its locks
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginLockoutIT implements DatabaseTest {

    static final String JSON = "application/json";

    @Inject
    EmbeddedServer server;

    @Inject
    LoginThrottle throttle;

    @Inject
    Events events;

    RawHttp http;
    String admin;

    /** Collects the published login events, as the audit log would. */
    @Singleton
    static class Events {
        final List<LoginEvent> seen = new CopyOnWriteArrayList<>();

        @EventListener
        void on(LoginEvent event) {
            seen.add(event);
        }
    }

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("hailong.limits.login.max-failures-per-address", "8", "hailong.https", "true");
    }

    @BeforeAll
    void setUp() {
        http = new RawHttp(server.getPort());
        admin = token(login(ADMIN, ADMIN_PASSWORD));
        http.post("/api/v1/agencies", JSON, "{\"code\":\"HN\",\"nameVi\":\"HN\",\"nameEn\":\"HN\",\"kind\":\"PROVINCE\",\"parent\":null}",
                "Authorization", "Bearer " + admin);
        for (String name : List.of("alice", "bob", "carol")) {
            assertThat(http.post("/api/v1/accounts", JSON, "{\"username\":\"" + name + "\",\"password\":\"right-password\",\"role\":\"REVIEWER\",\"agency\":\"HN\"}",
                    "Authorization", "Bearer " + admin).statusCode()).isEqualTo(201);
        }
    }

    @BeforeEach
    void startClean() {
        clearFailures();
    }

    @Test
    void fiveWrongPasswordsLockTheAccountEvenForTheRightOneUntilAnAdminUnlocksIt() {
        for (int i = 0; i < 5; i++) {
            assertThat(login("alice", "wrong-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = login("alice", "right-password");
        assertThat(locked.statusCode()).isEqualTo(429);
        long retryAfter = Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(14 * 60L, 15 * 60L + 1);
        assertThat(locked.body()).contains("Too many failed logins").doesNotContain("right-password");
        assertThat(Rows.count("SELECT c.attempts FROM login_counter c JOIN account a ON a.id = c.account_id"
                + " WHERE a.username = 'alice' AND c.kind = 'account'")).as("the locked sixth was not counted").isEqualTo(5);
        assertThat(throttle.lockedAccounts()).anySatisfy(a -> assertThat(a.username()).isEqualTo("alice"));
        assertThat(login("bob", "right-password").statusCode()).as("other accounts are not affected").isEqualTo(200);

        throttle.unlock("alice", ADMIN);
        assertThat(login("alice", "right-password").statusCode()).isEqualTo(200);
        assertThat(events.seen).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(LoginEvent.Outcome.UNLOCKED);
            assertThat(e.actor()).isEqualTo(ADMIN);
        });
        assertThat(events.seen).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(LoginEvent.Outcome.SUCCEEDED);
            assertThat(e.username()).isEqualTo("alice");
            assertThat(e.clientHash()).hasSize(64);
        });
        assertThat(events.seen).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(LoginEvent.Outcome.LOCKED);
            assertThat(e.username()).isEqualTo("alice");
            assertThat(e.retryAt()).isNotNull();
        });
    }

    @Test
    void aSuccessfulLoginClearsTheAccountsFailuresAndUnknownNamesAreThrottledAlike() {
        for (int i = 0; i < 4; i++) {
            assertThat(login("carol", "wrong").statusCode()).isEqualTo(401);
        }
        assertThat(login("carol", "right-password").statusCode()).isEqualTo(200);
        assertThat(login("carol", "wrong").statusCode()).as("the count started again").isEqualTo(401);
        throttle.unlock("carol");
        clearFailures(); // the address limit (8 here) would otherwise stop the next five first

        for (int i = 0; i < 5; i++) {
            assertThat(login("nobody-" + "x", "whatever").statusCode()).isEqualTo(401);
        }
        assertThat(login("nobody-x", "whatever").statusCode()).as("an unknown name locks like a real one: no account enumeration")
                .isEqualTo(429);
        throttle.unlock("nobody-x");
    }

    @Test
    void theLoginPageSaysWhenToTryAgainAndTheAddressLimitStopsGuessingAcrossAccounts() {
        // 8 failures from this address, spread over accounts (none reaches 5)
        for (int i = 0; i < 8; i++) {
            assertThat(login("spray-" + (i % 4), "wrong").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> api = login("bob", "right-password");
        assertThat(api.statusCode()).as("the address is locked now").isEqualTo(429);

        String[] csrf = http.csrf("/login?lang=en");
        HttpResponse<String> page = http.post("/login?lang=en", "application/x-www-form-urlencoded",
                "username=bob&password=right-password&next=%2Freports&_csrf=" + csrf[1], "Cookie", csrf[0]);
        assertThat(page.statusCode()).isEqualTo(429);
        assertThat(page.headers().firstValue("Retry-After")).isPresent();
        assertThat(page.body()).contains("Too many failed logins").containsPattern("Try again in 1[45] minute");
        assertThat(Rows.count("SELECT MAX(attempts) FROM login_counter WHERE kind = 'address' AND LENGTH(throttle_key) = 64")).isEqualTo(8);
        assertThat(Rows.count("SELECT COUNT(*) FROM login_counter WHERE throttle_key LIKE '%127.%'"))
                .as("no raw address is stored").isZero();
        clearFailures();
    }

    @Test
    void theHoneypotOnTheLoginFormRefusesWithTheUsualMessage() {
        String[] csrf = http.csrf("/login?lang=en");
        HttpResponse<String> bot = http.post("/login?lang=en", "application/x-www-form-urlencoded",
                "username=bob&password=right-password&website=http%3A%2F%2Fspam&_csrf=" + csrf[1], "Cookie", csrf[0]);
        assertThat(bot.statusCode()).isEqualTo(401);
        assertThat(bot.body()).contains("Wrong username or password.");
        assertThat(bot.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("HAILONG_SESSION="));
        throttle.unlock("bob");
        clearFailures();
    }

    @Test
    void behindATlsProxyCookiesAreSecureAndHstsIsSent() {
        String[] csrf = http.csrf("/login");
        HttpResponse<String> ok = http.post("/login", "application/x-www-form-urlencoded",
                "username=bob&password=right-password&next=%2Freports&_csrf=" + csrf[1], "Cookie", csrf[0]);
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(ok.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("HAILONG_SESSION=").contains("Secure"));
        assertThat(http.get("/login").headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("HAILONG_CSRF=").contains("Secure"));
        assertThat(http.get("/").headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(v -> assertThat(v).contains("max-age="));
    }

    private void clearFailures() {
        try (var c = Rows.connect(); var s = c.createStatement()) {
            s.executeUpdate("DELETE FROM login_counter");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> login(String username, String password) {
        return http.post("/api/v1/login", JSON, "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    private static String token(HttpResponse<String> reply) {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return RawHttp.field(reply.body(), "accessToken");
    }
}
