package vn.hailong.system;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import io.micronaut.core.type.Argument;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.transaction.TransactionCallback;
import io.micronaut.transaction.TransactionOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.util.Optional;

/**
 * Where report queries read: the {@code reports} datasource (a MySQL read replica) when one is
 * configured ({@code DATASOURCES_REPORTS_URL}…), else the primary. Every report read goes through
 * here (the report package and the rollup reader) and nothing else does: submissions, logins and
 * admin work always use the primary, so a lagging replica can only make a report a little older,
 * never lose or refuse a response. In system because report and tally both read through it.
 */
@Context // made at start-up, so a wrong replica setting stops the start rather than the first report
public class ReportDatabase {

    /** Name of the optional datasource: {@code datasources.reports.*}. */
    public static final String DATASOURCE = "reports";

    private static final Logger LOG = LoggerFactory.getLogger(ReportDatabase.class);

    private final TransactionOperations<Connection> transactions;
    private final boolean replica;

    @SuppressWarnings({"unchecked", "rawtypes"})
    ReportDatabase(BeanContext beans, Environment environment, TransactionOperations<Connection> primary) {
        // A half-configured replica (user or pool size set, URL forgotten) would silently get an
        // embedded in-memory database from Micronaut: empty reports that look real. Refuse to start.
        if (environment.containsProperties("datasources." + DATASOURCE)
                && environment.getProperty("datasources." + DATASOURCE + ".url", String.class).filter(u -> !u.isBlank()).isEmpty()) {
            throw new IllegalStateException("datasources." + DATASOURCE + ".* is set but not its url: set"
                    + " DATASOURCES_REPORTS_URL to the replica's JDBC URL, or remove the other DATASOURCES_REPORTS_* settings");
        }
        Argument<TransactionOperations<Connection>> type = (Argument) Argument.of(TransactionOperations.class, Connection.class);
        Optional<TransactionOperations<Connection>> reports = beans.findBean(type, Qualifiers.byName(DATASOURCE));
        this.replica = reports.isPresent() && reports.get() != primary;
        this.transactions = replica ? reports.get() : primary;
        LOG.info("Reports read from {}", replica ? "the 'reports' datasource (replica)" : "the primary datasource");
    }

    /**
     * Runs {@code work} in a read-only transaction on the report database. Nested calls join the
     * outer transaction, so several queries of one report see the same snapshot.
     */
    public <T> T read(TransactionCallback<Connection, T> work) {
        return transactions.executeRead(work);
    }

    /** True when reports read from a separate datasource rather than the primary. */
    public boolean usesReplica() {
        return replica;
    }
}
