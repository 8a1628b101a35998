package vn.hailong.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * One value of a breakdown's dimension: {@code key} its code (null: the dossier did not send
 * it), {@code name} the registry's name (null when none was sent, and for channels), {@code agency}
 * the agency a counter or officer belongs to (null for other dimensions). Below the minimum
 * sample {@code index} and {@code ci95} are null: such a figure is neither shown nor ranked. Nulls are
 * written out, so every row has the same fields.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BreakdownRow(@Nullable String key, @Nullable String name, @Nullable String agency, long responses,
                           @Nullable Double index, @Nullable List<Double> ci95, boolean sufficientSample) {
}
