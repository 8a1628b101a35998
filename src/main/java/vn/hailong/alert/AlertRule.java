package vn.hailong.alert;

import io.micronaut.core.annotation.Nullable;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** One stored rule; fields its kind does not use are null. */
record AlertRule(long id, long agencyId, String agencyCode, String kind, String survey, List<String> recipients,
                 @Nullable BigDecimal threshold, @Nullable Integer days, @Nullable String element,
                 @Nullable BigDecimal drop, List<String> words, int deadlineHours, String createdBy, Instant createdAt) {

    static final String NOT_SATISFIED = "not-satisfied";
    static final String BELOW_THRESHOLD = "below-threshold";
    static final String DROP = "drop";
    static final String KEYWORD = "keyword";
    static final List<String> KINDS = List.of(NOT_SATISFIED, BELOW_THRESHOLD, DROP, KEYWORD);
}
