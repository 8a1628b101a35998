package vn.hailong.kiosk;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Kiosk health for /prometheus, read from the database at each scrape so that every copy of the
 * app reports the same figures: {@code hailong_kiosk_waiting_responses} (answers waiting in the
 * outboxes of kiosks heard from within the window) and {@code hailong_kiosks_stale} (kiosks in
 * service not heard from within it).
 */
@Singleton
class KioskMetrics implements MeterBinder {

    private final KioskRepository kiosks;
    private final Duration window;
    private final Clock clock;

    KioskMetrics(KioskRepository kiosks, @Value("${hailong.kiosk.stale-after-minutes:15}") int staleAfterMinutes, Clock clock) {
        this.kiosks = kiosks;
        this.clock = clock;
        this.window = Duration.ofMinutes(staleAfterMinutes);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("hailong.kiosk.waiting.responses", this, m -> m.kiosks.waitingSince(m.since()))
                .description("Answers waiting in the outboxes of kiosks heard from recently").register(registry);
        Gauge.builder("hailong.kiosks.stale", this, m -> m.kiosks.staleSince(m.since()))
                .description("Kiosks in service not heard from within hailong.kiosk.stale-after-minutes").register(registry);
    }

    Instant since() {
        return clock.instant().minus(window);
    }

    Duration window() {
        return window;
    }
}
