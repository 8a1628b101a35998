package vn.hailong.tally;

import java.time.Clock;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Whether the rollups can be trusted. They cannot right after the migration that introduced them
 * on an installation that already had responses (V2 marks them stale then). Until they can,
 * reports read the raw rows instead; the first copy of the app to start claims the job and
 * rebuilds them in the background, then marks them fresh. Other copies re-check now and then.
 */
@Singleton
public class RollupState implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(RollupState.class);
    private static final Duration RECHECK = Duration.ofSeconds(5);
    /** A claim older than this is taken to be from a copy that died while rebuilding. */
    private static final Duration CLAIM_EXPIRES = Duration.ofHours(2);

    private final TransactionOperations<Connection> transactions;
    private final RollupRebuild rebuild;
    private final String copy = UUID.randomUUID().toString();
    private volatile boolean fresh;
    private volatile long checkedAt;

    private final Clock clock;

    RollupState(TransactionOperations<Connection> transactions, RollupRebuild rebuild, Clock clock) {
        this.clock = clock;
        this.transactions = transactions;
        this.rebuild = rebuild;
    }

    /** True when reports may read the rollups; false while they are stale. */
    public boolean fresh() {
        if (!fresh && System.nanoTime() - checkedAt > RECHECK.toNanos()) {
            recheck();
        }
        return fresh;
    }

    /** Re-reads the flag now (tests; after marking the rollups stale by hand). */
    public void recheck() {
        fresh = !transactions.executeRead(status -> stale(status.getConnection()));
        checkedAt = System.nanoTime();
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        recheck();
        if (!fresh && claim()) {
            Thread worker = new Thread(this::rebuildStale, "rollup-rebuild");
            worker.setDaemon(true);
            worker.start();
        }
    }

    private void rebuildStale() {
        try {
            LOG.warn("Report rollups are stale (first start after the upgrade that added them): rebuilding them from the "
                    + "responses in the background; reports read the raw responses until this is done.");
            rebuild.rebuild(null, null, null);
            recheck();
        } catch (RuntimeException e) {
            LOG.error("Rebuilding the stale report rollups failed; reports keep reading the raw responses. "
                    + "Run the rebuild again (see docs/operations.md).", e);
        }
    }

    private boolean claim() {
        return transactions.executeWrite(status -> {
            LocalDateTime now = LocalDateTime.now(clock.withZone(ZoneOffset.UTC));
            try (PreparedStatement update = status.getConnection().prepareStatement("""
                    UPDATE rollup_state SET claimed_by = ?, claimed_at = ?
                    WHERE id = 1 AND stale = TRUE AND (claimed_at IS NULL OR claimed_at < ?)""")) {
                update.setString(1, copy);
                update.setObject(2, now);
                update.setObject(3, now.minus(CLAIM_EXPIRES));
                return update.executeUpdate() == 1;
            }
        });
    }

    static boolean stale(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT stale FROM rollup_state WHERE id = 1");
             ResultSet rs = select.executeQuery()) {
            return !rs.next() || rs.getBoolean(1);
        }
    }

    /**
     * After a complete rebuild: whatever made the rollups stale before it started is repaired. The time
     * is the database's (the rebuild's own transaction, which may run in the CLI without the app's clock).
     */
    static void markFresh(Connection connection) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE rollup_state SET stale = FALSE, rebuilt_at = UTC_TIMESTAMP(), claimed_by = NULL, claimed_at = NULL WHERE id = 1")) {
            update.executeUpdate();
        }
    }
}
