package vn.hailong.account;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * A signed token alone is not enough: its account must still exist, be enabled, and not have had
 * its password or scope changed since the token was issued (the token's session version must
 * equal the account's). Checked on every request with a staff token, in the database, so a
 * disabled account is locked out at once on every copy. A failed check makes the token invalid:
 * the page sends the person to the login form, the API answers 401.
 */
@Singleton
class AccountSessionCheck implements GenericJwtClaimsValidator<HttpRequest<?>> {

    static final String SESSION_VERSION = "sv";

    private final AccountRepository accounts;

    AccountSessionCheck(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    public boolean validate(Claims claims, HttpRequest<?> request) {
        Object subject = claims.get(Claims.SUBJECT);
        if (!(subject instanceof String username)) {
            return false;
        }
        Optional<Account> account = accounts.findByUsername(username);
        if (account.isEmpty() || !account.get().enabled()) {
            return false;
        }
        // Tokens issued before session versions existed carry none: they count as version 0.
        Object version = claims.get(SESSION_VERSION);
        long issuedWith = version instanceof Number n ? n.longValue() : 0;
        return issuedWith == account.get().sessionVersion();
    }
}
