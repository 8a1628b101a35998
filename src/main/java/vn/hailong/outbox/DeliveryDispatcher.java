package vn.hailong.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Sends queued deliveries: claims due rows (see {@link Claims}), sends each outside any transaction,
 * then records the outcome — only if the claim is still this copy's. Webhooks: any 2xx is success,
 * anything else (status, refused connection, timeout) is retried after an exponentially growing
 * pause; after {@code pause-after-failures} failures in a row the hook is paused. E-mail is given up
 * after {@code max-mail-attempts}. At least once: a copy killed between sending and recording sends
 * again when its claim runs out, with the same event id.
 */
@Singleton
@Requires(property = "hailong.outbox.enabled", notEquals = "false")
class DeliveryDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatcher.class);
    private static final String DUE = "status = 'pending' AND (webhook_id IS NULL OR webhook_id IN "
            + "(SELECT id FROM webhook WHERE paused_at IS NULL AND deleted_at IS NULL))";

    private record Claimed(long id, String eventId, String eventKind, String channel, String target, String subject,
                           String body, int attempts, String url, String secret) {
    }

    private final TransactionOperations<Connection> transactions;
    private final DeliverySettings settings;
    private final MailSender mail;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final HttpClient http;

    DeliveryDispatcher(TransactionOperations<Connection> transactions, DeliverySettings settings, MailSender mail,
                       Clock clock, MeterRegistry metrics) {
        this.transactions = transactions;
        this.settings = settings;
        this.mail = mail;
        this.clock = clock;
        this.metrics = metrics;
        this.http = HttpClient.newBuilder().connectTimeout(settings.webhookTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Scheduled(fixedDelay = "${hailong.outbox.poll:2s}", initialDelay = "${hailong.outbox.initial-delay:1s}")
    void poll() {
        try {
            while (sendDue() == settings.batch) {
                // a full batch: more may be waiting
            }
        } catch (RuntimeException e) {
            LOG.warn("delivery dispatch failed: {}", e.toString());
        }
    }

    int sendDue() {
        String token = UUID.randomUUID().toString();
        Instant now = clock.instant();
        List<Long> claimed = transactions.executeWrite(status -> Claims.claim(status.getConnection(), "delivery", DUE,
                token, now, now.plus(settings.lease), settings.batch));
        for (long id : claimed) {
            Claimed delivery = transactions.executeRead(status -> read(status.getConnection(), id, token));
            if (delivery != null) {
                String failure = send(delivery);
                transactions.executeWrite(status -> record(status.getConnection(), delivery, token, failure));
            }
        }
        return claimed.size();
    }

    /** Null when sent; else why not. */
    private String send(Claimed delivery) {
        try {
            if (Deliveries.MAIL.equals(delivery.channel())) {
                if (!mail.enabled()) {
                    return "e-mail is not configured (HAILONG_SMTP_HOST)";
                }
                mail.send(delivery.target(), delivery.subject(), delivery.body());
                return null;
            }
            long unix = clock.instant().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
                    .timeout(settings.webhookTimeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "Hailong-Webhooks/1")
                    .header("X-Hailong-Event", delivery.eventKind())
                    .header("X-Hailong-Delivery", delivery.eventId())
                    .header("X-Hailong-Signature", WebhookSignature.header(delivery.secret(), unix, delivery.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (IOException | RuntimeException | jakarta.mail.MessagingException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    private static Claimed read(Connection connection, long id, String token) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT d.event_id, d.event_kind, d.channel, d.target, d.subject, d.body, d.attempts, w.url, w.secret
                FROM delivery d LEFT JOIN webhook w ON w.id = d.webhook_id
                WHERE d.id = ? AND d.claimed_by = ? AND d.status = 'pending'""")) {
            select.setLong(1, id);
            select.setString(2, token);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Claimed(id, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8), rs.getString(9));
            }
        }
    }

    private Void record(Connection connection, Claimed delivery, String token, String failure) throws SQLException {
        Instant now = clock.instant();
        boolean webhook = Deliveries.WEBHOOK.equals(delivery.channel());
        String outcome;
        if (failure == null) {
            outcome = "delivered";
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE delivery SET status = 'delivered', delivered_at = ?, claimed_by = NULL, last_error = NULL
                    WHERE id = ? AND claimed_by = ?""")) {
                update.setObject(1, Claims.utc(now));
                update.setLong(2, delivery.id());
                update.setString(3, token);
                update.executeUpdate();
            }
        } else {
            boolean giveUp = !webhook && delivery.attempts() >= settings.maxMailAttempts;
            outcome = giveUp ? "failed" : "retried";
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE delivery SET status = ?, next_attempt_at = ?, claimed_by = NULL, last_error = ?
                    WHERE id = ? AND claimed_by = ?""")) {
                update.setString(1, giveUp ? "failed" : "pending");
                update.setObject(2, Claims.utc(now.plus(settings.backoff(delivery.attempts()))));
                update.setString(3, Claims.shorten(failure, 500));
                update.setLong(4, delivery.id());
                update.setString(5, token);
                update.executeUpdate();
            }
        }
        if (webhook) {
            try (PreparedStatement update = connection.prepareStatement(failure == null
                    ? "UPDATE webhook SET failures_in_row = 0 WHERE id = ?"
                    : "UPDATE webhook SET failures_in_row = failures_in_row + 1, paused_at = CASE WHEN failures_in_row + 1 >= ? "
                    + "AND paused_at IS NULL THEN ? ELSE paused_at END WHERE id = ?")) {
                if (failure == null) {
                    update.setLong(1, Long.parseLong(delivery.target()));
                } else {
                    update.setInt(1, settings.pauseAfterFailures);
                    update.setObject(2, Claims.utc(now));
                    update.setLong(3, Long.parseLong(delivery.target()));
                }
                update.executeUpdate();
            }
        }
        metrics.counter("hailong.deliveries", "channel", delivery.channel(), "outcome", outcome).increment();
        return null;
    }
}
