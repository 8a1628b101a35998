package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** One direct child of the ranked parent; rank is null when its sample is too small to rank. */
@Serdeable
public record RankingRow(@Nullable Integer rank, SatisfactionReport.AgencyRef agency, long responses,
                         @Nullable Double index, @Nullable List<Double> ci95, boolean sufficientSample) {
}
