package vn.hailong.system;

import io.micronaut.http.HttpStatus;

import java.util.List;

/**
 * A refusal a controller words itself, with its HTTP status: only the edge (controllers) throws
 * it; storage and checking code throws a {@link Refusal} with a code (ArchitectureTest holds
 * this). Rendered as problem+json by {@link ApiProblemHandler}, as every refusal.
 */
public class ApiProblemException extends Refusal {

    static final String CODE = "other";

    private final HttpStatus status;

    public ApiProblemException(HttpStatus status, String detail, List<FieldError> errors) {
        this(status, detail, errors, null);
    }

    private ApiProblemException(HttpStatus status, String detail, List<FieldError> errors, Long retryAfterSeconds) {
        super(RefusalStatus.kindOf(status), CODE, List.of(), detail,
                errors.stream().map(e -> new Reason(e.field(), CODE, List.of(), e.message())).toList(), retryAfterSeconds);
        this.status = status;
    }

    /** 429 with the seconds after which trying again makes sense (sent as Retry-After). */
    public static ApiProblemException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ApiProblemException(HttpStatus.TOO_MANY_REQUESTS, detail, List.of(), Math.max(1, retryAfterSeconds));
    }

    public static ApiProblemException notFound(String field, String detail) {
        return new ApiProblemException(HttpStatus.NOT_FOUND, detail, List.of(new FieldError(field, detail)));
    }

    public static ApiProblemException invalid(List<FieldError> errors) {
        return new ApiProblemException(HttpStatus.UNPROCESSABLE_ENTITY, INVALID_FIELDS, errors);
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
}
