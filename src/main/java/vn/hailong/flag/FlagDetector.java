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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private final Clock clock;

    FlagDetector(FlagSettings settings, Clock clock) {
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * The flags these responses raise, read in their insert's transaction after their rows went in
     * (each check sees the rows inserted beside it); {@link #raise} writes them. One statement
     * reads the recent history of every response's source: per kiosk response, the kiosk's newest
     * responses (enough for both the burst count and the run of identical answers); per other
     * response, its agency's and channel's newest ones.
     */
    public List<Flag> inspect(Connection connection, List<SubmittedResponse> responses) throws SQLException {
        List<Flag> flags = new ArrayList<>();
        if (!settings.isEnabled() || responses.isEmpty()) {
            return flags;
        }
        Map<Integer, List<Seen>> history = new HashMap<>();
        List<Integer> asked = new ArrayList<>();
        for (int i = 0; i < responses.size(); i++) {
            if (needsHistory(responses.get(i))) {
                asked.add(i);
            }
        }
        for (int from = 0; from < asked.size(); from += HISTORY_PER_STATEMENT) {
            readHistory(connection, responses, asked.subList(from, Math.min(asked.size(), from + HISTORY_PER_STATEMENT)), history);
        }
        // UNION ALL keeps each part's order only by chance: put every history newest first again.
        history.values().forEach(list -> list.sort(java.util.Comparator.comparing(Seen::submittedAt).reversed()));
        for (int i = 0; i < responses.size(); i++) {
            SubmittedResponse response = responses.get(i);
            List<Seen> seen = history.getOrDefault(i, List.of());
            if (response.kioskId() != null) {
                burst(response, seen, flags);
                outsideHours(response, flags);
            }
            identicalRun(response, seen, flags);
        }
        return flags;
    }

    /** Statements stay of a moderate size however large the batch. */
    private static final int HISTORY_PER_STATEMENT = 50;

    /** A recent response of the same source: when it was submitted, and its score line. */
    private record Seen(LocalDateTime submittedAt, String scores) {
    }

    private boolean runCheckApplies(SubmittedResponse response) {
        return settings.getRunLength() >= 2 && answered(response.scores()) >= settings.getRunMinimumAnswers();
    }

    private boolean needsHistory(SubmittedResponse response) {
        return response.kioskId() != null || runCheckApplies(response);
    }

    /** The newest responses first; as many as the burst count (capped) and the run need. */
    private int historyLength() {
        return Math.max(2 * settings.getBurstCount() + 1, settings.getRunLength());
    }

    private void readHistory(Connection connection, List<SubmittedResponse> responses, List<Integer> asked,
                             Map<Integer, List<Seen>> history) throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (int i : asked) {
            SubmittedResponse response = responses.get(i);
            sql.append(sql.isEmpty() ? "" : " UNION ALL ").append("(SELECT ").append(i).append(" AS item, submitted_at, scores ");
            if (response.kioskId() != null) {
                // Index (kiosk_id, submitted_at).
                sql.append("FROM response WHERE kiosk_id = ? AND submitted_at >= ? AND submitted_at <= ?");
            } else {
                // Index (agency_id, channel, submitted_at): read backwards from the response's own time.
                sql.append("FROM response WHERE agency_id = ? AND channel = ? AND submitted_at >= ? AND submitted_at <= ?"
                        + " AND survey_code = ? AND kiosk_id IS NULL");
            }
            sql.append(" ORDER BY submitted_at DESC LIMIT ").append(historyLength()).append(')');
        }
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            int at = 1;
            for (int i : asked) {
                SubmittedResponse response = responses.get(i);
                LocalDateTime until = utc(response.submittedAt());
                if (response.kioskId() != null) {
                    select.setLong(at++, response.kioskId());
                    select.setObject(at++, until.minusSeconds(Math.max(settings.getBurstSeconds(), 60L * settings.getRunMinutes())));
                    select.setObject(at++, until);
                } else {
                    select.setLong(at++, response.agencyId());
                    select.setString(at++, response.channel());
                    select.setObject(at++, until.minusMinutes(settings.getRunMinutes()));
                    select.setObject(at++, until);
                    select.setString(at++, response.surveyCode());
                }
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    history.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>())
                            .add(new Seen(rs.getObject(2, LocalDateTime.class), rs.getString(3)));
                }
            }
        }
    }

    /** A flag to write: the response it is about, why, and what was seen. */
    public record Flag(SubmittedResponse response, FlagReason reason, String detail) {
    }

    /** Writes the flags in the caller's transaction, in one statement. */
    public void raise(Connection connection, List<Flag> flags) throws SQLException {
        if (flags.isEmpty()) {
            return;
        }
        LocalDateTime raisedAt = utc(clock.instant());
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO response_flag (response_id, agency_id, kiosk_id, reason, detail, raised_at, state)
                VALUES (?, ?, ?, ?, ?, ?, 'open')""")) {
            for (Flag flag : flags) {
                SubmittedResponse response = flag.response();
                insert.setString(1, response.id());
                insert.setLong(2, response.agencyId());
                if (response.kioskId() == null) {
                    insert.setNull(3, Types.BIGINT);
                } else {
                    insert.setLong(3, response.kioskId());
                }
                insert.setString(4, flag.reason().word());
                insert.setString(5, flag.detail().length() > 255 ? flag.detail().substring(0, 255) : flag.detail());
                insert.setObject(6, raisedAt);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void burst(SubmittedResponse response, List<Seen> seen, List<Flag> flags) {
        LocalDateTime at = utc(response.submittedAt());
        LocalDateTime after = at.minusSeconds(settings.getBurstSeconds());
        // Counted exactly up to twice the limit, enough to say how far over it the kiosk went: a
        // kiosk far over it (a script) would otherwise make every check read its whole window.
        int cap = 2 * settings.getBurstCount();
        long count = seen.stream().filter(s -> s.submittedAt().isAfter(after) && !s.submittedAt().isAfter(at)).count();
        if (count > settings.getBurstCount()) {
            flags.add(new Flag(response, FlagReason.BURST, (count > cap ? "more than " + cap : Long.toString(count))
                    + " responses from kiosk " + response.kioskId() + " within "
                    + settings.getBurstSeconds() + " s (limit " + settings.getBurstCount() + ")"));
        }
    }

    private void identicalRun(SubmittedResponse response, List<Seen> seen, List<Flag> flags) {
        if (!runCheckApplies(response)) {
            return;
        }
        int length = settings.getRunLength();
        LocalDateTime at = utc(response.submittedAt());
        LocalDateTime since = at.minusMinutes(settings.getRunMinutes());
        // The source: the kiosk, or for other channels the agency and channel (a phone link, a portal).
        int same = 0;
        for (Seen s : seen) {
            if (same == length) {
                break;
            }
            if (s.submittedAt().isBefore(since) || s.submittedAt().isAfter(at)) {
                continue;
            }
            if (!response.scores().equals(s.scores())) {
                return;
            }
            same++;
        }
        if (same >= length) {
            String source = response.kioskId() != null ? "kiosk " + response.kioskId() : response.channel() + " link of the agency";
            flags.add(new Flag(response, FlagReason.IDENTICAL_RUN, same + " identical answer sets in a row from " + source
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
            flags.add(new Flag(response, FlagReason.OUTSIDE_HOURS, "submitted " + local.getDayOfWeek() + " "
                    + local.toLocalTime().truncatedTo(ChronoUnit.SECONDS) + " " + zone.getId() + "; open "
                    + settings.getOpensAt() + "–" + settings.getClosesAt()));
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
