package vn.hailong.alert;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Clock;

/** How many cases of an agency subtree are still to be resolved, and how many of them are overdue (the dashboard's line). */
@Singleton
public class CaseCounts {

    /** {@code unresolved}: open or acknowledged; {@code overdue}: of those, past their deadline now. */
    public record Counts(int unresolved, int overdue) {
    }

    private final TransactionOperations<Connection> transactions;
    private final Cases cases;
    private final Clock clock;

    CaseCounts(TransactionOperations<Connection> transactions, Cases cases, Clock clock) {
        this.transactions = transactions;
        this.cases = cases;
        this.clock = clock;
    }

    /** For the agency with id {@code agencyId} and every agency below it. The caller has checked that the reader may see it. */
    public Counts of(long agencyId) {
        return transactions.executeRead(status -> cases.count(status.getConnection(), agencyId, clock.instant()));
    }
}
