package vn.hailong.web;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import vn.hailong.security.ClientAddresses;
import vn.hailong.security.RateWindow;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * The guessing limit of rating codes: each unknown or used code an address opens (page or QR
 * image) counts; past {@code max-misses-per-address} within the window it gets 429. Per copy of
 * the app, like the other public limits (docs/security.md); with 60-bit codes the limit is a second
 * line, not the first (ADR 0050).
 */
@Singleton
class RatingCodeGuard {

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

    void miss(HttpRequest<?> request) {
        if (enabled) {
            misses.record(addresses.hashOf(request));
        }
    }

    OptionalLong retryAfterSeconds(HttpRequest<?> request) {
        return enabled ? misses.retryAfterSeconds(addresses.hashOf(request)) : OptionalLong.empty();
    }
}
