package vn.hailong.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.views.ViewsRenderer;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every exception no more specific handler claims ends here. When the database is unreachable
 * (see {@link DatabaseErrors#isUnavailable}) the request was not wrong and may be sent again as
 * it is: the answer is 503 with {@code Retry-After} — problem+json for the API, a friendly page for
 * people — so kiosks and other clients retry the same request (same id) later. Everything else is the
 * framework's plain 500 (through {@link ProblemErrorResponseProcessor}, without exception text).
 */
@Singleton
class UnavailableHandler implements ExceptionHandler<Exception, HttpResponse<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(UnavailableHandler.class);
    /** An outage fails every request; one warning per window is enough to see it in the log. */
    private static final long LOG_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ErrorResponseProcessor<?> errors;
    private final ViewsRenderer<Map<String, Object>, HttpRequest<?>> views;
    private final int retryAfterSeconds;
    private final Counter unavailable;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - LOG_WINDOW_NANOS);
    private final AtomicLong unreported = new AtomicLong();

    UnavailableHandler(ErrorResponseProcessor<?> errors, ViewsRenderer<Map<String, Object>, HttpRequest<?>> views, MeterRegistry meters,
                       @Value("${hailong.unavailable.retry-after-seconds:5}") int retryAfterSeconds) {
        this.errors = errors;
        this.views = views;
        this.retryAfterSeconds = retryAfterSeconds;
        this.unavailable = Counter.builder("hailong.database.unavailable")
                .description("Requests answered 503 because the database could not be reached")
                .register(meters);
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, Exception exception) {
        if (!DatabaseErrors.isUnavailable(exception) && clientWentAway(exception)) {
            // The client closed the connection mid-body (or a slow client was dropped, security.SlowClientGuard):
            // nobody will read an answer, and it is not the server's error.
            LOG.info("Client left before its request was complete: {} {}", request.getMethodName(), request.getPath());
            return errors.processResponse(ErrorContext.builder(request).cause(exception)
                    .errorMessage("The request was not complete.").build(), HttpResponse.badRequest());
        }
        if (!DatabaseErrors.isUnavailable(exception)) {
            LOG.error("Unexpected error on {} {}", request.getMethodName(), request.getPath(), exception);
            return errors.processResponse(ErrorContext.builder(request).cause(exception)
                    .errorMessage("Internal Server Error").build(), HttpResponse.serverError());
        }
        unavailable.increment();
        warnNowAndThen(request, exception);
        MutableHttpResponse<?> response;
        if (AuthorizationProblemHandler.isApi(request)) {
            response = Problems.response(HttpStatus.SERVICE_UNAVAILABLE,
                    "The service cannot reach its database just now. Send the same request again later (a response with the same id is stored only once).", null);
        } else {
            Map<String, Object> model = PageModel.of(request);
            model.put("retryAfter", retryAfterSeconds);
            model.put("resend", request.getMethod() != HttpMethod.GET);
            // Rendered here: the views filter does not see bodies that exception handlers return.
            response = HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .contentType(MediaType.TEXT_HTML + ";charset=utf-8")
                    .body(views.render("system/unavailable", model, request));
        }
        return response.header("Retry-After", Integer.toString(retryAfterSeconds));
    }

    private static boolean clientWentAway(Throwable exception) {
        boolean eof = false;
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException) {
                return false;   // the database's connection ended (Connector/J wraps an EOFException), not the client's
            }
            eof |= t instanceof java.io.EOFException;
        }
        return eof;
    }

    private void warnNowAndThen(HttpRequest<?> request, Exception exception) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= LOG_WINDOW_NANOS && lastWarning.compareAndSet(last, now)) {
            long more = unreported.getAndSet(0);
            LOG.warn("Database unreachable: 503 for {} {} ({} more since the last warning): {}",
                    request.getMethodName(), request.getPath(), more, rootMessage(exception));
        } else {
            unreported.incrementAndGet();
            LOG.debug("Database unreachable: 503 for {} {}", request.getMethodName(), request.getPath());
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
