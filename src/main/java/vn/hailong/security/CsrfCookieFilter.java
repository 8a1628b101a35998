package vn.hailong.security;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.http.filter.ServerFilterPhase;

import java.time.Duration;

/**
 * Sends the CSRF cookie when a page made a new seed for its token. Runs outside the view
 * rendering (lower order) so the seed exists by the time the response passes here.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class CsrfCookieFilter implements Ordered {

    /** Long enough that a questionnaire left open on a phone can still be sent the next day. */
    static final Duration LIFETIME = Duration.ofDays(30);

    private final CookieSecurity cookies;

    CsrfCookieFilter(CookieSecurity cookies) {
        this.cookies = cookies;
    }

    @ResponseFilter
    void sendNewSeed(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(CsrfTokens.NEW_SEED, String.class).ifPresent(seed -> response.cookie(
                Cookie.of(CsrfTokens.COOKIE, seed).path("/").httpOnly(true).sameSite(SameSite.Lax)
                        .secure(cookies.secure(request)).maxAge(LIFETIME)));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.after();
    }
}
