package vn.hailong.system;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

import java.util.List;

/** Builds problem+json responses with a stable {@code type} per status. */
public final class Problems {

    private Problems() {
    }

    public static Problem of(HttpStatus status, @Nullable String detail, @Nullable List<FieldError> errors) {
        String type = "https://hailong.vn/problems/" + status.getCode();
        return new Problem(type, status.getReason(), status.getCode(), detail, errors);
    }

    public static MutableHttpResponse<Problem> response(HttpStatus status, @Nullable String detail,
                                                        @Nullable List<FieldError> errors) {
        return HttpResponse.<Problem>status(status)
                .contentType(Problem.MEDIA_TYPE)
                .body(of(status, detail, errors));
    }

    /** A refusal as the API gives it: its status, English detail and refused fields. */
    public static Problem of(Refusal refusal) {
        return of(RefusalStatus.of(refusal), refusal.getMessage(), refusal.errors().isEmpty() ? null : refusal.errors());
    }

    public static MutableHttpResponse<Problem> response(Refusal refusal) {
        return response(RefusalStatus.of(refusal), refusal.getMessage(), refusal.errors().isEmpty() ? null : refusal.errors());
    }

    /** Framework paths look like {@code /from} or {@code body.answers}; clients want the bare name. */
    static String fieldOf(String path) {
        String f = path.startsWith("/") ? path.substring(1) : path;
        return f.isEmpty() ? "request" : f;
    }
}
