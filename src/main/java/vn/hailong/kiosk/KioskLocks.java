package vn.hailong.kiosk;

import jakarta.inject.Singleton;
import vn.hailong.response.SubmittingKiosks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/** The kiosk rows the submission path reads and locks inside its own transaction (response.KioskLimits). */
@Singleton
class KioskLocks implements SubmittingKiosks {

    @Override
    public void readAndLock(Connection connection, List<Long> idsInKeyOrder, boolean lock, Row row) throws SQLException {
        if (idsInKeyOrder.isEmpty()) {
            return;
        }
        String marks = String.join(", ", Collections.nCopies(idsInKeyOrder.size(), "?"));
        if (lock) {
            try (PreparedStatement bump = connection.prepareStatement(
                    "UPDATE kiosk SET limited_writes = limited_writes + 1 WHERE id IN (" + marks + ")")) {
                bind(bump, idsInKeyOrder);
                bump.executeUpdate();
            }
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT id, agency_id, revoked_at FROM kiosk WHERE id IN ("
                + marks + ") ORDER BY id" + (lock ? " FOR UPDATE" : ""))) {
            bind(select, idsInKeyOrder);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs.getLong(1), rs.getLong(2), rs.getObject(3) != null);
                }
            }
        }
    }

    private static void bind(PreparedStatement statement, List<Long> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            statement.setLong(i + 1, ids.get(i));
        }
    }
}
