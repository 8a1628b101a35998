package vn.hailong.account;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;

/**
 * Plugs {@link SessionRevocation} into JWT validation. Kept apart because a generic bean may be
 * created once per type argument: the account cache must be the one instance that logout clears.
 */
@Singleton
class RevocationClaimsValidator<T> implements GenericJwtClaimsValidator<T> {

    private final SessionRevocation revocation;

    RevocationClaimsValidator(SessionRevocation revocation) {
        this.revocation = revocation;
    }

    @Override
    public boolean validate(Claims claims, @Nullable T request) {
        return revocation.validate(claims);
    }
}
