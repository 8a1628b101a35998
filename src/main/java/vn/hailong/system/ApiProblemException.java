package vn.hailong.system;

import io.micronaut.http.HttpStatus;

import java.util.List;

/** Thrown anywhere a request must be refused; rendered as problem+json by {@link ApiProblemHandler}. */
public class ApiProblemException extends RuntimeException {

    private final HttpStatus status;
    private final List<FieldError> errors;
    private final Long retryAfterSeconds;

    public ApiProblemException(HttpStatus status, String detail, List<FieldError> errors) {
        this(status, detail, errors, null);
    }

    private ApiProblemException(HttpStatus status, String detail, List<FieldError> errors, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 429 with the seconds after which trying again makes sense (sent as Retry-After). */
    public static ApiProblemException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ApiProblemException(HttpStatus.TOO_MANY_REQUESTS, detail, List.of(), Math.max(1, retryAfterSeconds));
    }

    /** Seconds for Retry-After, or null when trying again soon is pointless or harmless. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiProblemException notFound(String field, String detail) {
        return new ApiProblemException(HttpStatus.NOT_FOUND, detail, List.of(new FieldError(field, detail)));
    }

    public static ApiProblemException invalid(List<FieldError> errors) {
        return new ApiProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "The request has invalid fields.", errors);
    }

    public static ApiProblemException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ApiProblemException badRequest(String field, String message) {
        return new ApiProblemException(HttpStatus.BAD_REQUEST, message, List.of(new FieldError(field, message)));
    }

    public static ApiProblemException conflict(String field, String detail) {
        return new ApiProblemException(HttpStatus.CONFLICT, detail, List.of(new FieldError(field, detail)));
    }

    public static ApiProblemException forbidden(String detail) {
        return new ApiProblemException(HttpStatus.FORBIDDEN, detail, List.of());
    }

    public HttpStatus status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Problem toProblem() {
        return Problems.of(status, getMessage(), errors.isEmpty() ? null : errors);
    }
}
