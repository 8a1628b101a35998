package vn.hailong.response;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import vn.hailong.system.ApiProblemException;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Submission counters and latency for /prometheus: {@code hailong_responses_total} by outcome
 * (stored, replayed, rejected) and rejection reason (the HTTP status), and
 * {@code hailong_submission_seconds} with a histogram for percentiles across copies.
 */
@Singleton
class SubmissionMetrics {

    private final MeterRegistry registry;
    private final Timer latency;

    SubmissionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.latency = Timer.builder("hailong.submission")
                .description("Time to validate and store one submission")
                .publishPercentileHistogram()
                .register(registry);
    }

    void accepted(RecordOutcome outcome, long nanos) {
        count(outcome.name().toLowerCase(Locale.ROOT), "none");
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void rejected(ApiProblemException problem, long nanos) {
        count("rejected", Integer.toString(problem.status().getCode()));
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    private void count(String outcome, String reason) {
        Counter.builder("hailong.responses")
                .description("Submissions by outcome")
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
