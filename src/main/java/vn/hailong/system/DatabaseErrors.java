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
}
