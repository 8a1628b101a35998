package vn.hailong.alert;

import io.micronaut.http.HttpStatus;

import java.util.List;

/**
 * A refused rule or case action with its status (404 unknown, 403 outside the caller's scope, 409 a
 * case no longer in the state, 422 invalid fields). The API turns it into problem+json
 * ({@link AlertRefusalHandler}); the pages show the same refusals in the page's language.
 */
class AlertRefused extends RuntimeException {

    private final HttpStatus status;
    private final List<AlertRefusal> refusals;

    AlertRefused(HttpStatus status, List<AlertRefusal> refusals) {
        super(refusals.isEmpty() ? status.getReason() : refusals.get(0).key(), null, false, false);
        this.status = status;
        this.refusals = List.copyOf(refusals);
    }

    AlertRefused(HttpStatus status, AlertRefusal refusal) {
        this(status, List.of(refusal));
    }

    HttpStatus status() {
        return status;
    }

    List<AlertRefusal> refusals() {
        return refusals;
    }
}
