package vn.hailong.tally;

import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.hailong.system.DatabaseErrors;

import java.sql.Connection;

/**
 * Adds the pending rollup deltas into the rollup rows ({@link Rollups#fold}), every
 * {@code hailong.rollups.fold-every} (1 s), in transactions of up to {@link #PER_TRANSACTION}
 * deltas, until none is left. Reports are exact whether or not it has run (they add the pending
 * deltas themselves); folding keeps what they add few. Every copy of the app folds: two folds of the
 * same deltas wait for each other on the month rows, and the second finds them gone. On a Galera
 * cluster two nodes' folds can collide at commit (a deadlock error): that fold is simply left to the
 * next round.
 */
@Singleton
public class RollupFolder {

    private static final Logger LOG = LoggerFactory.getLogger(RollupFolder.class);
    static final int PER_TRANSACTION = 1_000;
    /** Rounds of one run at most: a steady stream of submissions must not keep one run going for ever. */
    private static final int ROUNDS = 50;

    private final TransactionOperations<Connection> transactions;
    private final Rollups rollups;

    RollupFolder(TransactionOperations<Connection> transactions, Rollups rollups) {
        this.transactions = transactions;
        this.rollups = rollups;
    }

    @Scheduled(fixedDelay = "${hailong.rollups.fold-every:1s}", initialDelay = "${hailong.rollups.fold-every:1s}")
    void foldInBackground() {
        try {
            foldAll();
        } catch (Exception e) { // SQLExceptions too: the transaction template passes them on unwrapped
            if (DatabaseErrors.isRetryable(e) || DatabaseErrors.isUnavailable(e)) {
                LOG.debug("Folding the pending rollup deltas failed, next round: {}", e.toString());
            } else {
                LOG.warn("Folding the pending rollup deltas failed; reports stay exact (they add the pending deltas), next round", e);
            }
        }
    }

    /** Folds every pending delta there is now (tests, before they read the rollup rows themselves); returns how many. */
    public int foldAll() {
        int folded = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int now = transactions.executeWrite(status -> rollups.fold(status.getConnection(), PER_TRANSACTION));
            folded += now;
            if (now < PER_TRANSACTION) {
                break;
            }
        }
        return folded;
    }
}
