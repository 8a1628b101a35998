package vn.hailong.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import vn.hailong.audit.Actor;
import vn.hailong.audit.AuditEntry;
import vn.hailong.audit.AuditLog;

import java.sql.Connection;
import java.util.function.Supplier;

/**
 * Every change an administrator makes on these pages passes here: who (with the role and agency
 * scope of their token), what, on which target, and which agency it concerns. The change and its
 * audit row commit together or not at all: no change without its row, no row for a refused change.
 */
@Singleton
class AdminAudit {

    private final AuditLog log;
    private final TransactionOperations<Connection> transactions;

    AdminAudit(AuditLog log, TransactionOperations<Connection> transactions) {
        this.log = log;
        this.transactions = transactions;
    }

    /** Runs {@code change} and appends its audit row in one transaction. */
    <T> T change(Authentication who, String action, String target, @Nullable String agency, @Nullable String details,
                 Supplier<T> change) {
        return transactions.executeWrite(status -> {
            T result = change.get();
            record(who, action, target, agency, details);
            return result;
        });
    }

    void change(Authentication who, String action, String target, @Nullable String agency, @Nullable String details,
                Runnable change) {
        change(who, action, target, agency, details, () -> {
            change.run();
            return null;
        });
    }

    /** Several steps and their audit rows in one transaction. */
    <T> T inTransaction(Supplier<T> work) {
        return transactions.executeWrite(status -> work.get());
    }

    /** An audit row alone (an export; or inside a transaction already open). */
    void record(Authentication who, String action, String target, @Nullable String agency, @Nullable String details) {
        String text = (agency == null ? "" : "agency " + agency) + (details == null ? "" : (agency == null ? "" : "; ") + details);
        log.record(new AuditEntry(Actor.of(who), action, target, text.isEmpty() ? null : text));
    }
}
