package vn.hailong.account;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;

/** bcrypt password hashes (cost 10 by default: about 50-100 ms per check on this hardware). */
@Singleton
public class PasswordHasher {

    private final int cost;
    // A hash of a random password, checked when the username is unknown so that a wrong
    // username takes as long as a wrong password.
    private final String decoy;

    PasswordHasher(@Value("${hailong.bcrypt-cost:10}") int cost) {
        this.cost = cost;
        this.decoy = hash(java.util.UUID.randomUUID().toString());
    }

    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    public boolean matches(String password, String hash) {
        return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    public void spendDecoyCheck(String password) {
        matches(password, decoy);
    }
}
