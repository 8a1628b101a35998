package vn.hailong.system;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** RFC 9457 problem details, the body of every API error. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, @Nullable String detail,
                      @Nullable List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
