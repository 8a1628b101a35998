package vn.hailong.audit;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Walks the audit chain from the first row to the head and reports the first place it breaks. */
@Singleton
public class AuditVerifier {

    private static final int BATCH = 2000;

    private final TransactionOperations<Connection> transactions;
    private final AuditChain chain;

    AuditVerifier(TransactionOperations<Connection> transactions, AuditChain chain) {
        this.transactions = transactions;
        this.chain = chain;
    }

    public ChainCheck verify() {
        return transactions.executeRead(status -> {
            try {
                return walk(status.getConnection());
            } catch (SQLException e) {
                throw new AuditException("could not read the audit log", e);
            }
        });
    }

    private ChainCheck walk(Connection connection) throws SQLException {
        long headSeq;
        String headHash;
        try (PreparedStatement head = connection.prepareStatement("SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1");
             ResultSet rs = head.executeQuery()) {
            if (!rs.next()) {
                return ChainCheck.broken(0, 0, 1, "head-mismatch");
            }
            headSeq = rs.getLong(1);
            headHash = rs.getString(2);
        }
        long expectedSeq = 1;
        String expectedPrev = AuditChain.GENESIS;
        long checked = 0;
        long after = Long.MIN_VALUE;
        while (true) {
            List<AuditRow> batch = batchFrom(connection, after);
            for (AuditRow row : batch) {
                if (row.seq() > headSeq) {
                    return ChainCheck.broken(checked, headSeq, row.seq(), "beyond-head");
                }
                if (row.seq() < expectedSeq) {
                    // a seq the application never hands out (0 or below)
                    return ChainCheck.broken(checked, headSeq, row.seq(), "relinked");
                }
                if (row.seq() != expectedSeq) {
                    return ChainCheck.broken(checked, headSeq, expectedSeq, "missing");
                }
                if (!row.prevHash().equals(expectedPrev)) {
                    return ChainCheck.broken(checked, headSeq, row.seq(), "relinked");
                }
                if (!chain.hash(row).equals(row.hash())) {
                    return ChainCheck.broken(checked, headSeq, row.seq(), "changed");
                }
                checked++;
                expectedSeq++;
                expectedPrev = row.hash();
                after = row.seq();
            }
            if (batch.size() < BATCH) {
                break;
            }
        }
        if (expectedSeq - 1 < headSeq) {
            return ChainCheck.broken(checked, headSeq, expectedSeq, "truncated");
        }
        if (!expectedPrev.equals(headHash)) {
            return ChainCheck.broken(checked, headSeq, headSeq, "head-mismatch");
        }
        return ChainCheck.intact(checked, headSeq);
    }

    private static List<AuditRow> batchFrom(Connection connection, long afterSeq) throws SQLException {
        List<AuditRow> rows = new ArrayList<>(BATCH);
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + AuditRow.COLUMNS + " FROM audit_log WHERE seq > ? ORDER BY seq LIMIT " + BATCH)) {
            select.setLong(1, afterSeq);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(AuditRow.read(rs));
                }
            }
        }
        return rows;
    }
}
