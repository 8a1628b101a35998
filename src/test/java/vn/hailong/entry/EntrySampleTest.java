package vn.hailong.entry;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which sheets a round keys twice: fixed by round and sheet number, about N of every hundred. */
class EntrySampleTest {

    @Test
    void allNoneOrAboutTheShareAskedFor() {
        assertThat(IntStream.rangeClosed(1, 1000).allMatch(n -> EntrySample.doubleKeyed(4, n, 100))).isTrue();
        assertThat(IntStream.rangeClosed(1, 1000).noneMatch(n -> EntrySample.doubleKeyed(4, n, 0))).isTrue();
        long sampled = IntStream.rangeClosed(1, 10_000).filter(n -> EntrySample.doubleKeyed(4, n, 30)).count();
        // binomial(10 000, 0.3): sd ≈ 46, so ±200 is more than four standard deviations
        assertThat(sampled).isBetween(2_800L, 3_200L);
        long tenPercent = IntStream.rangeClosed(1, 10_000).filter(n -> EntrySample.doubleKeyed(9, n, 10)).count();
        assertThat(tenPercent).isBetween(850L, 1_150L);
    }

    @Test
    void theChoiceIsTheSameEveryTimeAndDiffersBetweenRounds() {
        for (int n = 1; n <= 200; n++) {
            assertThat(EntrySample.doubleKeyed(4, n, 50)).isEqualTo(EntrySample.doubleKeyed(4, n, 50));
        }
        long differ = IntStream.rangeClosed(1, 1000).filter(n -> EntrySample.doubleKeyed(4, n, 50) != EntrySample.doubleKeyed(5, n, 50))
                .count();
        assertThat(differ).isGreaterThan(300);
    }

    @Test
    void aLargerShareKeepsTheSheetsOfASmallerOne() {
        // the bucket of a sheet is fixed: raising the share from 20 to 40 % adds sheets, never drops one
        assertThat(IntStream.rangeClosed(1, 2000).filter(n -> EntrySample.doubleKeyed(7, n, 20))
                .allMatch(n -> EntrySample.doubleKeyed(7, n, 40))).isTrue();
    }
}
