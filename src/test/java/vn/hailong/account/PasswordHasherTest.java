package vn.hailong.account;

import at.favre.lib.crypto.bcrypt.BCrypt;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {

    final PasswordHasher hasher = new PasswordHasher(4);

    @Test
    void hashIsSaltedBcryptAndMatchesOnlyItsPassword() {
        String hash = hasher.hash("reviewer-password");

        assertThat(hash).startsWith("$2a$04$").hasSize(60).doesNotContain("reviewer-password");
        assertThat(hasher.hash("reviewer-password")).isNotEqualTo(hash);
        assertThat(hasher.matches("reviewer-password", hash)).isTrue();
        assertThat(hasher.matches("reviewer-passworD", hash)).isFalse();
    }

    @Test
    void hashesStoredBeforeLongPasswordSupportStillMatch() {
        // what the library's defaults produced (and every stored hash is): passwords under 72 bytes
        String password = "Mật khẩu cũ vẫn dùng được";
        String stored = BCrypt.withDefaults().hashToString(4, password.toCharArray());

        assertThat(hasher.matches(password, stored)).isTrue();
        assertThat(hasher.matches(password + "!", stored)).isFalse();
    }

    @Test
    void passwordsLongerThanBcryptsSeventyTwoBytesAreHashedWhole() {
        String vietnamese = "Đường vô xứ Huế quanh quanh, non xanh nước biếc như tranh họa đồ"; // 64 characters
        String longer = vietnamese + " " + vietnamese;
        assertThat(longer.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(72);

        String hash = hasher.hash(longer);

        assertThat(hash).startsWith("$2a$");
        assertThat(hasher.matches(longer, hash)).isTrue();
        assertThat(hasher.matches(longer.substring(0, longer.length() - 1) + "?", hash)).as("same first 72 bytes").isFalse();
        assertThat(hasher.matches(vietnamese, hash)).isFalse();
        assertThat(hasher.matches("x".repeat(10_000), hash)).isFalse();
    }

    @Test
    void decoyCheckAcceptsAnyPassword() {
        hasher.spendDecoyCheck("x".repeat(500));
        hasher.spendDecoyCheck("");
    }
}
