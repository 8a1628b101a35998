package vn.hailong.alert;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.LocalDate;

/** A case of the follow-up inbox: open → acknowledged → resolved. */
record AlertCase(long id, long ruleId, String kind, long agencyId, String agencyCode, String agencyNameVi,
                 String agencyNameEn, LocalDate openedDay, String status, Instant openedAt, Instant deadline,
                 @Nullable Instant escalatedAt, @Nullable String owner, @Nullable String note, @Nullable String figures,
                 int responses) {

    static final String OPEN = "open";
    static final String ACKNOWLEDGED = "acknowledged";
    static final String RESOLVED = "resolved";

    boolean overdue(Instant now) {
        return !RESOLVED.equals(status) && now.isAfter(deadline);
    }
}
