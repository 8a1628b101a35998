package vn.hailong.system;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fast path reads every time as OffsetDateTime.parse does, and refuses what it refuses. */
class OffsetTimesTest {

    static final List<String> TEXTS = List.of(
            // the forms dossier systems send
            "2026-11-21T10:30:00+07:00", "2026-11-21T10:30:00Z", "2026-11-21T10:30:00.5+07:00",
            "2026-11-21T10:30:00.123456789-03:30", "2026-11-21T23:59:59.000001+14:00", "2026-11-21T00:00:00-00:00",
            "2024-02-29T12:00:00+07:00", "0000-01-01T00:00:00Z", "2026-11-21T10:30:00+18:00", "2026-11-21T10:30:00-18:00",
            // other forms the general parser reads
            "2026-11-21T10:30+07:00", "2026-11-21t10:30:00+07:00", "2026-11-21T10:30:00z", "2026-11-21T10:30:00+07:00:00",
            "+12026-11-21T10:30:00+07:00", "2026-11-21T10:30:00.+07:00",
            // refused
            "2026-13-01T10:30:00+07:00", "2026-02-30T10:30:00+07:00", "2025-02-29T10:30:00+07:00", "2026-11-21T24:00:00+07:00",
            "2026-11-21T23:59:60+07:00", "2026-11-21T10:60:00+07:00", "2026-11-21T10:30:00+19:00", "2026-11-21T10:30:00+07:60",
            "2026-11-21T10:30:00.1234567890+07:00", "2026-11-21T10:30:00", "2026-11-21 10:30:00+07:00", "2026-11-21T10:30:00+0700",
            "2026-11-21T10:30:00+07", "2026-11-2aT10:30:00+07:00", "2026-11-21T10:30:00 +07:00", " 2026-11-21T10:30:00+07:00",
            "2026-11-21T10:30:00+07:00 ", "2026-11-21T10:30:00.+07:00x", "2026-11-21T10:30:00٫5+07:00", "", "yesterday");

    @Test
    void everyTextReadsAsTheGeneralParserReadsIt() {
        for (String text : TEXTS) {
            Instant expected;
            try {
                expected = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                assertThatThrownBy(() -> OffsetTimes.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(OffsetTimes.parse(text)).as(text).isEqualTo(expected);
        }
    }

    @Test
    void theOffsetMovesTheInstant() {
        assertThat(OffsetTimes.parse("2026-11-21T10:30:00+07:00")).isEqualTo(Instant.parse("2026-11-21T03:30:00Z"));
        assertThat(OffsetTimes.parse("2026-11-21T10:30:00.25-03:30")).isEqualTo(Instant.parse("2026-11-21T14:00:00.25Z"));
    }
}
