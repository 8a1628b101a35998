package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dossiers handled per agency and period, and the Slovin sample target that follows from them
 * (docs/method.md §8: n = N / (1 + N·e²), e = 0.05, rounded up to whole respondents).
 */
@Singleton
class SampleTargets {

    static final double MARGIN = 0.05;

    /** One entry: {@code dossiers} handled by the agency (with its sub-agencies) in the period. */
    record Entry(long agencyId, ReportPeriod.Kind kind, LocalDate start, long dossiers, String enteredBy, Instant enteredAt) {
    }

    /** The target of a period: the dossiers it is based on, and the respondents needed. */
    public record Target(long dossiers, long respondents) {
    }

    private final TransactionOperations<Connection> transactions;
    private final vn.hailong.dossier.ServedCounts served;

    SampleTargets(TransactionOperations<Connection> transactions, vn.hailong.dossier.ServedCounts served) {
        this.transactions = transactions;
        this.served = served;
    }

    static long slovin(long dossiers) {
        if (dossiers <= 0) {
            return 0;
        }
        // The small tolerance keeps an exact whole result (e.g. 400/(1+1)) from rounding up past itself.
        return (long) Math.ceil(dossiers / (1 + dossiers * MARGIN * MARGIN) - 1e-9);
    }

    /** Stores or replaces the entry of {@code agencyId} for a month, quarter or year. */
    void save(long agencyId, ReportPeriod period, long dossiers, String enteredBy, Instant now) {
        if (!period.isCalendar() || dossiers < 0) {
            throw new IllegalArgumentException("a calendar period and a non-negative number are required");
        }
        transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM sample_target WHERE agency_id = ? AND period_kind = ? AND period_start = ?")) {
                delete.setLong(1, agencyId);
                delete.setString(2, period.kind().name());
                delete.setObject(3, period.from());
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO sample_target (agency_id, period_kind, period_start, dossiers, entered_by, entered_at)
                    VALUES (?, ?, ?, ?, ?, ?)""")) {
                insert.setLong(1, agencyId);
                insert.setString(2, period.kind().name());
                insert.setObject(3, period.from());
                insert.setLong(4, dossiers);
                insert.setString(5, enteredBy);
                insert.setObject(6, LocalDateTime.ofInstant(now, ZoneOffset.UTC));
                insert.executeUpdate();
            }
            return null;
        });
    }

    /**
     * The target of each agency for {@code period}: its entry for exactly that period, else the sum of
     * its monthly entries when every month of the period has one, else (for a year) the sum of its
     * four quarterly entries. Served dossiers sent by the dossier system (issue 13) come first: when
     * the period has any, they are N — for any period, custom ranges and all time included, since
     * they are counted per day; typed-in counts, kept per month, quarter or year, are the fallback
     * for calendar periods only.
     */
    Map<Long, Target> targets(Collection<Long> agencyIds, ReportPeriod period) {
        Map<Long, Target> result = new HashMap<>();
        if (agencyIds.isEmpty()) {
            return result;
        }
        List<Entry> entries = period.isCalendar() ? entries(agencyIds, period.from(), period.to()) : List.of();
        Map<Long, vn.hailong.dossier.ServedCounts.Counts> sentByAgency = served.ofEach(agencyIds, period.from(), period.to());
        for (long agencyId : agencyIds) {
            long sent = sentByAgency.get(agencyId).served();
            if (sent > 0) {
                result.put(agencyId, new Target(sent, slovin(sent)));
                continue;
            }
            if (!period.isCalendar()) {
                continue;
            }
            Long dossiers = exact(entries, agencyId, period);
            if (dossiers == null) {
                dossiers = sumOf(entries, agencyId, period.months());
            }
            if (dossiers == null && period.kind() == ReportPeriod.Kind.YEAR) {
                dossiers = sumOf(entries, agencyId, period.quarters());
            }
            if (dossiers != null) {
                result.put(agencyId, new Target(dossiers, slovin(dossiers)));
            }
        }
        return result;
    }

    private static @Nullable Long exact(List<Entry> entries, long agencyId, ReportPeriod period) {
        return entries.stream().filter(e -> e.agencyId() == agencyId && e.kind() == period.kind() && e.start().equals(period.from()))
                .map(Entry::dossiers).findFirst().orElse(null);
    }

    private static @Nullable Long sumOf(List<Entry> entries, long agencyId, List<ReportPeriod> parts) {
        if (parts.size() < 2) {
            return null;
        }
        long sum = 0;
        for (ReportPeriod part : parts) {
            Long dossiers = exact(entries, agencyId, part);
            if (dossiers == null) {
                return null;
            }
            sum += dossiers;
        }
        return sum;
    }

    /** Entries of the agencies whose period starts within [from, to], newest first. */
    List<Entry> entries(Collection<Long> agencyIds, @Nullable LocalDate from, @Nullable LocalDate to) {
        if (agencyIds.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT agency_id, period_kind, period_start, dossiers, entered_by, entered_at FROM sample_target WHERE agency_id IN ("
                + String.join(", ", agencyIds.stream().map(id -> "?").toList()) + ")"
                + (from == null ? "" : " AND period_start >= ?") + (to == null ? "" : " AND period_start <= ?")
                + " ORDER BY period_start DESC, agency_id, period_kind";
        return transactions.executeRead(status -> {
            try (PreparedStatement statement = status.getConnection().prepareStatement(sql)) {
                int i = 1;
                for (long id : agencyIds) {
                    statement.setLong(i++, id);
                }
                if (from != null) {
                    statement.setObject(i++, from);
                }
                if (to != null) {
                    statement.setObject(i, to);
                }
                List<Entry> entries = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new Entry(rs.getLong(1), ReportPeriod.Kind.valueOf(rs.getString(2)), rs.getObject(3, LocalDate.class),
                                rs.getLong(4), rs.getString(5), rs.getObject(6, LocalDateTime.class).toInstant(ZoneOffset.UTC)));
                    }
                }
                return entries;
            }
        });
    }
}
