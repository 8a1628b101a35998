package vn.hailong.alert;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * A case as the inbox and case pages show it: times in the agency's own time zone (named beside
 * them), the agency's name in the reader's language, the overdue marker computed now.
 */
public record CaseRow(long id, long rule, String agencyCode, String agencyName, String kind, String status,
                      String opened, String openedIso, String deadline, String deadlineIso, String zone, boolean overdue,
                      boolean escalated, @Nullable String owner, int responses, @Nullable String figures, @Nullable String note) {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

    static CaseRow of(AlertCase c, ZoneId zone, String language, Instant now) {
        String name = "en".equals(language) ? c.agencyNameEn() : c.agencyNameVi();
        return new CaseRow(c.id(), c.ruleId(), c.agencyCode(), name, c.kind(), c.status(),
                WHEN.format(c.openedAt().atZone(zone)), c.openedAt().toString(),
                WHEN.format(c.deadline().atZone(zone)), c.deadline().toString(), zone.getId(), c.overdue(now),
                c.escalatedAt() != null, c.owner(), c.responses(), c.figures(), c.note());
    }

    public boolean open() {
        return AlertCase.OPEN.equals(status);
    }

    public boolean resolved() {
        return AlertCase.RESOLVED.equals(status);
    }
}
