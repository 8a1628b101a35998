package vn.hailong.dossier;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Dossier codes identify a citizen's case, so only a keyed hash (HMAC-SHA256) is stored: enough
 * to enforce "one rating per dossier", useless to anyone who reads the database without the key.
 */
@Singleton
public class DossierHasher {

    private final SecretKeySpec key;

    DossierHasher(@Value("${hailong.dossier-key}") String key) {
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /**
     * The keyed hash of {@code text} for another purpose than the dossier number (rating codes):
     * the purpose is part of the hashed text, so no value can stand in for one of another kind.
     */
    public byte[] mac(String purpose, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal((purpose + "\n" + text).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String hash(String dossier) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // Codes are typed by hand at counters: case and surrounding spaces must not make a new dossier.
            return HexFormat.of().formatHex(mac.doFinal(dossier.strip().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
