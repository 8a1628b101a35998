package vn.hailong.tally;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The epochs of table {@code rollup_month_epoch}: a counter per (survey, month) that every write
 * changing what an <em>ended</em> month adds up to bumps in its own transaction, so that a cached
 * sum of that month ({@link MonthCache}) read at an older epoch is never used again.
 *
 * <p>"Ended" is zone-free: a month has ended once it has ended in every time zone, i.e. at 00:00 of
 * the next month at UTC−12 (the last zone in use). Responses are dated in their agency's zone, and
 * neither the writer nor the cache needs to know it. A write into a month that has not ended does
 * not bump (the busy current month stays free of a shared hot row); the cache only keeps months
 * that ended a grace period earlier ({@link MonthCache#GRACE}), longer than any such write's
 * transaction takes to commit and become visible.
 */
final class MonthEpochs {

    static final String TABLE = "rollup_month_epoch";
    /** The last time zone to reach a new month (Baker Island, UTC−12). */
    private static final ZoneOffset LAST_ZONE = ZoneOffset.ofHours(-12);

    private MonthEpochs() {
    }

    /** When {@code month} (any day of it) has ended everywhere. */
    static Instant endOf(LocalDate month) {
        return month.withDayOfMonth(1).plusMonths(1).atStartOfDay(LAST_ZONE).toInstant();
    }

    static boolean ended(LocalDate month, Instant now) {
        return !now.isBefore(endOf(month));
    }

    /**
     * Bumps the epochs of these months (any day of each) of one survey, in the caller's
     * transaction. One statement, rows in key order: two writers bumping the same months lock
     * them in the same order and cannot deadlock on each other. Callers bump after all their other
     * rollup locks, so no one waits for a rollup row while holding an epoch row.
     */
    static void bump(Connection connection, String surveyCode, Collection<LocalDate> months) throws SQLException {
        TreeSet<LocalDate> starts = new TreeSet<>();
        months.forEach(m -> starts.add(m.withDayOfMonth(1)));
        if (starts.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("INSERT INTO " + TABLE + " (survey_code, month_start, epoch) VALUES ");
        for (int i = 0; i < starts.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, 1)");
        }
        sql.append(" ON DUPLICATE KEY UPDATE epoch = epoch + 1");
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            int at = 1;
            for (LocalDate start : starts) {
                insert.setString(at++, surveyCode);
                insert.setObject(at++, start);
            }
            insert.executeUpdate();
        }
    }

    /** Month start → epoch of one survey, as this transaction's snapshot sees them (missing: 0). */
    static Map<LocalDate, Long> read(Connection connection, String surveyCode) throws SQLException {
        Map<LocalDate, Long> epochs = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT month_start, epoch FROM " + TABLE + " WHERE survey_code = ?")) {
            select.setString(1, surveyCode);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    epochs.put(rs.getObject(1, LocalDate.class), rs.getLong(2));
                }
            }
        }
        return epochs;
    }
}
