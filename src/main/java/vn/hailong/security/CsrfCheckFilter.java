package vn.hailong.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.body.ByteBody;
import io.micronaut.http.body.CloseableAvailableByteBody;
import io.micronaut.http.exceptions.BufferLengthExceededException;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.token.cookie.AccessTokenCookieConfiguration;
import vn.hailong.system.Problems;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
 */
@Filter(Filter.MATCH_ALL_PATTERN)
class CsrfCheckFilter implements HttpServerFilter {

    private static final Set<HttpMethod> UNSAFE = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");

    private final CsrfTokens tokens;
    private final String sessionCookie;
    private final long maxRequestSize;

    CsrfCheckFilter(CsrfTokens tokens, AccessTokenCookieConfiguration cookieConfiguration, HttpServerConfiguration server) {
        this.tokens = tokens;
        this.sessionCookie = cookieConfiguration.getCookieName();
        this.maxRequestSize = server.getMaxRequestSize();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        if (!UNSAFE.contains(request.getMethod()) || !(request instanceof ServerHttpRequest<?> server)) {
            return chain.proceed(request);
        }
        return Mono.fromFuture(decide(server)).flatMap(refusal -> refusal.isPresent()
                ? Mono.<MutableHttpResponse<?>>just(refusal.get())
                : Mono.from(chain.proceed(request)));
    }

    private CompletableFuture<Optional<MutableHttpResponse<?>>> decide(ServerHttpRequest<?> request) {
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
        if (multipart && boundaryOf(request.getHeaders().get(HttpHeaders.CONTENT_TYPE)) == null) {
            // Without a boundary the multipart decoder never hands the body over: refuse at once.
            return CompletableFuture.completedFuture(Optional.of(Problems.response(HttpStatus.BAD_REQUEST,
                    "A multipart body needs a boundary in its Content-Type.", null)));
        }
        // FASTEST: the body is read from the network as fast as this copy consumes it, and kept for the
        // controller. With the default (SLOWEST) the copy waited for the controller's half, which nobody
        // reads before this check ends: every form above Netty's ~96 KB of buffered input stalled until
        // the backstop below, then got a 400 (issue 11, red-team finding 7). The body is bounded by
        // micronaut.server.max-request-size: above it the copy fails at once and the answer is 413.
        // A body that never completes (a client that stops sending) ends with the read timeouts
        // (security.SlowClientGuard); this is the backstop.
        return request.byteBody().split(ByteBody.SplitBackpressureMode.FASTEST).buffer()
                .orTimeout(90, java.util.concurrent.TimeUnit.SECONDS)
                .<Optional<MutableHttpResponse<?>>>handle((body, error) -> {
                    if (error != null) {
                        return Optional.of(tooLarge(error)
                                ? Problems.response(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "The request body is larger than "
                                        + maxRequestSize + " bytes.", null)
                                : Problems.response(HttpStatus.BAD_REQUEST, "The request body could not be read.", null));
                    }
                    String token;
                    try (CloseableAvailableByteBody copy = body) {
                        String text = new String(copy.toByteArray(), StandardCharsets.ISO_8859_1);
                        token = form ? formField(text) : multipartField(text, request.getHeaders().get(HttpHeaders.CONTENT_TYPE));
                    }
                    return tokens.valid(request, token) ? Optional.empty() : Optional.of(refused(request));
                });
    }

    private static boolean tooLarge(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ContentLengthExceededException || t instanceof BufferLengthExceededException) {
                return true;
            }
        }
        return false;
    }

    static @Nullable String boundaryOf(@Nullable String contentType) {
        if (contentType == null) {
            return null;
        }
        Matcher boundary = BOUNDARY.matcher(contentType);
        return boundary.find() && !boundary.group(1).isBlank() ? boundary.group(1) : null;
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
        String boundary = boundaryOf(contentType);
        if (boundary == null) {
            return null;
        }
        String delimiter = "--" + boundary;
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

    private static MutableHttpResponse<?> refused(ServerHttpRequest<?> request) {
        return HttpResponse.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_HTML + ";charset=utf-8").body(REFUSED_PAGE);
    }

    /**
     * Before authentication, while the request is still on its event-loop thread: the body copy
     * must be split off there (an asynchronous token check, as for kiosk tokens, moves the request
     * to another thread). The refusal page is therefore plain HTML in both languages, not a view.
     */
    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }

    static final String REFUSED_PAGE = """
            <!DOCTYPE html>
            <html lang="vi"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>403</title><link rel="stylesheet" href="/static/css/hailong.css"></head>
            <body><main class="page">
            <h1 lang="vi">Biểu mẫu đã hết hạn</h1>
            <p lang="vi">Để bảo đảm an toàn, biểu mẫu chưa được nhận. Xin quay lại, tải lại trang và gửi lại.</p>
            <h2 lang="en">This form has expired</h2>
            <p lang="en">For your safety the form could not be accepted. Go back, reload the page and send it again.</p>
            <p><a href="/">Hailong</a></p>
            </main></body></html>
            """;
}
