package vn.hailong.response;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import vn.hailong.security.ClientAddresses;
import vn.hailong.security.CsrfTokens;
import vn.hailong.security.RateWindow;
import vn.hailong.system.Refusal;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Limits for anonymous submissions (channels web and phone: the QR questionnaire and other public
 * clients), PER COPY of the app by design: counted in this process's memory, so behind a load
 * balancer with N copies a client may get up to N times the limit. That is enough to stop one
 * phone or script from flooding an agency's figures, costs no database work on the hottest path,
 * and keeps no raw data: keys are a keyed hash of the client address, and the browser's CSRF
 * cookie value (one phone). Defaults: 10 stored responses per browser and 60 per address (a
 * centre's Wi-Fi shares one) within 10 minutes. Only stored responses count; replays and refused
 * forms do not. Staff channels (kiosk, paper, portal) are not limited here.
 */
@Singleton
public class PublicClientLimits {

    private final boolean enabled;
    private final RateWindow perAddress;
    private final RateWindow perBrowser;
    private final ClientAddresses addresses;
    private final CsrfTokens browsers;

    PublicClientLimits(ClientAddresses addresses, CsrfTokens browsers,
                       @Value("${hailong.limits.public.enabled:true}") boolean enabled,
                       @Value("${hailong.limits.public.max-per-address:60}") int maxPerAddress,
                       @Value("${hailong.limits.public.max-per-browser:10}") int maxPerBrowser,
                       @Value("${hailong.limits.public.window:10m}") Duration window) {
        this.addresses = addresses;
        this.browsers = browsers;
        this.enabled = enabled;
        this.perAddress = new RateWindow(maxPerAddress, window, 100_000);
        this.perBrowser = new RateWindow(maxPerBrowser, window, 100_000);
    }

    /** Throws a 429 (with Retry-After) when this client sent too many responses lately. */
    public void check(HttpRequest<?> request) {
        if (!enabled) {
            return;
        }
        OptionalLong address = perAddress.retryAfterSeconds(addresses.hashOf(request));
        OptionalLong browser = browsers.seedOf(request).map(perBrowser::retryAfterSeconds).orElse(OptionalLong.empty());
        long wait = Math.max(address.orElse(0), browser.orElse(0));
        if (wait > 0) {
            throw Refusal.limited("limit.client", "Too many responses from this device or network. Try again later.", wait);
        }
    }

    /** Counts one stored response of this client. */
    public void stored(HttpRequest<?> request) {
        if (!enabled) {
            return;
        }
        perAddress.record(addresses.hashOf(request));
        browsers.seedOf(request).ifPresent(perBrowser::record);
    }

    static boolean isPublic(Channel channel) {
        return channel == Channel.WEB || channel == Channel.PHONE;
    }
}
