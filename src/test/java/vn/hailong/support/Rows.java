package vn.hailong.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Direct look at the test database, independent of the application's code. */
public final class Rows {

    private Rows() {
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(TestDatabase.url(), TestDatabase.username(), TestDatabase.password());
    }

    public static long count(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The single text value {@code sql} selects (the first column of the first row), or null when there is no row. */
    public static String text(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Statements inserting responses that are running on other connections of the server {@code
     * connection} is on: with a test holding a row they need, the submissions waiting inside the database.
     */
    public static long insertsWaiting(Connection connection) {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM information_schema.processlist"
                     + " WHERE info LIKE 'INSERT INTO response%' AND id <> CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fingerprint of everything submissions can write: equal before and after means nothing changed. */
    public static String submissionState() {
        return count("SELECT COUNT(*) FROM response") + "/" + count("SELECT COUNT(*) FROM answer");
    }
}
