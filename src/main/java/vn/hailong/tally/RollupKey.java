package vn.hailong.tally;

import java.time.LocalDate;
import java.util.Comparator;

/**
 * The key of one rollup row: agency, survey and the day (or the month's first day). Ordered as
 * the tables' primary keys are, which is the order every writer locks rows in.
 */
record RollupKey(long agencyId, String surveyCode, LocalDate start) implements Comparable<RollupKey> {

    private static final Comparator<RollupKey> ORDER = Comparator.comparingLong(RollupKey::agencyId)
            .thenComparing(RollupKey::surveyCode).thenComparing(RollupKey::start);

    @Override
    public int compareTo(RollupKey other) {
        return ORDER.compare(this, other);
    }
}
