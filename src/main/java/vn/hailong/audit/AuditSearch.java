package vn.hailong.audit;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads the audit log for the admin page and the CSV export: newest first, filtered, paged. */
@Singleton
class AuditSearch {

    private static final int EXPORT_BATCH = 1000;

    private final TransactionOperations<Connection> transactions;

    AuditSearch(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    record Page(List<AuditRow> rows, long total, int page, int size) {
        boolean hasNext() {
            return (long) page * size < total;
        }
    }

    Page find(AuditFilter filter, ZoneId zone, int page, int size) {
        AuditFilter.Sql where = filter.where(zone);
        return transactions.executeRead(status -> {
            Connection connection = status.getConnection();
            long total;
            try (PreparedStatement count = prepare(connection, "SELECT COUNT(*) FROM audit_log" + where.clause(), where.parameters());
                 ResultSet rs = count.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            List<AuditRow> rows = new ArrayList<>();
            try (PreparedStatement select = prepare(connection, "SELECT " + AuditRow.COLUMNS + " FROM audit_log" + where.clause()
                    + " ORDER BY seq DESC LIMIT " + size + " OFFSET " + (long) (page - 1) * size, where.parameters());
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(AuditRow.read(rs));
                }
            }
            return new Page(rows, total, page, size);
        });
    }

    /** Every matching row, oldest first (chain order), a batch at a time so a long log needs little memory. */
    void each(AuditFilter filter, ZoneId zone, Consumer<AuditRow> consumer) {
        AuditFilter.Sql where = filter.where(zone);
        String and = where.clause().isEmpty() ? " WHERE " : where.clause() + " AND ";
        long after = Long.MIN_VALUE;
        while (true) {
            List<Object> parameters = new ArrayList<>(where.parameters());
            parameters.add(after);
            List<AuditRow> batch = transactions.executeRead(status -> {
                List<AuditRow> rows = new ArrayList<>(EXPORT_BATCH);
                try (PreparedStatement select = prepare(status.getConnection(), "SELECT " + AuditRow.COLUMNS + " FROM audit_log"
                        + and + "seq > ? ORDER BY seq LIMIT " + EXPORT_BATCH, parameters);
                     ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(AuditRow.read(rs));
                    }
                }
                return rows;
            });
            batch.forEach(consumer);
            if (batch.size() < EXPORT_BATCH) {
                return;
            }
            after = batch.get(batch.size() - 1).seq();
        }
    }

    /** The newest row with this action, e.g. the last chain verification. */
    Optional<AuditRow> latest(String action) {
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement(
                    "SELECT " + AuditRow.COLUMNS + " FROM audit_log WHERE action = ? ORDER BY at DESC, seq DESC LIMIT 1")) {
                select.setString(1, action);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(AuditRow.read(rs)) : Optional.<AuditRow>empty();
                }
            }
        });
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        return statement;
    }
}
