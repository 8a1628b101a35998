package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.LocalDate;
import java.util.List;

/** The SIPAS index of one period (month, quarter...) of a trend. */
@Serdeable
public record TrendPoint(String period, LocalDate from, LocalDate to, long responses, @Nullable Double index,
                         @Nullable List<Double> ci95, boolean sufficientSample) {
}
