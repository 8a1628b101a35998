package vn.hailong.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Stateless CSRF protection by a signed double-submit cookie. Each browser gets a random value in
 * the cookie {@value #COOKIE} (HttpOnly, SameSite=Lax); the token in its forms is the HMAC of that
 * value under a key derived from the shared JWT secret. A forged cross-site request cannot read
 * the cookie, and a token cannot be made without the key, so any copy of the app can check any
 * form without a session store. The same cookie identifies a phone for the per-client submission
 * limits.
 */
@Singleton
public class CsrfTokens {

    public static final String COOKIE = "HAILONG_CSRF";
    /** Name of the hidden form field (brief: {@code <input type="hidden" name="_csrf" th:value="${csrfToken}">}). */
    public static final String FIELD = "_csrf";
    /** Header for scripts that post JSON with the page's cookie; they read the token from {@code <meta name="csrf-token">}. */
    public static final String HEADER = "X-CSRF-Token";
    /** Request attribute: the browser's seed, read from its cookie or made for this response. */
    static final String SEED = "hailong.csrf.seed";
    /** Request attribute set when the seed is new and the cookie must be sent. */
    static final String NEW_SEED = "hailong.csrf.new-seed";

    private static final Pattern SEED_FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServerKeys keys;

    CsrfTokens(ServerKeys keys) {
        this.keys = keys;
    }

    /** The token for this browser's forms; makes (and marks for sending) a seed when it has none. */
    public String tokenFor(HttpRequest<?> request) {
        return token(seedOf(request).orElseGet(() -> {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String seed = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            request.setAttribute(SEED, seed);
            request.setAttribute(NEW_SEED, seed);
            return seed;
        }));
    }

    /** The browser's seed: the one made during this request, else a well-formed cookie value. */
    public Optional<String> seedOf(HttpRequest<?> request) {
        Optional<String> made = request.getAttribute(SEED, String.class);
        if (made.isPresent()) {
            return made;
        }
        return request.getCookies().findCookie(COOKIE).map(Cookie::getValue).filter(v -> SEED_FORMAT.matcher(v).matches());
    }

    public boolean valid(HttpRequest<?> request, @Nullable String token) {
        Optional<String> seed = request.getCookies().findCookie(COOKIE).map(Cookie::getValue)
                .filter(v -> SEED_FORMAT.matcher(v).matches());
        if (seed.isEmpty() || token == null || token.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(token(seed.get()).getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    private String token(String seed) {
        return keys.hash("csrf", seed);
    }
}
