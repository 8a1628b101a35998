package vn.hailong.security;

import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Keyed hashes (HMAC-SHA256) for everything that must be recognisable but not readable or forgeable:
 * CSRF tokens, client addresses, login-throttle keys. One key per purpose, each derived from the
 * secret that every copy of the app already shares ({@link SigningSecret}, {@code HAILONG_JWT_SECRET}),
 * so all copies agree without any shared state and no new secret has to be managed.
 */
@Singleton
public class ServerKeys {

    private final byte[] master;

    ServerKeys(SigningSecret secret) {
        this.master = secret.bytes();
    }

    /** HMAC of {@code text} under the key for {@code purpose}, lower-case hex (64 characters). */
    public String hash(String purpose, String text) {
        return HexFormat.of().formatHex(mac(mac(master, purpose), text));
    }

    private static byte[] mac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
