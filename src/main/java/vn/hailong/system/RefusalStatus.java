package vn.hailong.system;

import io.micronaut.http.HttpStatus;

/** The one translation between a {@link Refusal.Kind} and the HTTP status the edge answers with. */
public final class RefusalStatus {

    private RefusalStatus() {
    }

    public static HttpStatus of(Refusal refusal) {
        if (refusal instanceof ApiProblemException worded) {
            return worded.status();
        }
        return switch (refusal.kind()) {
            case MALFORMED -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case INVALID -> HttpStatus.UNPROCESSABLE_ENTITY;
            case LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    /** The kind of a status a controller chose itself ({@link ApiProblemException}). */
    static Refusal.Kind kindOf(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> Refusal.Kind.MALFORMED;
            case UNAUTHORIZED -> Refusal.Kind.UNAUTHENTICATED;
            case FORBIDDEN -> Refusal.Kind.FORBIDDEN;
            case NOT_FOUND -> Refusal.Kind.NOT_FOUND;
            case CONFLICT -> Refusal.Kind.CONFLICT;
            case TOO_MANY_REQUESTS -> Refusal.Kind.LIMITED;
            default -> status.getCode() >= 500 ? Refusal.Kind.UNAVAILABLE : Refusal.Kind.INVALID;
        };
    }
}
