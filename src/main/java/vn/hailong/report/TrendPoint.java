package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;

/** The SIPAS index of one period (month, quarter...) of a trend. */
@Serdeable
public record TrendPoint(String period, LocalDate from, LocalDate to, long responses, @Nullable Double index,
                         @Nullable List<Double> ci95,
                         @Schema(description = "Minimum sample for publishing (not the Slovin target): true when responses reach hailong.report.minimum-sample (default 30); below it the figure is indicative and not ranked. docs/method.md §7.") boolean sufficientSample) {
}
