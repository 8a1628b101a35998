package vn.hailong.response;

import vn.hailong.system.Refusal.Reason;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The one rule for when an answer can have been given: not before 2000-01-01 (no one-stop centre
 * surveyed citizens earlier, and a year 0 or -1 is a typo or an attack that the database cannot
 * even hold) and not more than a small clock-skew allowance in the future. Every submission (API,
 * batch, kiosk and phone pages, paper entry) is checked by {@link Submission}'s rules, which ask this; reports use
 * the same earliest day for the periods they accept.
 */
public final class PlausibleDates {

    public static final LocalDate EARLIEST_DAY = LocalDate.of(2000, 1, 1);
    static final Instant EARLIEST = EARLIEST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    /** A kiosk's or phone's clock may run a little fast. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private PlausibleDates() {
    }

    /** Why {@code instant} (of {@code field}) cannot be when an answer was given, or empty when it can. */
    static Optional<Reason> problem(String field, Instant instant, Instant now) {
        if (instant.isBefore(EARLIEST)) {
            return Optional.of(Reason.of(field, "time.tooEarly", "must not be before " + EARLIEST, EARLIEST_DAY.toString()));
        }
        if (instant.isAfter(now.plus(CLOCK_SKEW))) {
            return Optional.of(Reason.of(field, "time.future", "is more than " + CLOCK_SKEW.toMinutes() + " minutes in the future",
                    CLOCK_SKEW.toMinutes()));
        }
        return Optional.empty();
    }
}
