package vn.hailong.alert;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Deadlines in working hours: {@code hours} counted on Monday to Friday only, in the agency's time
 * zone, so 48 hours from a Friday morning end on Tuesday morning ("2 working days"). Public holidays
 * are not known here and count as working days.
 */
final class WorkingDays {

    private WorkingDays() {
    }

    static Instant deadline(Instant from, int hours, ZoneId zone) {
        ZonedDateTime at = from.atZone(zone);
        int left = hours;
        while (left > 0) {
            at = at.plusHours(1);
            DayOfWeek day = at.minusMinutes(1).getDayOfWeek();
            if (day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY) {
                left--;
            }
        }
        return at.toInstant();
    }
}
