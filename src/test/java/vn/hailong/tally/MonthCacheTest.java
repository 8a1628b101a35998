package vn.hailong.tally;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class MonthCacheTest {

    static final long[] MEMBERS = {7, 8, 9};

    static MonthCache cache(int entries, String now) {
        return new MonthCache(entries, Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
    }

    static MonthCache.Key key(long agency, String month) {
        return new MonthCache.Key(agency, "sipas-2017", LocalDate.parse(month));
    }

    @Test
    void holdsAtMostTheConfiguredNumberOfEntriesAndDropsTheLeastRecentlyUsed() {
        MonthCache cache = cache(3, "2026-12-04T10:00:00Z");
        for (int agency = 1; agency <= 3; agency++) {
            cache.put(key(agency, "2026-01-01"), new MonthCache.Entry(0, MEMBERS, new byte[]{1}));
        }
        assertThat(cache.get(key(1, "2026-01-01"), 0, MEMBERS)).as("1 used: 2 is now the eldest").isNotNull();
        cache.put(key(4, "2026-01-01"), new MonthCache.Entry(0, MEMBERS, null));
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get(key(2, "2026-01-01"), 0, MEMBERS)).isNull();
        assertThat(cache.get(key(1, "2026-01-01"), 0, MEMBERS)).isNotNull();
        assertThat(cache.get(key(3, "2026-01-01"), 0, MEMBERS)).isNotNull();
        assertThat(cache.get(key(4, "2026-01-01"), 0, MEMBERS)).isNotNull();
        for (int agency = 10; agency < 1010; agency++) {
            cache.put(key(agency, "2026-02-01"), new MonthCache.Entry(0, MEMBERS, null));
        }
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void anEntryIsUsedOnlyAtItsEpochAndForTheSameSubtree() {
        MonthCache cache = cache(10, "2026-12-04T10:00:00Z");
        cache.put(key(1, "2026-01-01"), new MonthCache.Entry(4, MEMBERS, new byte[]{1}));
        assertThat(cache.get(key(1, "2026-01-01"), 4, new long[]{7, 8, 9})).isNotNull();
        assertThat(cache.get(key(1, "2026-01-01"), 5, MEMBERS)).as("the month changed since").isNull();
        assertThat(cache.get(key(1, "2026-01-01"), 4, new long[]{7, 8})).as("an agency moved out of the subtree").isNull();
        assertThat(cache.get(key(1, "2026-01-01"), 4, new long[]{7, 8, 9, 10})).as("one moved in").isNull();
    }

    @Test
    void cachesOnlyMonthsThatEndedEverywhereADayAgo() {
        // November ends everywhere at 2026-12-01T12:00Z (UTC-12); cached from a day later.
        assertThat(cache(10, "2026-12-02T11:59:59Z").lastCachedMonth()).isEqualTo(LocalDate.parse("2026-10-01"));
        assertThat(cache(10, "2026-12-02T12:00:00Z").lastCachedMonth()).isEqualTo(LocalDate.parse("2026-11-01"));
        assertThat(cache(10, "2026-12-31T23:00:00Z").lastCachedMonth()).isEqualTo(LocalDate.parse("2026-11-01"));
        assertThat(cache(0, "2026-12-31T23:00:00Z").lastCachedMonth()).as("0 entries: off").isNull();
        assertThat(MonthEpochs.ended(LocalDate.parse("2026-11-30"), Instant.parse("2026-12-01T11:59:59Z"))).isFalse();
        assertThat(MonthEpochs.ended(LocalDate.parse("2026-11-30"), Instant.parse("2026-12-01T12:00:00Z"))).isTrue();
    }
}
