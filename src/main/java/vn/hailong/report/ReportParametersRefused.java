package vn.hailong.report;

import io.micronaut.http.HttpStatus;
import vn.hailong.system.FieldError;

import java.util.List;

/**
 * Report parameters that cannot be used, each named with why ({@link ReportParameters}): 400 when
 * one is not even written right (a date that is not YYYY-MM-DD, a missing agency), 422 when all are
 * readable but some are not acceptable (a date outside the years reports cover, a filter value too
 * long). The API answers it as problem+json ({@link ReportRefusalHandler}); pages show the errors
 * as their messages, in the page's language.
 */
public class ReportParametersRefused extends RuntimeException {

    private final HttpStatus status;
    private final List<FieldError> errors;

    ReportParametersRefused(HttpStatus status, List<FieldError> errors) {
        super(errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message() : "Some parameters are invalid.", null,
                false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public HttpStatus status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
