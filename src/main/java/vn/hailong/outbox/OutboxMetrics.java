package vn.hailong.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.BeanProvider;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Outbox health for /prometheus, read from the database at each scrape (the same on every copy):
 * {@code hailong_outbox_depth} (events not yet dispatched plus deliveries still pending) and
 * {@code hailong_outbox_oldest_undelivered_seconds}. Deliveries by outcome are counted where they
 * happen ({@code hailong_deliveries_total{channel,outcome}}). None of it is part of readiness: an
 * SMTP server or a receiver that is down only makes these numbers grow.
 */
@Singleton
class OutboxMetrics implements MeterBinder {

    // looked up at scrape time: the data source's own pool metrics need the registry this binds to
    private final BeanProvider<TransactionOperations<Connection>> transactions;
    private final Clock clock;

    OutboxMetrics(BeanProvider<TransactionOperations<Connection>> transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("hailong.outbox.depth", this, m -> m.number("""
                        SELECT (SELECT COUNT(*) FROM outbox_event WHERE dispatched_at IS NULL)
                             + (SELECT COUNT(*) FROM delivery WHERE status = 'pending')"""))
                .description("Outbox events not yet dispatched plus deliveries still pending").register(registry);
        Gauge.builder("hailong.outbox.oldest.undelivered.seconds", this, OutboxMetrics::oldestSeconds)
                .description("Age of the oldest undispatched event or pending delivery").register(registry);
    }

    private double oldestSeconds() {
        double oldest = Math.max(age("SELECT MIN(created_at) FROM outbox_event WHERE dispatched_at IS NULL"),
                age("SELECT MIN(created_at) FROM delivery WHERE status = 'pending'"));
        return oldest;
    }

    private double age(String sql) {
        try {
            LocalDateTime at = transactions.get().executeRead(status -> {
                try (PreparedStatement select = status.getConnection().prepareStatement(sql);
                     ResultSet rs = select.executeQuery()) {
                    return rs.next() ? rs.getObject(1, LocalDateTime.class) : null;
                }
            });
            return at == null ? 0 : Math.max(0, clock.millis() - at.toInstant(ZoneOffset.UTC).toEpochMilli()) / 1000.0;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private double number(String sql) {
        try {
            return transactions.get().executeRead(status -> {
                try (PreparedStatement select = status.getConnection().prepareStatement(sql);
                     ResultSet rs = select.executeQuery()) {
                    return rs.next() ? rs.getDouble(1) : 0;
                }
            });
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
