package vn.hailong.dossier;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * When a served dossier's result was returned, against its due time, as TT 01/2018/TT-VPCP Điều 13
 * khoản 1 sorts the total handling time: shorter than prescribed, equal to it, or longer. Time
 * limits are counted in days, and a receipt promises a day, so the comparison is by calendar day in
 * the agency's zone: returned before the due day is shorter, on it equal, after it longer.
 */
public enum ReturnAgainstDue {
    LONGER, EQUAL, SHORTER;

    /** Empty when the feed has not sent both times. */
    public static Optional<ReturnAgainstDue> of(@Nullable Instant dueAt, @Nullable Instant returnedAt, ZoneId zone) {
        if (dueAt == null || returnedAt == null) {
            return Optional.empty();
        }
        LocalDate due = dueAt.atZone(zone).toLocalDate();
        LocalDate returned = returnedAt.atZone(zone).toLocalDate();
        int order = returned.compareTo(due);
        return Optional.of(order < 0 ? SHORTER : order == 0 ? EQUAL : LONGER);
    }
}
