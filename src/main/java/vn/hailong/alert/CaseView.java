package vn.hailong.alert;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** A case as the API, webhooks and e-mails show it. */
@Serdeable
record CaseView(long id, String agency, long rule, String kind, String status, Instant openedAt, Instant deadline,
                boolean overdue, @Nullable Instant escalatedAt, @Nullable String owner, int responses, @Nullable String note, @Nullable String figures) {

    static CaseView of(AlertCase c, Instant now) {
        return new CaseView(c.id(), c.agencyCode(), c.ruleId(), c.kind(), c.status(), c.openedAt(), c.deadline(),
                c.overdue(now), c.escalatedAt(), c.owner(), c.responses(), c.note(), c.figures());
    }
}
