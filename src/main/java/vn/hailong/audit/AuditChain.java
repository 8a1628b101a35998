package vn.hailong.audit;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The link of the chain: HMAC-SHA256 over a row's fields and the previous row's hash. With a key
 * (HAILONG_AUDIT_KEY) someone who can write to the database but does not have the key cannot
 * recompute the hashes of rows they changed, so every change shows.
 */
@Singleton
class AuditChain {

    static final String GENESIS = "0".repeat(64);
    static final String DEFAULT_KEY_PREFIX = "hailong-default-";

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private final SecretKeySpec key;

    AuditChain(@Value("${hailong.audit.key:hailong-default-audit-key-change-me}") String key) {
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    String hash(AuditRow row) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(canonical(row).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    /**
     * Each field as length:value on its own line, so no two different rows give the same text
     * (a "|" in a detail cannot shift text from one field into the next).
     */
    static String canonical(AuditRow row) {
        StringBuilder text = new StringBuilder(256);
        field(text, Long.toString(row.seq()));
        field(text, INSTANT.format(row.at()));
        field(text, row.actor());
        field(text, row.actorRole());
        field(text, row.actorAgencyId() == null ? null : row.actorAgencyId().toString());
        field(text, row.action());
        field(text, row.target());
        field(text, row.details());
        field(text, row.prevHash());
        return text.toString();
    }

    private static void field(StringBuilder text, String value) {
        if (value == null) {
            text.append("-\n");
        } else {
            text.append(value.length()).append(':').append(value).append('\n');
        }
    }

    /**
     * Whole seconds: MySQL Connector/J drops fractions when it talks to MariaDB (which it takes for
     * a 5.5 server), so the hashed time must be one that every database gives back unchanged.
     * The order of events is the seq, not the time.
     */
    static LocalDateTime truncate(LocalDateTime at) {
        return at.withNano(0);
    }
}
