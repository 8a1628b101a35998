package vn.hailong.response;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What the submission path needs of the kiosk table, which belongs to the kiosk feature
 * (TableOwnershipTest). Declared here and implemented in {@code kiosk}, so that the SQL stays with its
 * table while response keeps not depending on kiosk (kiosk → response, ArchitectureTest).
 */
public interface SubmittingKiosks {

    /**
     * Reports the row of each of these kiosks that exists, in the caller's transaction. With
     * {@code lock}, first bumps each row's write counter (a write conflicts across the nodes of a
     * multi-primary cluster where a lock alone does not, V30) and reads the rows {@code FOR UPDATE}.
     *
     * @param idsInKeyOrder distinct ids, ascending: rows are locked in key order, so two batches cannot deadlock
     */
    void readAndLock(Connection connection, List<Long> idsInKeyOrder, boolean lock, Row row) throws SQLException;

    /** Receives one kiosk row as it is now: whose kiosk it is and whether its token was revoked. */
    @FunctionalInterface
    interface Row {
        void accept(long id, long agencyId, boolean revoked);
    }
}
