package vn.hailong.security;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.RawHttp;
import vn.hailong.support.Rows;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Red-team findings 1(b), 1(c) and 4 of issue 11, over real HTTP: look-alike spellings of a locked
 * name neither log in nor get guesses of their own; simultaneous wrong guesses are counted before
 * they are checked (at most the limit is checked); a browser that logged in to an account before
 * is not locked out by someone else's wrong guesses for it.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginBypassIT implements DatabaseTest {

    static final String JSON = "application/json";
    static final String FORM = "application/x-www-form-urlencoded";
    static final String PASSWORD = "right-password";

    @Inject
    EmbeddedServer server;

    RawHttp http;
    String admin;

    @BeforeAll
    void setUp() {
        http = new RawHttp(server.getPort());
        admin = RawHttp.field(login(ADMIN, ADMIN_PASSWORD).body(), "accessToken");
        http.post("/api/v1/agencies", JSON, "{\"code\":\"HN\",\"nameVi\":\"HN\",\"nameEn\":\"HN\",\"kind\":\"PROVINCE\",\"parent\":null}",
                "Authorization", "Bearer " + admin);
        for (String name : List.of("someone", "racer", "boss")) {
            String role = name.equals("boss") ? "\"ADMIN\"" : "\"REVIEWER\",\"agency\":\"HN\"";
            assertThat(http.post("/api/v1/accounts", JSON, "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\",\"role\":" + role + "}",
                    "Authorization", "Bearer " + admin).statusCode()).isEqualTo(201);
        }
    }

    @BeforeEach
    void clean() {
        clearLoginCounters();
    }

    /** 1(b): the lockout follows the account, whichever spelling of its name reaches it. */
    @Test
    void lookAlikeSpellingsOfALockedNameNeitherLogInNorGetGuessesOfTheirOwn() {
        for (int i = 0; i < 5; i++) {
            assertThat(login("someone", "wrong-" + i).statusCode()).isEqualTo(401);
        }
        for (String alike : List.of("SOMEONE", "ｓｏｍｅｏｎｅ", "sömeone", " someone ")) {
            HttpResponse<String> reply = login(alike, PASSWORD);
            assertThat(reply.statusCode()).as("'%s' is the same, locked account", alike).isEqualTo(429);
        }
        for (String invisible : List.of("someone\\u0000", "someone\\u200b", "some\\u00adone", "someone\\u202e", "some\\ufeffone")) {
            HttpResponse<String> reply = login(invisible, PASSWORD);
            assertThat(reply.statusCode()).as("'%s' holds a control or invisible character", invisible).isEqualTo(422);
            assertThat(reply.body()).contains("\"field\":\"username\"").contains("invisible");
        }
        String[] csrf = http.csrf("/login?lang=en");
        HttpResponse<String> page = http.post("/login?lang=en", FORM, "username=" + enc("someone\u200b") + "&password=" + PASSWORD
                + "&next=%2Freports&_csrf=" + csrf[1], "Cookie", csrf[0]);
        assertThat(page.statusCode()).isEqualTo(422);
        assertThat(page.body()).contains("control or invisible characters");
        assertThat(page.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("HAILONG_SESSION="));

        // an administrator cannot create such a name either, and a full-width or upper-case name is stored normalised
        assertThat(createReviewer("new\\u200buser").statusCode()).isEqualTo(422);
        assertThat(createReviewer("ＮｅｗＵｓｅｒ").statusCode()).isEqualTo(201);
        assertThat(Rows.text("SELECT username FROM account WHERE username = 'newuser'")).isEqualTo("newuser");
        assertThat(login("newuser", PASSWORD).statusCode()).isEqualTo(200);
    }

    /** 1(c): forty simultaneous wrong guesses; at most the limit (5) of them reach the password check. */
    @Test
    void simultaneousWrongGuessesAreCountedBeforeTheyAreChecked() throws Exception {
        int guesses = 40;
        ExecutorService pool = Executors.newFixedThreadPool(guesses);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> replies = new ArrayList<>();
            for (int i = 0; i < guesses; i++) {
                String password = "wrong-" + i;
                replies.add(pool.submit(() -> {
                    start.await();
                    return login("racer", password).statusCode();
                }));
            }
            start.countDown();
            int checked = 0;
            int locked = 0;
            for (Future<Integer> reply : replies) {
                int status = reply.get();
                if (status == 401) {
                    checked++;
                } else if (status == 429) {
                    locked++;
                }
            }
            assertThat(checked).as("wrong guesses checked").isBetween(1, 5);
            assertThat(checked + locked).isEqualTo(guesses);
            assertThat(login("racer", PASSWORD).statusCode()).as("locked now").isEqualTo(429);
        } finally {
            pool.shutdownNow();
        }
    }

    /** 4: someone else's wrong guesses lock the account for new browsers, not for the administrator's own. */
    @Test
    void anotherAddressesWrongGuessesDoNotLockOutABrowserThatLoggedInBefore() {
        String[] browser = http.csrf("/login");
        HttpResponse<String> first = pageLogin("boss", PASSWORD, browser);
        assertThat(first.statusCode()).isEqualTo(303);

        for (int i = 0; i < 5; i++) {
            assertThat(login("boss", "guess-" + i).statusCode()).isEqualTo(401);
        }
        assertThat(login("boss", PASSWORD).statusCode()).as("an unknown client is locked out").isEqualTo(429);
        assertThat(pageLogin("boss", PASSWORD, http.csrf("/login")).statusCode()).as("so is a new browser").isEqualTo(429);

        String[] same = remembered(browser, first);
        assertThat(pageLogin("boss", PASSWORD, same).statusCode()).as("the administrator's own browser still logs in").isEqualTo(303);
        String device = cookie(first, "HAILONG_DEVICE");
        assertThat(first.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("HAILONG_DEVICE=")
                .containsIgnoringCase("HttpOnly").contains("SameSite=Strict"));
        assertThat(http.post("/api/v1/login", JSON, "{\"username\":\"boss\",\"password\":\"" + PASSWORD + "\"}", "Cookie", device)
                .statusCode()).as("also on the API").isEqualTo(200);
        assertThat(login("boss", PASSWORD).statusCode()).as("the others are still locked out").isEqualTo(429);

        // the remembered browser gets five guesses of its own (a stolen cookie is no free pass)
        for (int i = 0; i < 5; i++) {
            assertThat(pageLogin("boss", "mistyped-" + i, same).statusCode()).isEqualTo(401);
        }
        assertThat(pageLogin("boss", PASSWORD, same).statusCode()).isEqualTo(429);

        // a cookie of another account, or a forged one, is no pass
        clearLoginCounters();
        String[] other = http.csrf("/login");
        String someoneDevice = cookie(pageLogin("someone", PASSWORD, other), "HAILONG_DEVICE");
        for (int i = 0; i < 5; i++) {
            assertThat(login("boss", "guess-" + i).statusCode()).isEqualTo(401);
        }
        assertThat(http.post("/api/v1/login", JSON, "{\"username\":\"boss\",\"password\":\"" + PASSWORD + "\"}", "Cookie", someoneDevice)
                .statusCode()).isEqualTo(429);
        String forged = device.substring(0, device.length() - 4) + (device.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(http.post("/api/v1/login", JSON, "{\"username\":\"boss\",\"password\":\"" + PASSWORD + "\"}", "Cookie", forged)
                .statusCode()).isEqualTo(429);
    }

    private static void clearLoginCounters() {
        try (var c = Rows.connect(); var s = c.createStatement()) {
            s.executeUpdate("DELETE FROM login_counter");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> login(String username, String password) {
        return http.post("/api/v1/login", JSON, "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    private HttpResponse<String> createReviewer(String username) {
        return http.post("/api/v1/accounts", JSON, "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD
                + "\",\"role\":\"REVIEWER\",\"agency\":\"HN\"}", "Authorization", "Bearer " + admin);
    }

    private HttpResponse<String> pageLogin(String username, String password, String[] browser) {
        return http.post("/login", FORM, "username=" + enc(username) + "&password=" + enc(password) + "&next=%2Freports&_csrf="
                + browser[1], "Cookie", browser[0]);
    }

    /** The browser after {@code reply}: its CSRF pair plus every cookie the reply set, except the session. */
    private static String[] remembered(String[] browser, HttpResponse<String> reply) {
        StringBuilder cookies = new StringBuilder(browser[0]);
        reply.headers().allValues("Set-Cookie").stream().map(c -> c.split(";")[0])
                .filter(c -> !c.startsWith("HAILONG_SESSION=") && !c.startsWith("HAILONG_CSRF=")).forEach(c -> cookies.append("; ").append(c));
        return new String[] {cookies.toString(), browser[1]};
    }

    /** "NAME=value" of the Set-Cookie for {@code name}, or null. */
    private static String cookie(HttpResponse<String> reply, String name) {
        return reply.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).map(c -> c.split(";")[0])
                .findFirst().orElse(null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
