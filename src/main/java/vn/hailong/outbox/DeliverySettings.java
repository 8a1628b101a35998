package vn.hailong.outbox;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;

/** How the dispatchers claim and retry (application.yml, hailong.outbox.*). */
@Singleton
class DeliverySettings {

    final Duration lease;
    final Duration retryBase;
    final Duration retryMax;
    final int batch;
    final int maxMailAttempts;
    final int pauseAfterFailures;
    final Duration webhookTimeout;

    DeliverySettings(@Value("${hailong.outbox.lease:60s}") Duration lease,
                     @Value("${hailong.outbox.retry-base:10s}") Duration retryBase,
                     @Value("${hailong.outbox.retry-max:1h}") Duration retryMax,
                     @Value("${hailong.outbox.batch:50}") int batch,
                     @Value("${hailong.outbox.max-mail-attempts:20}") int maxMailAttempts,
                     @Value("${hailong.webhooks.pause-after-failures:20}") int pauseAfterFailures,
                     @Value("${hailong.webhooks.timeout:10s}") Duration webhookTimeout) {
        this.lease = lease;
        this.retryBase = retryBase;
        this.retryMax = retryMax;
        this.batch = batch;
        this.maxMailAttempts = maxMailAttempts;
        this.pauseAfterFailures = pauseAfterFailures;
        this.webhookTimeout = webhookTimeout;
    }

    /** Exponential backoff: base, 2·base, 4·base… after the 1st, 2nd, 3rd failed attempt, at most retryMax. */
    Duration backoff(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 30));
        long millis = retryBase.toMillis() << doublings;
        return millis <= 0 || millis > retryMax.toMillis() ? retryMax : Duration.ofMillis(millis);
    }
}
