package vn.hailong.security;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The one secret that every copy of the app shares, {@code HAILONG_JWT_SECRET}: it signs the login
 * tokens ({@link SigningKey}) and every other key derives from it ({@link ServerKeys}: CSRF
 * tokens, hashed client addresses, login-throttle keys). The signing key, the derived keys and the
 * start-up warning all read this bean, so they cannot disagree.
 *
 * <p>Why a bean and not a placeholder in {@code application.yml}: Micronaut's placeholder parser does
 * not nest, a placeholder ends at its first {@code }}. The former
 * {@code ${HAILONG_JWT_SECRET:generated-${random.uuid}${random.uuid}}} therefore resolved, with the
 * variable set, to the secret followed by one fresh random UUID and a stray brace: a different key
 * in every process, while a check of the resolved value's prefix saw nothing wrong (issue 11).
 *
 * <p>Not configured: a random secret for this process only (the demo), said loudly at start.
 * Configured but shorter than {@value #MINIMUM_LENGTH} characters: the app does not start.
 */
@Context
public final class SigningSecret {

    static final int MINIMUM_LENGTH = 32;
    /** Where Micronaut Security would read a secret of its own; ours replaces it, so setting it is a mistake. */
    static final String MICRONAUT_SECRET_PREFIX = "micronaut.security.token.jwt.signatures.secret";

    private static final Logger LOG = LoggerFactory.getLogger(SigningSecret.class);

    private final byte[] bytes;
    private final boolean generated;

    SigningSecret(@Value("${hailong.jwt-secret:}") String configured, Environment environment) {
        if (environment.containsProperties(MICRONAUT_SECRET_PREFIX)) {
            throw new ConfigurationException("Set the token secret as HAILONG_JWT_SECRET (hailong.jwt-secret), not as "
                    + MICRONAUT_SECRET_PREFIX + ".*: Hailong signs tokens with its own key.");
        }
        if (configured == null || configured.isBlank()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            this.bytes = HexFormat.of().formatHex(random).getBytes(StandardCharsets.UTF_8);
            this.generated = true;
            LOG.warn("HAILONG_JWT_SECRET is not set: using a random secret for this process. Logins end at restart"
                    + " and do not work across copies.");
        } else if (configured.length() < MINIMUM_LENGTH) {
            throw new ConfigurationException("HAILONG_JWT_SECRET must have at least " + MINIMUM_LENGTH
                    + " characters (it has " + configured.length() + ").");
        } else {
            this.bytes = configured.getBytes(StandardCharsets.UTF_8);
            this.generated = false;
        }
    }

    /** The secret's bytes (UTF-8); a copy, so no caller can change the key of another. */
    byte[] bytes() {
        return bytes.clone();
    }

    /** True when no secret was configured and this process made one up. */
    public boolean generated() {
        return generated;
    }
}
