package vn.hailong.system;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Framework-raised errors (unknown route, unreadable JSON, bad parameters, ...) use the same
 * problem+json shape as our own. Server errors never carry exception text: that is where stack
 * traces and SQL would leak.
 */
@Singleton
@Primary
class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext errorContext, MutableHttpResponse<?> response) {
        HttpStatus status = response.status();
        String detail;
        List<FieldError> errors = new ArrayList<>();
        if (status.getCode() >= 500) {
            detail = "The server could not handle this request. Try again later.";
        } else {
            detail = status.getReason();
            for (Error error : errorContext.getErrors()) {
                String field = error.getPath().map(Problems::fieldOf).orElse("request");
                errors.add(new FieldError(field, clientText(field, error.getMessage(), status)));
            }
            if (errors.size() == 1) {
                detail = errors.get(0).message();
            }
        }
        return response.contentType(Problem.MEDIA_TYPE)
                .body(Problems.of(status, detail, errors.isEmpty() ? null : errors));
    }

    /** "Failed to convert argument [selector] for value [db] due to: …": the framework's conversion error. */
    private static final Pattern CONVERSION = Pattern.compile("^Failed to convert argument \\[([^\\]]*)] for value \\[(.*?)] due to", Pattern.DOTALL);
    /**
     * What a client must not read (red-team finding 9 of issue 11): a class name with its package
     * ({@code io.micronaut.management.health.indicator.HealthCheckType}), an exception's name, a
     * JSON parser's token names, feature flags and source locations.
     */
    private static final Pattern INTERNAL = Pattern.compile(
            "\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\.[A-Z][A-Za-z0-9_$]*|Exception|Feature\\.|Source: |START_[A-Z]+|END_[A-Z]+|VALUE_[A-Z]+");
    private static final int MAX_ECHO = 80;

    /**
     * The framework's message when it says only what the client sent and what was wrong with it;
     * otherwise a plain sentence naming the field. The exception behind it is never the client's business.
     */
    static String clientText(String field, @Nullable String message, HttpStatus status) {
        if (message == null || message.isBlank()) {
            return status.getReason();
        }
        Matcher conversion = CONVERSION.matcher(message);
        if (conversion.find()) {
            String argument = conversion.group(1);
            String value = conversion.group(2);
            if ("null".equals(value) || value.isEmpty()) {
                return "The request body could not be read as the JSON object this operation expects.";
            }
            String shown = value.length() > MAX_ECHO ? value.substring(0, MAX_ECHO) + "…" : value;
            return "'" + shown + "' is not a valid value for " + argument + ".";
        }
        if (INTERNAL.matcher(message).find()) {
            return "The value of " + field + " is not valid.";
        }
        return message;
    }
}
