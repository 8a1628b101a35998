package vn.hailong.account;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategy;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;

/** bcrypt password hashes (cost 10 by default: about 50-100 ms per check on this hardware). */
@Singleton
public class PasswordHasher {

    // bcrypt reads at most 72 bytes and the library's default refuses longer input with an
    // IllegalArgumentException (a 500 on account creation and login). Passwords that long -- easy
    // within the 128-character rule, above all in Vietnamese, 2-3 bytes a letter -- are first
    // reduced with SHA-512. Shorter ones are hashed exactly as before, so stored hashes stay valid.
    private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2A;
    private static final LongPasswordStrategy LONG_PASSWORDS = LongPasswordStrategies.hashSha512(VERSION);

    private final int cost;
    // A hash of a random password, checked when the username is unknown so that a wrong
    // username takes as long as a wrong password.
    private final String decoy;

    PasswordHasher(@Value("${hailong.bcrypt-cost:10}") int cost) {
        this.cost = cost;
        this.decoy = hash(java.util.UUID.randomUUID().toString());
    }

    public String hash(String password) {
        return BCrypt.with(VERSION, LONG_PASSWORDS).hashToString(cost, password.toCharArray());
    }

    public boolean matches(String password, String hash) {
        return BCrypt.verifyer(VERSION, LONG_PASSWORDS).verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    public void spendDecoyCheck(String password) {
        matches(password, decoy);
    }
}
