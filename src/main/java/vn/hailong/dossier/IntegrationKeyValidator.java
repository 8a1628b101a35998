package vn.hailong.dossier;

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

/**
 * Accepts the bearer key of an integration client that is not revoked as an INTEGRATION caller
 * of its agency. Nothing is remembered between requests: a key revoked on one copy is refused by
 * every copy from the next request on (the look-up is one indexed row).
 */
@Singleton
class IntegrationKeyValidator implements TokenValidator<HttpRequest<?>> {

    private final IntegrationClients clients;

    IntegrationKeyValidator(IntegrationClients clients) {
        this.clients = clients;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, @Nullable HttpRequest<?> request) {
        if (token == null || !token.startsWith(IntegrationClients.PREFIX)) {
            return Mono.empty();
        }
        // Blocking JDBC: keep it off the event loop.
        return Mono.fromCallable(() -> clients.authenticate(token)
                        .map(c -> Caller.authentication("integration-" + c.id(), Role.INTEGRATION, c.agencyId(), null))
                        .orElse(null))
                .subscribeOn(Schedulers.boundedElastic());
    }
}
