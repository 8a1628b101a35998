package vn.hailong.security;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Security headers on every response: pages, API, static files and errors alike. The CSP allows
 * scripts and styles from this site only -- no inline script, no event-handler attributes, no
 * inline styles (all of it lives in /static) -- and no framing by anyone. HSTS only when the
 * request came over HTTPS (or {@code hailong.https=true}).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class SecurityHeadersFilter implements Ordered {

    static final String CSP = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "worker-src 'self'",
            "manifest-src 'self'");
    static final String PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    private final CookieSecurity https;

    SecurityHeadersFilter(CookieSecurity https) {
        this.https = https;
    }

    @ResponseFilter
    void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        MutableHttpHeaders headers = response.getHeaders();
        headers.set("Content-Security-Policy", CSP);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        // Questionnaire links may carry a dossier code: never pass them on to another site. Not
        // "no-referrer": with it browsers send "Origin: null" on the site's own form posts, which
        // the server refuses as cross-origin.
        headers.set("Referrer-Policy", "same-origin");
        headers.set("Permissions-Policy", PERMISSIONS);
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        if (https.secure(request)) {
            headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        // Answers of staff (reports, admin pages, tokens) must not stay in shared caches or the browser's.
        boolean credentials = request.getHeaders().contains(HttpHeaders.AUTHORIZATION)
                || request.getCookies().contains("HAILONG_SESSION");
        if (credentials && !headers.contains(HttpHeaders.CACHE_CONTROL) && !request.getPath().startsWith("/static/")
                && !request.getPath().startsWith("/webjars/")) {
            headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
