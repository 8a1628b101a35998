package vn.hailong.response;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import vn.hailong.system.Refusal;
import vn.hailong.system.RefusalStatus;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Submission counters and latency for /prometheus: {@code hailong_responses_total} by outcome
 * (stored, replayed, rejected) and rejection reason (the HTTP status), and
 * {@code hailong_submission_seconds} with a histogram for percentiles across copies.
 */
@Singleton
class SubmissionMetrics {

    private final MeterRegistry registry;
    private final Timer latency;
    private final DistributionSummary groups;
    private final Counter splits;

    SubmissionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.latency = Timer.builder("hailong.submission")
                .description("Time to validate and store one submission")
                .publishPercentileHistogram()
                .register(registry);
        this.groups = DistributionSummary.builder("hailong.submission.group")
                .description("Responses per group-commit transaction (started)")
                .baseUnit("responses")
                .register(registry);
        this.splits = Counter.builder("hailong.submission.split")
                .description("Group-commit transactions that failed (a unique key, a deadlock) and were written again one by one")
                .register(registry);
    }

    /**
     * The group-commit queue: {@code hailong_submissions_waiting}, responses handed to the writers
     * and not yet in a transaction; {@code hailong_submissions_in_flight}, handed over and not yet
     * answered (waiting or inside a transaction).
     */
    void queue(Supplier<Number> waiting, Supplier<Number> inFlight) {
        Gauge.builder("hailong.submissions.waiting", waiting)
                .description("Submissions waiting for a writer (group commit queue)")
                .register(registry);
        Gauge.builder("hailong.submissions.in.flight", inFlight)
                .description("Submissions handed to the writers and not yet answered")
                .register(registry);
    }

    /** {@code hailong_submission_group_responses}: how many responses each group-commit transaction held. */
    void group(int responses) {
        groups.record(responses);
    }

    /** {@code hailong_submission_split_total}: groups whose transaction failed and were written again one by one. */
    void split() {
        splits.increment();
    }

    void accepted(RecordOutcome outcome, long nanos) {
        count(outcome.name().toLowerCase(Locale.ROOT), "none");
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counted by the status the API answers with ({@code reason="422"}), as dashboards already read it. */
    void rejected(Refusal refusal, long nanos) {
        count("rejected", Integer.toString(RefusalStatus.of(refusal).getCode()));
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
