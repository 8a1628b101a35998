package vn.hailong.kiosk;

import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The enrolled kiosks as the admin page lists them, with what their heartbeat last told. */
@Singleton
public class KioskRoster {

    private final KioskRepository kiosks;
    private final KioskMetrics metrics;

    KioskRoster(KioskRepository kiosks, KioskMetrics metrics) {
        this.kiosks = kiosks;
        this.metrics = metrics;
    }

    public List<Kiosk> all() {
        return kiosks.findAllOrderById();
    }

    public Optional<Kiosk> byId(long id) {
        return kiosks.findById(id);
    }

    /** Not heard from within the window (hailong.kiosk.stale-after-minutes) while in service. */
    public boolean stale(Kiosk kiosk, Instant now) {
        Instant since = now.minus(metrics.window());
        Instant heard = kiosk.lastSeenAt() != null ? kiosk.lastSeenAt() : kiosk.createdAt();
        return !kiosk.revoked() && heard.isBefore(since);
    }

    public Duration staleAfter() {
        return metrics.window();
    }
}
