package vn.hailong.response;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import vn.hailong.system.Refusal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Per-kiosk limits, checked inside the transaction that stores the response, after locking the
 * kiosk's row ({@link #readAndLock}): exact on any number of copies (one kiosk's inserts are serialised by the lock), and
 * derived from the response table alone (index (kiosk_id, received_at) and (kiosk_id, submitted_at)).
 * Not per address: a whole centre shares one.
 * <ul>
 *   <li><b>Rate</b>: at most {@code max-per-window} responses received from one kiosk within
 *       {@code window} (default 300 per hour) → 429 with Retry-After. A kiosk flushing a long
 *       offline queue gets 429 for the rest of its batch and sends it later: nothing is lost.</li>
 *   <li><b>Minimum interval</b> between two responses of one kiosk, measured on the time the
 *       citizen finished ({@code submittedAt}), so a queue flushed at once after an outage is
 *       not blocked: its items were finished at their real, spaced-out times. When the kiosk sent
 *       no submittedAt (the receipt time counts), too soon → 429 with Retry-After; when it sent
 *       one, waiting cannot help → 422 on {@code submittedAt}, and the kiosk drops the item.</li>
 * </ul>
 * A replay of an acknowledged response (same id) is answered before these checks: retries are
 * never limited.
 */
@Singleton
class KioskLimits {

    private final boolean enabled;
    private final int maxPerWindow;
    private final Duration window;
    private final Duration minInterval;
    private final SubmittingKiosks kiosks;

    KioskLimits(SubmittingKiosks kiosks, @Value("${hailong.limits.kiosk.enabled:true}") boolean enabled,
                @Value("${hailong.limits.kiosk.max-per-window:300}") int maxPerWindow,
                @Value("${hailong.limits.kiosk.window:1h}") Duration window,
                @Value("${hailong.limits.kiosk.min-interval:5s}") Duration minInterval) {
        this.kiosks = kiosks;
        this.enabled = enabled;
        this.maxPerWindow = maxPerWindow;
        this.window = window;
        this.minInterval = minInterval;
    }

    /** A submitting kiosk as its row says now: whose it is and whether its token still counts. */
    record KioskRow(long id, long agencyId, boolean revoked) {
    }

    /**
     * Reads the rows of the submitting kiosks and, while the limits are on, locks them (one
     * kiosk's inserts are then serialised across copies). Called first in the insert's
     * transaction: InnoDB's snapshot for the plain reads that follow (the limit counts) is taken
     * at the first of them, so it must come after every lock is held to see what the previous
     * holder committed. One statement, locking in key order: two batches cannot deadlock here.
     */
    Map<Long, KioskRow> readAndLock(Connection c, Collection<Long> kioskIds) throws SQLException {
        Map<Long, KioskRow> rows = new HashMap<>();
        if (kioskIds.isEmpty()) {
            return rows;
        }
        // The kiosk table is the kiosk feature's: its SQL is there (SubmittingKiosks).
        kiosks.readAndLock(c, List.copyOf(new TreeSet<>(kioskIds)), enabled,
                (id, agencyId, revoked) -> rows.put(id, new KioskRow(id, agencyId, revoked)));
        return rows;
    }

    /** Whether one batch may hold only one response per kiosk: each must see the one before it. */
    boolean oneResponsePerKiosk() {
        return enabled;
    }

    /**
     * Runs in the insert's transaction, after {@link #readAndLock} and before the insert; throws
     * to refuse. The caller holds the kiosk's lock.
     */
    void check(Connection c, StoredResponse response, boolean clientTimed) throws SQLException {
        if (!enabled || response.kioskId() == null) {
            return;
        }
        long kiosk = response.kioskId();
        Instant now = response.receivedAt();
        try (PreparedStatement rate = c.prepareStatement(
                "SELECT received_at FROM response WHERE kiosk_id = ? AND received_at > ? ORDER BY received_at DESC LIMIT 1 OFFSET "
                        + Math.max(0, maxPerWindow - 1))) {
            rate.setLong(1, kiosk);
            rate.setObject(2, utc(now.minus(window)));
            try (ResultSet rs = rate.executeQuery()) {
                if (rs.next()) {
                    Instant freeAt = instant(rs, 1).plus(window);
                    throw Refusal.limited("kiosk.tooMany", "This kiosk sent " + maxPerWindow + " responses within "
                            + window.toMinutes() + " minutes. Send again later.", seconds(now, freeAt), maxPerWindow, window.toMinutes());
                }
            }
        }
        if (minInterval.isZero() || minInterval.isNegative()) {
            return;
        }
        Instant submitted = response.submittedAt();
        try (PreparedStatement near = c.prepareStatement(
                "SELECT MAX(submitted_at) FROM response WHERE kiosk_id = ? AND submitted_at > ? AND submitted_at < ? AND id <> ?")) {
            near.setLong(1, kiosk);
            near.setObject(2, utc(submitted.minus(minInterval)));
            near.setObject(3, utc(submitted.plus(minInterval)));
            near.setString(4, response.id());
            try (ResultSet rs = near.executeQuery()) {
                if (rs.next() && rs.getObject(1) != null) {
                    if (clientTimed) {
                        throw Refusal.invalid("submittedAt", "kiosk.tooClose", "less than " + minInterval.toSeconds()
                                + " s from another response of this kiosk: one touch screen cannot finish two surveys that fast",
                                minInterval.toSeconds());
                    }
                    throw Refusal.limited("kiosk.tooSoon", "This kiosk sent a response less than " + minInterval.toSeconds()
                            + " s ago.", seconds(now, instant(rs, 1).plus(minInterval)), minInterval.toSeconds());
                }
            }
        }
    }

    private static long seconds(Instant now, Instant at) {
        return Math.max(1, Duration.between(now, at).toSeconds() + 1);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
