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

    /**
     * Initialised once and never used itself: each hash works on a clone of it instead of looking up
     * the provider and initialising the key again (a batch of 500 dossiers takes about 2 000 hashes).
     */
    private final Mac prototype;

    DossierHasher(@Value("${hailong.dossier-key}") String key) {
        try {
            prototype = Mac.getInstance("HmacSHA256");
            prototype.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Mac mac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The keyed hash of {@code text} for another purpose than the dossier number (rating codes):
     * the purpose is part of the hashed text, so no value can stand in for one of another kind.
     */
    public byte[] mac(String purpose, String text) {
        return mac().doFinal((purpose + "\n" + text).getBytes(StandardCharsets.UTF_8));
    }

    public String hash(String dossier) {
        // Codes are typed by hand at counters: case and surrounding spaces must not make a new dossier.
        return HexFormat.of().formatHex(mac().doFinal(dossier.strip().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
    }
}
