package vn.hailong.kiosk;

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

/** Accepts the bearer token of an enrolled, not revoked kiosk as a KIOSK caller of its agency. */
@Singleton
class KioskTokenValidator implements TokenValidator<HttpRequest<?>> {

    private final KioskRepository kiosks;

    KioskTokenValidator(KioskRepository kiosks) {
        this.kiosks = kiosks;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, @Nullable HttpRequest<?> request) {
        if (token == null || !token.startsWith(KioskTokens.PREFIX)) {
            return Mono.empty();
        }
        // The look-up is blocking JDBC: keep it off the event loop.
        return Mono.fromCallable(() -> kiosks.findByTokenHash(KioskTokens.hash(token))
                        .filter(k -> k.revokedAt() == null)
                        .map(k -> Caller.authentication("kiosk-" + k.id(), Role.KIOSK, k.agencyId(), k.id()))
                        .orElse(null))
                .subscribeOn(Schedulers.boundedElastic());
    }
}
