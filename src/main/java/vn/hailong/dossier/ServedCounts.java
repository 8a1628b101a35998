package vn.hailong.dossier;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Served and rated dossiers of an agency and everything below it over a range of return days,
 * read from the rollup ({@code dossier_served_day}) only: the dossier rows may have been purged.
 */
@Singleton
public class ServedCounts {

    private final TransactionOperations<Connection> transactions;

    ServedCounts(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /** {@code served}: dossiers returned in the range; {@code rated}: those of them rated by their code. */
    public record Counts(long served, long rated) {
    }

    /** {@code from}/{@code to} inclusive; null means open. */
    public Counts of(long agencyId, @Nullable LocalDate from, @Nullable LocalDate to) {
        return ofEach(List.of(agencyId), from, to).get(agencyId);
    }

    /**
     * The same for several agencies in one statement (a dashboard's agency and its sub-agencies),
     * each with everything below it; an agency without dossiers gets zeros.
     */
    public Map<Long, Counts> ofEach(Collection<Long> agencyIds, @Nullable LocalDate from, @Nullable LocalDate to) {
        Map<Long, Counts> result = new HashMap<>();
        agencyIds.forEach(id -> result.put(id, new Counts(0, 0)));
        if (agencyIds.isEmpty()) {
            return result;
        }
        String marks = String.join(", ", Collections.nCopies(agencyIds.size(), "?"));
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement("""
                    SELECT c.ancestor_id, COALESCE(SUM(s.served), 0), COALESCE(SUM(s.rated), 0)
                    FROM agency_closure c JOIN dossier_served_day s ON s.agency_id = c.descendant_id
                    WHERE c.ancestor_id IN (%s) AND s.served_date >= ? AND s.served_date <= ?
                    GROUP BY c.ancestor_id""".formatted(marks))) {
                int i = 1;
                for (long id : agencyIds) {
                    select.setLong(i++, id);
                }
                select.setObject(i++, from == null ? LocalDate.of(1900, 1, 1) : from);
                select.setObject(i, to == null ? LocalDate.of(9999, 12, 31) : to);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        result.put(rs.getLong(1), new Counts(rs.getLong(2), rs.getLong(3)));
                    }
                }
            }
            return result;
        });
    }
}
