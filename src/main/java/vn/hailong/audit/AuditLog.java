package vn.hailong.audit;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDateTime;

/**
 * Appends to the audit log. The only way rows get there: never updated, never deleted.
 *
 * <p>Each append locks the chain head row ({@code SELECT ... FOR UPDATE}) in the same transaction
 * as the insert, so appends from many threads and many app copies queue up and form one linear
 * chain. Use {@link #record(Connection, AuditEntry)} to append inside a transaction you already
 * hold (the event and its audit row commit or roll back together).
 */
@Singleton
public class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final TransactionOperations<Connection> transactions;
    private final AuditChain chain;
    private final Clock clock;

    AuditLog(TransactionOperations<Connection> transactions, AuditChain chain, Clock clock) {
        this.clock = clock;
        this.transactions = transactions;
        this.chain = chain;
    }

    public void record(Actor actor, String action, String target, String details) {
        record(new AuditEntry(actor, action, target, details));
    }

    /** Appends in its own transaction, or joins the transaction in progress on this thread. */
    public void record(AuditEntry entry) {
        transactions.executeWrite(status -> {
            record(status.getConnection(), entry);
            return null;
        });
    }

    /** Appends through {@code connection}, inside the caller's transaction (not committed here). */
    public void record(Connection connection, AuditEntry entry) {
        try {
            append(connection, entry);
        } catch (SQLException e) {
            throw new AuditException("could not append to the audit log", e);
        }
    }

    private void append(Connection connection, AuditEntry entry) throws SQLException {
        long lastSeq;
        String lastHash;
        try (PreparedStatement head = connection.prepareStatement(
                "SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE");
             ResultSet rs = head.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("audit_chain_head row is missing");
            }
            lastSeq = rs.getLong(1);
            lastHash = rs.getString(2);
        }
        Actor actor = entry.actor();
        AuditRow unsigned = new AuditRow(lastSeq + 1, AuditChain.truncate(LocalDateTime.now(clock)), actor.name(), actor.role(),
                actor.agencyId(), entry.action(), entry.target(), entry.details(), lastHash, null);
        String hash = chain.hash(unsigned);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO audit_log (" + AuditRow.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, unsigned.seq());
            insert.setObject(2, unsigned.at());
            insert.setString(3, unsigned.actor());
            insert.setString(4, unsigned.actorRole());
            if (unsigned.actorAgencyId() == null) {
                insert.setNull(5, Types.BIGINT);
            } else {
                insert.setLong(5, unsigned.actorAgencyId());
            }
            insert.setString(6, unsigned.action());
            insert.setString(7, unsigned.target());
            insert.setString(8, unsigned.details());
            insert.setString(9, unsigned.prevHash());
            insert.setString(10, hash);
            insert.executeUpdate();
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
            update.setLong(1, unsigned.seq());
            update.setString(2, hash);
            update.executeUpdate();
        }
        LOG.debug("audit {} {} {} by {}", unsigned.seq(), entry.action(), entry.target(), actor.name());
    }
}
