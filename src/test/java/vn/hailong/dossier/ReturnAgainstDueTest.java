package vn.hailong.dossier;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** The return against the due time, by calendar day in the agency's zone (TT 01/2018/TT-VPCP Điều 13 khoản 1). */
class ReturnAgainstDueTest {

    static final ZoneId HANOI = ZoneId.of("Asia/Ho_Chi_Minh");

    @Test
    void theDayOfTheReturnAgainstTheDueDaySortsTheHandlingTime() {
        Instant due = Instant.parse("2026-11-10T10:00:00Z"); // 17:00 on the 10th in Hà Nội

        assertThat(ReturnAgainstDue.of(due, Instant.parse("2026-11-09T09:00:00Z"), HANOI)).contains(ReturnAgainstDue.SHORTER);
        // later that same day, even after the due hour: the receipt promised the day
        assertThat(ReturnAgainstDue.of(due, Instant.parse("2026-11-10T11:30:00Z"), HANOI)).contains(ReturnAgainstDue.EQUAL);
        assertThat(ReturnAgainstDue.of(due, Instant.parse("2026-11-11T02:00:00Z"), HANOI)).contains(ReturnAgainstDue.LONGER);
    }

    @Test
    void theDayIsTheAgencysNotUtcs() {
        Instant due = Instant.parse("2026-11-10T03:00:00Z");            // the 10th in Hà Nội and in UTC
        Instant returned = Instant.parse("2026-11-09T18:00:00Z");       // the 9th in UTC, 01:00 on the 10th in Hà Nội

        assertThat(ReturnAgainstDue.of(due, returned, HANOI)).contains(ReturnAgainstDue.EQUAL);
        assertThat(ReturnAgainstDue.of(due, returned, ZoneId.of("UTC"))).contains(ReturnAgainstDue.SHORTER);
    }

    @Test
    void withoutBothTimesThereIsNothingToSay() {
        assertThat(ReturnAgainstDue.of(null, Instant.parse("2026-11-09T09:00:00Z"), HANOI)).isEmpty();
        assertThat(ReturnAgainstDue.of(Instant.parse("2026-11-09T09:00:00Z"), null, HANOI)).isEmpty();
    }
}
