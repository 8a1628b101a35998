package vn.hailong.system;

import java.sql.SQLException;

/** Reading what went wrong in the database from an exception, whatever wraps the SQLException. */
public final class DatabaseErrors {

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

    /** True for a deadlock or lock-wait timeout: the transaction was rolled back and may simply be tried again. */
    public static boolean isRetryable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                // 40001: deadlock / serialization failure; 41000 or MySQL 1205: lock wait timeout; 1213: deadlock
                if ("40001".equals(state) || "41000".equals(state) || sql.getErrorCode() == 1213 || sql.getErrorCode() == 1205) {
                    return true;
                }
            }
        }
        return false;
    }
}
