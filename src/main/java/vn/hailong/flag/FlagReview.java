package vn.hailong.flag;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The flags as the admin reviews them: with agency, kiosk, when (agency-local) and the answer set. */
@Singleton
class FlagReview {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final TransactionOperations<Connection> transactions;

    FlagReview(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    record Item(long id, String reason, @Nullable String detail, String state, String raisedAt, @Nullable String decidedBy,
                @Nullable String decidedAt, String responseId, String agencyCode, String agencyNameVi, String agencyNameEn,
                @Nullable Long kioskId, @Nullable String kioskLabel, String channel, String submittedAt, String timeZone,
                String surveyCode, String scores, boolean excluded) {
    }

    record Page(List<Item> items, long total, int page, int size) {
        boolean hasNext() {
            return (long) page * size < total;
        }
    }

    /** @param state "open", "confirmed", "dismissed", or null for all */
    Page find(@Nullable String state, int page, int size) {
        String where = state == null ? "" : " WHERE f.state = ?";
        return transactions.executeRead(status -> {
            Connection connection = status.getConnection();
            long total;
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM response_flag f" + where)) {
                if (state != null) {
                    count.setString(1, state);
                }
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Item> items = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT f.id, f.reason, f.detail, f.state, f.raised_at, f.decided_by, f.decided_at, f.response_id,
                           a.code, a.name_vi, a.name_en, a.time_zone, f.kiosk_id, k.label, r.channel, r.submitted_at,
                           r.survey_code, r.scores, r.excluded_at
                    FROM response_flag f
                    JOIN response r ON r.id = f.response_id
                    JOIN agency a ON a.id = f.agency_id
                    LEFT JOIN kiosk k ON k.id = f.kiosk_id""" + where
                    + " ORDER BY f.raised_at DESC, f.id DESC LIMIT " + size + " OFFSET " + (long) (page - 1) * size)) {
                if (state != null) {
                    select.setString(1, state);
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ZoneId zone = zone(rs.getString(12));
                        long kiosk = rs.getLong(13);
                        Long kioskId = rs.wasNull() ? null : kiosk;
                        items.add(new Item(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                local(rs.getObject(5, LocalDateTime.class), zone), rs.getString(6),
                                local(rs.getObject(7, LocalDateTime.class), zone), rs.getString(8), rs.getString(9),
                                rs.getString(10), rs.getString(11), kioskId, rs.getString(14), rs.getString(15),
                                local(rs.getObject(16, LocalDateTime.class), zone), zone.getId(), rs.getString(17),
                                rs.getString(18), rs.getObject(19) != null));
                    }
                }
            }
            return new Page(items, total, page, size);
        });
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException | NullPointerException e) {
            return ZoneOffset.UTC;
        }
    }

    private static String local(@Nullable LocalDateTime utc, ZoneId zone) {
        return utc == null ? null : SHOWN.format(utc.atZone(ZoneOffset.UTC).withZoneSameInstant(zone));
    }
}
