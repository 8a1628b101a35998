package vn.hailong.dossier;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;

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
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement("""
                    SELECT COALESCE(SUM(s.served), 0), COALESCE(SUM(s.rated), 0)
                    FROM agency_closure c JOIN dossier_served_day s ON s.agency_id = c.descendant_id
                    WHERE c.ancestor_id = ? AND s.served_date >= ? AND s.served_date <= ?""")) {
                select.setLong(1, agencyId);
                select.setObject(2, from == null ? LocalDate.of(1900, 1, 1) : from);
                select.setObject(3, to == null ? LocalDate.of(9999, 12, 31) : to);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return new Counts(rs.getLong(1), rs.getLong(2));
                }
            }
        });
    }
}
