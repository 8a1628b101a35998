package vn.hailong.system;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

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
                errors.add(new FieldError(field, error.getMessage()));
            }
            if (errors.size() == 1) {
                detail = errors.get(0).message();
            }
        }
        return response.contentType(Problem.MEDIA_TYPE)
                .body(Problems.of(status, detail, errors.isEmpty() ? null : errors));
    }
}
