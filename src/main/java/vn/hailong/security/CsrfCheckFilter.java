package vn.hailong.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.body.CloseableAvailableByteBody;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.token.cookie.AccessTokenCookieConfiguration;
import io.micronaut.views.ModelAndView;
import vn.hailong.system.PageModel;
import vn.hailong.system.Problems;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses state-changing requests that may come from another site:
 * <ul>
 *   <li>every POST/PUT/PATCH/DELETE to a page (anything outside {@code /api/}) needs the form field
 *       {@code _csrf} (url-encoded or multipart) or the header {@code X-CSRF-Token}, matching the
 *       browser's CSRF cookie → else a 403 page;</li>
 *   <li>an API call that is authenticated by the page cookie alone (no {@code Authorization} header)
 *       needs the header → else 403 problem+json. API calls with a bearer or kiosk token, or with
 *       no credentials at all, are not cookie-authenticated and need nothing.</li>
 * </ul>
 * Runs inside the view rendering (higher order than the views filter) so the 403 page is rendered.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class CsrfCheckFilter implements Ordered {

    private static final Set<HttpMethod> UNSAFE = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");

    private final CsrfTokens tokens;
    private final String sessionCookie;

    CsrfCheckFilter(CsrfTokens tokens, AccessTokenCookieConfiguration cookieConfiguration) {
        this.tokens = tokens;
        this.sessionCookie = cookieConfiguration.getCookieName();
    }

    @RequestFilter
    Publisher<HttpResponse<?>> check(ServerHttpRequest<?> request) {
        // An empty publisher lets the request through; one response refuses it.
        return Mono.fromFuture(decide(request)).flatMap(refusal -> refusal.isPresent() ? Mono.just(refusal.get()) : Mono.<HttpResponse<?>>empty());
    }

    private CompletableFuture<Optional<HttpResponse<?>>> decide(ServerHttpRequest<?> request) {
        if (!UNSAFE.contains(request.getMethod())) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        boolean api = request.getPath().startsWith("/api/");
        if (api) {
            boolean cookieOnly = request.getHeaders().get(HttpHeaders.AUTHORIZATION) == null
                    && request.getCookies().findCookie(sessionCookie).isPresent();
            if (!cookieOnly || tokens.valid(request, request.getHeaders().get(CsrfTokens.HEADER))) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            return CompletableFuture.completedFuture(Optional.of(Problems.response(HttpStatus.FORBIDDEN,
                    "A request authenticated by the page cookie needs the X-CSRF-Token header. API clients send a bearer token instead.", null)));
        }
        String header = request.getHeaders().get(CsrfTokens.HEADER);
        if (header != null) {
            return CompletableFuture.completedFuture(tokens.valid(request, header) ? Optional.empty() : Optional.of(refused(request)));
        }
        Optional<MediaType> type = request.getContentType();
        boolean form = type.map(t -> t.matches(MediaType.APPLICATION_FORM_URLENCODED_TYPE)).orElse(false);
        boolean multipart = type.map(t -> t.matches(MediaType.MULTIPART_FORM_DATA_TYPE)).orElse(false);
        if (!form && !multipart) {
            return CompletableFuture.completedFuture(Optional.of(refused(request)));
        }
        // Read a copy of the body; the controller still gets the original.
        return request.byteBody().split().buffer().<Optional<HttpResponse<?>>>thenApply(body -> {
            String token;
            try (CloseableAvailableByteBody copy = body) {
                String text = new String(copy.toByteArray(), StandardCharsets.ISO_8859_1);
                token = form ? formField(text) : multipartField(text, request.getHeaders().get(HttpHeaders.CONTENT_TYPE));
            }
            return tokens.valid(request, token) ? Optional.empty() : Optional.of(refused(request));
        });
    }

    /** {@code _csrf} of an url-encoded body (ASCII by definition, so ISO-8859-1 reading is exact). */
    static @Nullable String formField(String body) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (CsrfTokens.FIELD.equals(name)) {
                try {
                    return URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** {@code _csrf} of a multipart body: the part named so, up to the next boundary. */
    static @Nullable String multipartField(String body, @Nullable String contentType) {
        if (contentType == null) {
            return null;
        }
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) {
            return null;
        }
        String delimiter = "--" + boundary.group(1);
        for (String part : body.split(Pattern.quote(delimiter))) {
            int headerEnd = part.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                continue;
            }
            String headers = part.substring(0, headerEnd).toLowerCase(java.util.Locale.ROOT);
            if (headers.contains("name=\"" + CsrfTokens.FIELD + "\"")) {
                String value = part.substring(headerEnd + 4);
                return value.endsWith("\r\n") ? value.substring(0, value.length() - 2) : value;
            }
        }
        return null;
    }

    private static HttpResponse<?> refused(ServerHttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        return HttpResponse.status(HttpStatus.FORBIDDEN).body(new ModelAndView<>("system/csrf", model));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.RENDERING.after();
    }
}
