package vn.hailong.system;

import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sane token (a load
 * balancer or kiosk may set one), else a new UUID. The id is echoed in the response header and is
 * in the logging MDC as {@code requestId} on every thread that serves the request, so the JSON log
 * lines of one request can be found from the id a user or a kiosk reports. One access line per
 * request (health probes, metric scrapes and static files left out) goes to the logger
 * {@code hailong.access}; {@code LOGGER_LEVELS_HAILONG_ACCESS=WARN} turns it off.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class RequestIds implements Ordered {

    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";

    private static final String STARTED = RequestIds.class.getName() + ".started";
    private static final String ID = RequestIds.class.getName() + ".id";
    /** Letters, digits and a few separators only, so a caller cannot forge log lines or headers. */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Logger ACCESS = LoggerFactory.getLogger("hailong.access");

    @Override
    public int getOrder() {
        // Before security and everything else, so that even a rejected request carries its id.
        return ServerFilterPhase.FIRST.order();
    }

    @RequestFilter
    void assign(HttpRequest<?> request, MutablePropagatedContext context) {
        String given = request.getHeaders().get(HEADER);
        String id = given != null && ACCEPTED.matcher(given).matches() ? given : UUID.randomUUID().toString();
        request.setAttribute(ID, id);
        request.setAttribute(STARTED, System.nanoTime());
        context.add(new MdcPropagationContext(Map.of(MDC_KEY, id)));
    }

    @ResponseFilter
    void echo(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String id = request.getAttribute(ID, String.class).orElse(null);
        if (id == null) {
            return;
        }
        response.header(HEADER, id);
        if (ACCESS.isInfoEnabled() && !quiet(request.getPath())) {
            long started = request.getAttribute(STARTED, Long.class).orElse(System.nanoTime());
            ACCESS.info("{} {} {} {} ms", request.getMethodName(), request.getPath(), response.code(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Probes and scrapes arrive every few seconds from every copy: logging them would bury the rest. */
    private static boolean quiet(String path) {
        return path.startsWith("/health") || path.equals("/prometheus") || path.startsWith("/static/");
    }
}
