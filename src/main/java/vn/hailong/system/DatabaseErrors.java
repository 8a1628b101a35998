package vn.hailong.system;

import io.micronaut.data.connection.exceptions.ConnectionException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/** Reading what went wrong in the database from an exception, whatever wraps the SQLException. */
public final class DatabaseErrors {

    /** ER_SERVER_SHUTDOWN: "Server shutdown in progress". */
    private static final int SERVER_SHUTDOWN = 1053;
    /** ER_CONNECTION_KILLED (MariaDB): "Connection was killed", e.g. by a server that is stopping. */
    private static final int CONNECTION_KILLED = 1927;
    private static final String HIKARI_CLOSED = "Connection is closed";

    private DatabaseErrors() {
    }

    /** True for an integrity constraint violation (SQLState class 23): a unique or foreign key was hit. */
    public static boolean isConstraintViolation(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    /** MySQL/MariaDB errors about one row's value: out of range, truncated, incorrect date or string value, too long. */
    private static final java.util.Set<Integer> DATA_ERRORS = java.util.Set.of(1264, 1265, 1292, 1366, 1367, 1406, 1411);

    /**
     * True when the database refused a value of some row (SQLState class 22, "data exception", or
     * one of the MySQL codes for it): the same rows will fail the same way however often they are
     * tried, but rows written without the bad one would not.
     */
    public static boolean isDataError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ((sql.getSQLState() != null && sql.getSQLState().startsWith("22"))
                    || DATA_ERRORS.contains(sql.getErrorCode()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True for a deadlock, a lock-wait timeout or a certification conflict of a multi-primary cluster:
     * the transaction was rolled back and may simply be tried again.
     */
    public static boolean isRetryable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                // 40001: deadlock / serialization failure (also Galera's certification failure at commit);
                // 41000 or MySQL 1205: lock wait timeout; 1213: deadlock; MySQL 3101
                // (ER_TRANSACTION_ROLLBACK_DURING_COMMIT, SQLState 40000): Group Replication's certification
                // failure in multi-primary mode, "Plugin instructed the server to rollback the current transaction".
                if ("40001".equals(state) || "41000".equals(state) || sql.getErrorCode() == 1213 || sql.getErrorCode() == 1205
                        || sql.getErrorCode() == 3101) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * True when the database could not be reached at all, as opposed to refusing this statement: no
     * connection within the pool's timeout (Hikari's {@link SQLTransientConnectionException}), connection
     * refused, a communication link failure or a connection lost mid-statement (SQLState class 08), or the
     * server shutting down or killing the connection. The same request may succeed once the database is
     * back, so the client is told to retry (503), never that its request was wrong. A constraint
     * violation is never an outage, whatever else the chain holds.
     */
    public static boolean isUnavailable(Throwable error) {
        if (isConstraintViolation(error)) {
            return false;
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof ConnectException
                    // Micronaut Data could not open, configure or release a connection
                    || t instanceof ConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                int code = sql.getErrorCode();
                if ((state != null && state.startsWith("08")) || code == SERVER_SHUTDOWN || code == CONNECTION_KILLED) {
                    return true;
                }
                // Hikari's stand-in for a connection it has already evicted as broken: no SQLState, only this text
                if (state == null && HIKARI_CLOSED.equals(sql.getMessage())) {
                    return true;
                }
            }
        }
        return false;
    }
}
