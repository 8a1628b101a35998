package vn.hailong.kiosk;

import vn.hailong.system.Hashing;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Kiosk tokens are long random strings (not JWTs) so that an admin can revoke one device at once.
 * The prefix lets the validator skip the database for every other kind of token.
 */
final class KioskTokens {

    static final String PREFIX = "hk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private KioskTokens() {
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        return Hashing.sha256(token);
    }
}
