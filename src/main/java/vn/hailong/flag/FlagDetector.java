package vn.hailong.flag;

import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks at a response inside the transaction that inserts it and flags it when it fits a
 * suspicious pattern. Working from the database (not from memory) makes the checks see what every
 * app copy stored, and writing the flag in the same transaction means a stored response never
 * misses its flag. Only the new response is ever flagged, so two submissions never write the same
 * flag row and a flag can never make a submission fail.
 */
@Singleton
public class FlagDetector {


    private final FlagSettings settings;
    private final Clock clock = Clock.systemUTC();

    FlagDetector(FlagSettings settings) {
        this.settings = settings;
    }

    public void inspect(Connection connection, SubmittedResponse response) throws SQLException {
        if (!settings.isEnabled()) {
            return;
        }
        List<Flag> flags = new ArrayList<>(3);
        if (response.kioskId() != null) {
            burst(connection, response, flags);
            outsideHours(response, flags);
        }
        identicalRun(connection, response, flags);
        for (Flag flag : flags) {
            insert(connection, response, flag);
        }
    }

    private record Flag(FlagReason reason, String detail) {
    }

    private void burst(Connection connection, SubmittedResponse response, List<Flag> flags) throws SQLException {
        LocalDateTime at = utc(response.submittedAt());
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT COUNT(*) FROM response WHERE kiosk_id = ? AND submitted_at > ? AND submitted_at <= ?")) {
            count.setLong(1, response.kioskId());
            count.setObject(2, at.minusSeconds(settings.getBurstSeconds()));
            count.setObject(3, at);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                long seen = rs.getLong(1);
                if (seen > settings.getBurstCount()) {
                    flags.add(new Flag(FlagReason.BURST, seen + " responses from kiosk " + response.kioskId() + " within "
                            + settings.getBurstSeconds() + " s (limit " + settings.getBurstCount() + ")"));
                }
            }
        }
    }

    private void identicalRun(Connection connection, SubmittedResponse response, List<Flag> flags) throws SQLException {
        int length = settings.getRunLength();
        if (length < 2 || answered(response.scores()) < settings.getRunMinimumAnswers()) {
            return;
        }
        LocalDateTime at = utc(response.submittedAt());
        LocalDateTime since = at.minusMinutes(settings.getRunMinutes());
        // The source: the kiosk, or for other channels the agency and channel (a phone link, a portal).
        String sql = response.kioskId() != null
                ? "SELECT scores FROM response WHERE kiosk_id = ? AND submitted_at >= ? AND submitted_at <= ? "
                        + "ORDER BY submitted_at DESC LIMIT " + length
                : "SELECT scores FROM response WHERE agency_id = ? AND survey_code = ? AND submitted_date >= ? "
                        + "AND submitted_date <= ? AND submitted_at >= ? AND submitted_at <= ? AND kiosk_id IS NULL "
                        + "AND channel = ? ORDER BY submitted_at DESC LIMIT " + length;
        int same = 0;
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            if (response.kioskId() != null) {
                select.setLong(1, response.kioskId());
                select.setObject(2, since);
                select.setObject(3, at);
            } else {
                select.setLong(1, response.agencyId());
                select.setString(2, response.surveyCode());
                // submitted_date is the agency's local date: a day either side of the UTC dates covers
                // every zone, and submitted_at bounds the window exactly.
                select.setObject(3, since.toLocalDate().minusDays(1));
                select.setObject(4, at.toLocalDate().plusDays(1));
                select.setObject(5, since);
                select.setObject(6, at);
                select.setString(7, response.channel());
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (!response.scores().equals(rs.getString(1))) {
                        return;
                    }
                    same++;
                }
            }
        }
        if (same >= length) {
            String source = response.kioskId() != null ? "kiosk " + response.kioskId() : response.channel() + " link of the agency";
            flags.add(new Flag(FlagReason.IDENTICAL_RUN, same + " identical answer sets in a row from " + source
                    + " within " + settings.getRunMinutes() + " min"));
        }
    }

    // The agency's zone comes with the response: the recorder resolved the agency already.
    private void outsideHours(SubmittedResponse response, List<Flag> flags) {
        ZoneId zone = response.agencyZone();
        ZonedDateTime local = response.submittedAt().atZone(zone);
        boolean openDay = settings.getOpenDays().contains(local.getDayOfWeek());
        boolean openTime = !local.toLocalTime().isBefore(settings.getOpensAt()) && local.toLocalTime().isBefore(settings.getClosesAt());
        if (!openDay || !openTime) {
            flags.add(new Flag(FlagReason.OUTSIDE_HOURS, "submitted " + local.getDayOfWeek() + " "
                    + local.toLocalTime().truncatedTo(ChronoUnit.SECONDS) + " " + zone.getId() + "; open "
                    + settings.getOpensAt() + "–" + settings.getClosesAt()));
        }
    }

    private void insert(Connection connection, SubmittedResponse response, Flag flag) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO response_flag (response_id, agency_id, kiosk_id, reason, detail, raised_at, state)
                VALUES (?, ?, ?, ?, ?, ?, 'open')""")) {
            insert.setString(1, response.id());
            insert.setLong(2, response.agencyId());
            if (response.kioskId() == null) {
                insert.setNull(3, Types.BIGINT);
            } else {
                insert.setLong(3, response.kioskId());
            }
            insert.setString(4, flag.reason().word());
            insert.setString(5, flag.detail().length() > 255 ? flag.detail().substring(0, 255) : flag.detail());
            insert.setObject(6, utc(clock.instant()));
            insert.executeUpdate();
        }
    }

    private static int answered(String scores) {
        int answered = 0;
        for (int i = 0; i < scores.length(); i++) {
            if (scores.charAt(i) != '0') {
                answered++;
            }
        }
        return answered;
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
