package vn.hailong.system;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ShownTimesTest {

    private final ShownTimes times = new ShownTimes("Asia/Ho_Chi_Minh");

    @Test
    void localTimeWithTheZoneNamed() {
        Instant at = Instant.parse("2026-03-01T17:30:00Z");
        assertThat(times.at(at)).isEqualTo("2026-03-02 00:30:00 (Asia/Ho_Chi_Minh)");
        assertThat(times.at(at, "Asia/Tokyo")).isEqualTo("2026-03-02 02:30:00 (Asia/Tokyo)");
        assertThat(times.at(at, "")).isEqualTo("2026-03-02 00:30:00 (Asia/Ho_Chi_Minh)");
        assertThat(times.at(at, "Not/AZone")).isEqualTo("2026-03-02 00:30:00 (Asia/Ho_Chi_Minh)");
        assertThat(times.at(null)).isEmpty();
    }
}
