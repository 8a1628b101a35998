package vn.hailong.dossier;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.hailong.system.DatabaseErrors;

import java.time.Clock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Deletes served-dossier rows the dossier system has not touched for the retention period
 * ({@code hailong.dossiers.retention-months}, default 24). No figure reads them — served and rated
 * counts live in {@code dossier_served_day}, a rating's dimensions in {@code response_dossier} —
 * so a purge changes nothing but that the purged dossiers' rating codes become unknown. Runs on
 * every copy in small slices; copies purging at once only share the work.
 */
@Singleton
public class DossierPurge {

    private static final Logger LOG = LoggerFactory.getLogger(DossierPurge.class);
    private static final int SLICE = 1000;

    private final TransactionOperations<Connection> transactions;
    private final int retentionMonths;
    private final Clock clock;

    DossierPurge(TransactionOperations<Connection> transactions,
                 @Value("${hailong.dossiers.retention-months:24}") int retentionMonths, Clock clock) {
        this.transactions = transactions;
        this.retentionMonths = retentionMonths;
        this.clock = clock;
    }

    @Scheduled(initialDelay = "${hailong.dossiers.purge-initial-delay:10m}", fixedDelay = "${hailong.dossiers.purge-every:6h}")
    void scheduled() {
        try {
            int purged = purgeOlderThan(clock.instant().atZone(ZoneOffset.UTC).minusMonths(retentionMonths).toInstant());
            if (purged > 0) {
                LOG.info("Purged {} served-dossier rows older than {} months", purged, retentionMonths);
            }
        } catch (RuntimeException e) {
            if (!DatabaseErrors.isUnavailable(e)) {
                LOG.warn("Purging old dossiers failed; the next run tries again", e);
            }
        }
    }

    /** Deletes the rows last changed before {@code cutoff}; returns how many. */
    public int purgeOlderThan(Instant cutoff) {
        int total = 0;
        while (true) {
            int deleted = transactions.executeWrite(status -> {
                try (PreparedStatement delete = status.getConnection().prepareStatement(
                        "DELETE FROM served_dossier WHERE updated_at < ? LIMIT " + SLICE)) {
                    delete.setObject(1, IntegrationClients.utc(cutoff));
                    return delete.executeUpdate();
                }
            });
            total += deleted;
            if (deleted < SLICE) {
                return total;
            }
        }
    }
}
