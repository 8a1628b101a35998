package vn.hailong.system;

import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.transaction.exceptions.CannotCreateTransactionException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which database failures are an outage (503, retry later) and which are about the request itself. */
class DatabaseErrorsTest {

    @Test
    void aConnectionTimeoutOfThePoolIsAnOutage() {
        SQLTransientConnectionException timeout = new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 3000ms", null,
                new SQLNonTransientConnectionException("Communications link failure", "08S01", new ConnectException("Connection refused")));

        assertThat(DatabaseErrors.isUnavailable(new CannotCreateTransactionException("Could not open connection", timeout))).isTrue();
    }

    @Test
    void aLostConnectionMidStatementIsAnOutageWhateverWrapsIt() {
        SQLException lost = new SQLException("Communications link failure", "08S01");

        assertThat(DatabaseErrors.isUnavailable(new IllegalStateException("storing response failed", lost))).isTrue();
        assertThat(DatabaseErrors.isUnavailable(new RuntimeException(new RuntimeException(new ConnectException("Connection refused"))))).isTrue();
    }

    @Test
    void aServerShuttingDownOrKillingConnectionsIsAnOutage() {
        assertThat(DatabaseErrors.isUnavailable(new SQLException("Server shutdown in progress", "70100", 1053))).isTrue();
        assertThat(DatabaseErrors.isUnavailable(new SQLException("Connection was killed", "70100", 1927))).isTrue();
    }

    @Test
    void aConnectionThePoolAlreadyEvictedIsAnOutage() {
        SQLException evicted = new SQLException("Connection is closed");

        assertThat(DatabaseErrors.isUnavailable(new ConnectionException("Could not set JDBC Connection read-only", evicted))).isTrue();
        assertThat(DatabaseErrors.isUnavailable(evicted)).isTrue();
    }

    @Test
    void constraintViolationsDeadlocksAndBadSqlAreNotOutages() {
        SQLIntegrityConstraintViolationException duplicate = new SQLIntegrityConstraintViolationException(
                "Duplicate entry for key 'PRIMARY'", "23000", 1062);

        assertThat(DatabaseErrors.isUnavailable(new RuntimeException(duplicate))).isFalse();
        assertThat(DatabaseErrors.isConstraintViolation(new RuntimeException(duplicate))).isTrue();
        assertThat(DatabaseErrors.isUnavailable(new SQLException("Deadlock found", "40001", 1213))).isFalse();
        assertThat(DatabaseErrors.isUnavailable(new SQLException("You have an error in your SQL syntax", "42000", 1064))).isFalse();
        assertThat(DatabaseErrors.isUnavailable(new SQLException("Connection is closed", "S1000"))).isFalse();
        assertThat(DatabaseErrors.isUnavailable(new IllegalArgumentException("bad"))).isFalse();
    }

    /** What a cluster answers at COMMIT when another node's transaction won: retried, not an outage, not a 500. */
    @Test
    void certificationConflictsOfGaleraAndGroupReplicationAreRetryable() {
        SQLException galera = new SQLException("Deadlock found when trying to get lock; try restarting transaction", "40001", 1213);
        SQLException groupReplication = new SQLException(
                "Plugin instructed the server to rollback the current transaction.", "40000", 3101);

        assertThat(DatabaseErrors.isRetryable(new RuntimeException("Could not commit JDBC transaction", galera))).isTrue();
        assertThat(DatabaseErrors.isRetryable(new RuntimeException("Could not commit JDBC transaction", groupReplication))).isTrue();
        assertThat(DatabaseErrors.isUnavailable(groupReplication)).isFalse();
        assertThat(DatabaseErrors.isRetryable(new SQLException("Duplicate entry", "23000", 1062))).isFalse();
        assertThat(DatabaseErrors.isRetryable(new SQLException("syntax", "42000", 1064))).isFalse();
    }

    @Test
    void aConstraintViolationStaysOneEvenWhenTheConnectionBrokeAfterwards() {
        SQLIntegrityConstraintViolationException duplicate = new SQLIntegrityConstraintViolationException("Duplicate entry", "23000", 1062);
        SQLException rollbackFailed = new SQLException("Communications link failure during rollback", "08S01", duplicate);

        assertThat(DatabaseErrors.isUnavailable(rollbackFailed)).isFalse();
    }
}
