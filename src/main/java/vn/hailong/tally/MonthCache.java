package vn.hailong.tally;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The summed tallies of ended months, per agency subtree, survey and month, kept in memory by
 * each copy of the app (issue 16; ADR 0006, amended). A closed month changes only through a late
 * submission, an exclusion or inclusion, or a rebuild, and each of those bumps the month's epoch
 * ({@link MonthEpochs}) in its own transaction. {@link RollupReader} reads the epochs in the same
 * read transaction as the rows it sums, and an entry is used only while the epoch it was read at is
 * still the month's epoch and the subtree still holds the same agencies (a moved commune changes
 * its old and new ancestors' sums without touching a rollup row). So a copy never answers from a
 * stale entry, and every copy rebuilds its own entries from the database alone.
 *
 * <p>Bounded: a least-recently-used map of at most {@code hailong.reports.month-cache.entries}
 * entries (0 turns the cache off). An entry holds the encoded tally (a few hundred bytes) and the
 * subtree's agency ids, shared by all months of one read.
 */
@Singleton
public class MonthCache {

    /**
     * How long after a month has ended everywhere before its sums are cached. A submission into a
     * month that has not ended bumps no epoch (ADR 0006); it must have committed, and be visible to
     * the report database (a replica's lag included), before the month is cached. A day is far longer
     * than a submission's transaction, the clock difference between copies or a healthy replica's lag;
     * in the first day of a month, last month's figures are read from the rows as before.
     */
    static final Duration GRACE = Duration.ofDays(1);

    /**
     * One month ({@code lastMonth} = {@code month}), or the sum of the months {@code month} to
     * {@code lastMonth} (a report or ranking over many months: one tally to add instead of one per
     * month — decoding the month tallies was most of a warm ranking's time).
     */
    record Key(long agencyId, String surveyCode, LocalDate month, LocalDate lastMonth) {
        Key(long agencyId, String surveyCode, LocalDate month) {
            this(agencyId, surveyCode, month, month);
        }
    }

    /** {@code epochs}: of each month of the key, in order; {@code tally}: the encoded sum, null when the subtree had no responses then. */
    record Entry(long[] epochs, long[] members, @Nullable byte[] tally) {
        Entry(long epoch, long[] members, @Nullable byte[] tally) {
            this(new long[]{epoch}, members, tally);
        }

        boolean validFor(long[] currentEpochs, long[] currentMembers) {
            return Arrays.equals(epochs, currentEpochs) && (members == currentMembers || Arrays.equals(members, currentMembers));
        }
    }

    private final int capacity;
    private final Clock clock;
    private final LinkedHashMap<Key, Entry> entries;

    MonthCache(@Value("${hailong.reports.month-cache.entries:20000}") int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > MonthCache.this.capacity;
            }
        };
    }

    /** The last month whose sums may be cached now (null when the cache is off). */
    @Nullable LocalDate lastCachedMonth() {
        if (capacity <= 0) {
            return null;
        }
        Instant cutoff = clock.instant().minus(GRACE);
        LocalDate month = LocalDate.ofInstant(cutoff, ZoneOffset.UTC).withDayOfMonth(1);
        while (!MonthEpochs.ended(month, cutoff)) {
            month = month.minusMonths(1);
        }
        return month;
    }

    /** The entry of {@code key} if it is still exact at this epoch and for these subtree members, else null. */
    synchronized @Nullable Entry get(Key key, long epoch, long[] members) {
        return get(key, new long[]{epoch}, members);
    }

    synchronized @Nullable Entry get(Key key, long[] epochs, long[] members) {
        Entry entry = entries.get(key);
        return entry != null && entry.validFor(epochs, members) ? entry : null;
    }

    synchronized void put(Key key, Entry entry) {
        if (capacity > 0) {
            entries.put(key, entry);
        }
    }

    /** How many entries it holds (tests). */
    public synchronized int size() {
        return entries.size();
    }
}
