package vn.hailong.alert;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class WorkingDaysTest {

    static final ZoneId HANOI = ZoneId.of("Asia/Ho_Chi_Minh");

    @Test
    void fortyEightHoursFromFridayMorningEndOnTuesdayMorning() {
        // Friday 4 December 2026, 09:00 in Hà Nội
        assertThat(WorkingDays.deadline(Instant.parse("2026-12-04T02:00:00Z"), 48, HANOI))
                .isEqualTo(Instant.parse("2026-12-08T02:00:00Z"));
    }

    @Test
    void hoursWithinTheWeekAreCountedAsThey() {
        assertThat(WorkingDays.deadline(Instant.parse("2026-12-02T02:00:00Z"), 5, HANOI))
                .isEqualTo(Instant.parse("2026-12-02T07:00:00Z"));
    }

    @Test
    void placeholdersTypedByACitizenAreNotExpandedInTheMail() {
        assertThat(vn.hailong.system.Messages.format("{0} | {1}", "said {1}", "x")).isEqualTo("said {1} | x");
    }
}
