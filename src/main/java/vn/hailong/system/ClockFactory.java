package vn.hailong.system;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The one clock that scheduled work (alert rules, deadlines, digests) reads, so a test can replace
 * it with a fixed one ({@code @Replaces}) and the schedule's decisions become exact.
 */
@Factory
class ClockFactory {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
