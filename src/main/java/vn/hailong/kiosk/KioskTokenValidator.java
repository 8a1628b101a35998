package vn.hailong.kiosk;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import vn.hailong.account.Caller;
import vn.hailong.account.Role;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accepts the bearer token of an enrolled, not revoked kiosk as a KIOSK caller of its agency.
 *
 * <p>Each copy remembers a token it found valid for {@code hailong.kiosks.recheck} (default 10 s,
 * like account sessions) instead of reading the kiosk's row on every request; the copy that
 * revokes a kiosk forgets it at once. Submissions do not rely on this memory: the transaction
 * that stores a kiosk's response reads the kiosk's row again and refuses it once revoked, on
 * every copy at once. What the remembered window allows elsewhere is only a revoked kiosk's
 * heartbeat or profile read, for at most that long.
 */
@Singleton
class KioskTokenValidator implements TokenValidator<HttpRequest<?>> {

    private record Known(long kioskId, Authentication authentication, Instant readAt) {
    }

    private final KioskRepository kiosks;
    private final Duration recheck;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final Clock clock;

    KioskTokenValidator(KioskRepository kiosks, @Value("${hailong.kiosks.recheck:10s}") Duration recheck, Clock clock) {
        this.kiosks = kiosks;
        this.clock = clock;
        this.recheck = recheck;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, @Nullable HttpRequest<?> request) {
        if (token == null || !token.startsWith(KioskTokens.PREFIX)) {
            return Mono.empty();
        }
        String hash = KioskTokens.hash(token);
        Known remembered = known.get(hash);
        if (remembered != null && remembered.readAt().plus(recheck).isAfter(clock.instant())) {
            return Mono.just(remembered.authentication());
        }
        // The look-up is blocking JDBC: keep it off the event loop.
        return Mono.fromCallable(() -> {
            Instant now = clock.instant();
            Kiosk kiosk = kiosks.findByTokenHash(hash).filter(k -> k.revokedAt() == null).orElse(null);
            if (kiosk == null) {
                known.remove(hash);
                return null;
            }
            Authentication authentication = Caller.authentication("kiosk-" + kiosk.id(), Role.KIOSK, kiosk.agencyId(), kiosk.id());
            known.put(hash, new Known(kiosk.id(), authentication, now));
            return authentication;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** This copy stops trusting what it remembered of the kiosk (it was just revoked here). */
    void forget(long kioskId) {
        known.values().removeIf(k -> k.kioskId() == kioskId);
    }
}
