package vn.hailong.account;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;
import vn.hailong.security.CookieSecurity;
import vn.hailong.security.ServerKeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a browser that
 * logged in to an account gets {@code HAILONG_DEVICE = accountId.nonce.mac}, the MAC a keyed hash
 * under the shared secret (any copy can check it, nobody can forge one). Next time, a login for that
 * account carrying the cookie is counted on its own key, so five wrong guesses from somewhere else
 * lock the account for unknown clients but not for its owner's browser (issue 11, finding 4). A new
 * cookie is issued on every successful login; one browser remembers one account.
 */
@Singleton
class TrustedDevices {

    static final String COOKIE = "HAILONG_DEVICE";
    static final Duration LIFETIME = Duration.ofDays(90);

    private final ServerKeys keys;
    private final CookieSecurity cookieSecurity;
    private final SecureRandom random = new SecureRandom();

    TrustedDevices(ServerKeys keys, CookieSecurity cookieSecurity) {
        this.keys = keys;
        this.cookieSecurity = cookieSecurity;
    }

    /** The browser's device id for this account, when it carries a genuine cookie issued for it. */
    Optional<String> deviceOf(HttpRequest<?> request, long accountId) {
        return request.getCookies().findCookie(COOKIE).map(Cookie::getValue).flatMap(value -> {
            String[] parts = value.split("\\.");
            if (parts.length != 3 || !parts[0].equals(Long.toString(accountId))) {
                return Optional.empty();
            }
            byte[] expected = mac(parts[0], parts[1]).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII)) ? Optional.of(parts[1]) : Optional.empty();
        });
    }

    /** A fresh cookie for this browser and account (HttpOnly, SameSite=Strict, Secure over HTTPS). */
    Cookie issue(long accountId, HttpRequest<?> request) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
        return Cookie.of(COOKIE, accountId + "." + id + "." + mac(Long.toString(accountId), id))
                .httpOnly(true)
                .path("/")
                .sameSite(SameSite.Strict)
                .secure(cookieSecurity.secure(request))
                .maxAge(LIFETIME);
    }

    private String mac(String accountId, String id) {
        return keys.hash("login-device", accountId + "." + id);
    }
}
