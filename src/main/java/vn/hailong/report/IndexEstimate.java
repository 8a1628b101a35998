package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;

import java.util.Map;

/**
 * An index of one period with its standard error (√Var of docs/method.md §6.2, in points), the
 * overall SIPAS index and each element's by code: what a comparison between periods is made of.
 */
record IndexEstimate(@Nullable Double index, @Nullable Double se, long responses, boolean sufficientSample) {

    /** The overall and element estimates of one agency subtree, survey and period. */
    record Group(IndexEstimate overall, Map<String, IndexEstimate> elements) {
    }
}
