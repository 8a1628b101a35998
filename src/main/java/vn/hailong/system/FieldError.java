package vn.hailong.system;

import io.micronaut.serde.annotation.Serdeable;

/** One rejected field of a request: {@code answers.E3.1} with what is wrong with it. */
@Serdeable
public record FieldError(String field, String message) {
}
