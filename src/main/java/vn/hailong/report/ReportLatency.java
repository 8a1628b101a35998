package vn.hailong.report;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code hailong_report_seconds{report, status}}: how long each report endpoint takes, request to
 * response, with a histogram so p50/p99 can be computed across copies. Measured at the edge of the
 * report endpoints rather than inside the report code, so it covers the API and the reviewer page
 * whatever the storage underneath (raw scan, rollups, replica) does.
 */
@ServerFilter({"/api/v1/reports/**", "/reports", "/reports/**"})
final class ReportLatency {

    private static final String STARTED = ReportLatency.class.getName() + ".started";
    private static final Set<String> REPORTS = Set.of("satisfaction", "ranking", "trend", "comments");

    private final MeterRegistry registry;

    ReportLatency(MeterRegistry registry) {
        this.registry = registry;
    }

    @RequestFilter
    void start(HttpRequest<?> request) {
        request.setAttribute(STARTED, System.nanoTime());
    }

    @ResponseFilter
    void stop(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(STARTED, Long.class).ifPresent(started -> Timer.builder("hailong.report")
                .description("Time to answer a report request, by report and status class")
                .tag("report", report(request.getPath()))
                .tag("status", (response.code() / 100) + "xx")
                .publishPercentileHistogram()
                .register(registry)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
    }

    /** The endpoint's name from a fixed set, so a crafted path cannot create new time series. */
    static String report(String path) {
        if (path.equals("/reports") || path.startsWith("/reports/")) {
            return "page";
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        int dot = last.indexOf('.');
        String name = dot < 0 ? last : last.substring(0, dot);
        return REPORTS.contains(name) ? name : "other";
    }
}
