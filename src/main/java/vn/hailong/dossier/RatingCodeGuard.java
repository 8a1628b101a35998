package vn.hailong.dossier;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import vn.hailong.security.ClientAddresses;
import vn.hailong.security.RateWindow;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * The guessing limit of rating codes: each unknown or used code an address opens (page or QR
 * image) counts; past {@code max-misses-per-address} within the window it gets 429. A kiosk
 * checking typed codes counts per kiosk instead of per address (a whole centre's kiosks may share
 * one address), with the same limit. Per copy of the app, like the other public limits
 * (docs/security.md); with 60-bit codes the limit is a second line, not the first (ADR 0050).
 */
@Singleton
public class RatingCodeGuard {

    private final ClientAddresses addresses;
    private final RateWindow misses;
    private final boolean enabled;

    RatingCodeGuard(ClientAddresses addresses,
                    @Value("${hailong.limits.rating-codes.enabled:true}") boolean enabled,
                    @Value("${hailong.limits.rating-codes.max-misses-per-address:30}") int maxMisses,
                    @Value("${hailong.limits.rating-codes.window:10m}") Duration window) {
        this.addresses = addresses;
        this.enabled = enabled;
        this.misses = new RateWindow(maxMisses, window, 100_000);
    }

    /** An unknown or used code opened from this request's address. */
    public void miss(HttpRequest<?> request) {
        if (enabled) {
            misses.record(addresses.hashOf(request));
        }
    }

    public OptionalLong retryAfterSeconds(HttpRequest<?> request) {
        return enabled ? misses.retryAfterSeconds(addresses.hashOf(request)) : OptionalLong.empty();
    }

    /** An unknown or used code typed on the kiosk {@code kioskId}. */
    public void kioskMiss(long kioskId) {
        if (enabled) {
            misses.record(kioskKey(kioskId));
        }
    }

    public OptionalLong kioskRetryAfterSeconds(long kioskId) {
        return enabled ? misses.retryAfterSeconds(kioskKey(kioskId)) : OptionalLong.empty();
    }

    /** Not a hash: a kiosk id is no personal data, and it cannot collide with an address hash (hex). */
    private static String kioskKey(long kioskId) {
        return "kiosk:" + kioskId;
    }
}
