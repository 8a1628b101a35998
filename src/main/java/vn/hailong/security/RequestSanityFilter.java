package vn.hailong.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.HttpServerConfiguration;
import vn.hailong.system.Problems;

/**
 * Refuses, before anything else reads them, requests the framework would otherwise choke on:
 * a declared body above {@code micronaut.server.max-request-size} (413 at once, instead of reading
 * megabytes first) and an Accept-Language header that cannot be parsed (400; the framework
 * would throw while resolving the locale and answer 500).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class RequestSanityFilter implements Ordered {

    private final long maxRequestSize;

    RequestSanityFilter(HttpServerConfiguration server) {
        this.maxRequestSize = server.getMaxRequestSize();
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> check(HttpRequest<?> request) {
        long length = request.getContentLength();
        if (length > maxRequestSize) {
            return Problems.response(HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    "The request body has " + length + " bytes; at most " + maxRequestSize + " are accepted.", null);
        }
        try {
            request.getHeaders().findAcceptLanguage();
        } catch (RuntimeException e) {
            return Problems.response(HttpStatus.BAD_REQUEST, "The Accept-Language header is malformed.", null);
        }
        return null;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.after() + 1;
    }
}
