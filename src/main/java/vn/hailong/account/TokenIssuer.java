package vn.hailong.account;

import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.generator.AccessTokenConfiguration;
import io.micronaut.security.token.generator.TokenGenerator;
import jakarta.inject.Singleton;

/** Signs access tokens (JWT) with the configured lifetime; used for bearer and cookie logins alike. */
@Singleton
class TokenIssuer {

    private final TokenGenerator generator;
    private final AccessTokenConfiguration configuration;

    TokenIssuer(TokenGenerator generator, AccessTokenConfiguration configuration) {
        this.generator = generator;
        this.configuration = configuration;
    }

    String issue(Authentication authentication) {
        return generator.generateToken(authentication, lifetimeSeconds())
                .orElseThrow(() -> new IllegalStateException("token could not be signed"));
    }

    int lifetimeSeconds() {
        return configuration.getExpiration();
    }
}
