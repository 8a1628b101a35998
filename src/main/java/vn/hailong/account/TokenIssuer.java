package vn.hailong.account;

import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.generator.AccessTokenConfiguration;
import io.micronaut.security.token.generator.TokenGenerator;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Signs access tokens (JWT) with the configured lifetime; used for bearer and cookie logins alike.
 * Each token records when it was issued to the millisecond, which {@link SessionRevocation} compares
 * with the account's {@code tokens_valid_after}.
 */
@Singleton
class TokenIssuer {

    private final TokenGenerator generator;
    private final AccessTokenConfiguration configuration;
    private final Clock clock;

    TokenIssuer(TokenGenerator generator, AccessTokenConfiguration configuration, Clock clock) {
        this.clock = clock;
        this.generator = generator;
        this.configuration = configuration;
    }

    String issue(Authentication authentication) {
        Map<String, Object> attributes = new HashMap<>(authentication.getAttributes());
        attributes.put(SessionRevocation.ISSUED_MS, clock.millis());
        Authentication stamped = Authentication.build(authentication.getName(), authentication.getRoles(), attributes);
        return generator.generateToken(stamped, lifetimeSeconds())
                .orElseThrow(() -> new IllegalStateException("token could not be signed"));
    }

    int lifetimeSeconds() {
        return configuration.getExpiration();
    }
}
