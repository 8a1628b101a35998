package vn.hailong.security;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.security.token.jwt.generator.JwtTokenGenerator;

/**
 * Refuses to start when the token generator has no signing key. Micronaut Security then issues
 * unsigned tokens, and with no key to verify against it accepts unsigned ones: anyone could log in
 * as anyone. That is what a misnamed or missing key bean would silently cause.
 */
@Context
final class SigningKeyCheck {

    SigningKeyCheck(JwtTokenGenerator generator) {
        if (!(generator.getSignatureConfiguration() instanceof SigningKey)) {
            throw new ConfigurationException("Login tokens would not be signed with HAILONG_JWT_SECRET (signature: "
                    + generator.getSignatureConfiguration() + ").");
        }
    }
}
