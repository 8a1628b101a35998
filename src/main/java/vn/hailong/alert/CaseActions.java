package vn.hailong.alert;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import vn.hailong.audit.Actor;
import vn.hailong.audit.AuditEntry;
import vn.hailong.audit.AuditLog;
import vn.hailong.outbox.OutboxEvent;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Acknowledging and resolving a case (API and pages alike): the change, its audit row and — for a
 * resolution — the alert.resolved event commit together.
 */
@Singleton
class CaseActions {

    static final int MAX_NOTE = 2000;

    private final TransactionOperations<Connection> transactions;
    private final Cases cases;
    private final CaseEvents events;
    private final AuditLog audit;
    private final AlertAccess access;
    private final Clock clock;

    CaseActions(TransactionOperations<Connection> transactions, Cases cases, CaseEvents events, AuditLog audit,
                AlertAccess access, Clock clock) {
        this.transactions = transactions;
        this.cases = cases;
        this.events = events;
        this.audit = audit;
        this.access = access;
        this.clock = clock;
    }

    AlertCase visible(long id, Authentication authentication) {
        AlertCase found = transactions.executeRead(status -> cases.find(status.getConnection(), id)).orElse(null);
        if (found == null || !access.sees(authentication, found.agencyId())) {
            throw new AlertRefused(HttpStatus.NOT_FOUND, AlertRefusal.of("id", "id.noCase", String.valueOf(id)));
        }
        return found;
    }

    AlertCase acknowledge(long id, Authentication authentication) {
        return move(id, authentication, List.of(AlertCase.OPEN), AlertCase.ACKNOWLEDGED, null);
    }

    AlertCase resolve(long id, Authentication authentication, @Nullable String note) {
        if (note == null || note.isBlank()) {
            throw new AlertRefused(HttpStatus.UNPROCESSABLE_ENTITY, AlertRefusal.of("note", "note.required"));
        }
        if (note.strip().length() > MAX_NOTE) {
            throw new AlertRefused(HttpStatus.UNPROCESSABLE_ENTITY, AlertRefusal.of("note", "note.tooLong", MAX_NOTE));
        }
        return move(id, authentication, List.of(AlertCase.OPEN, AlertCase.ACKNOWLEDGED), AlertCase.RESOLVED, note.strip());
    }

    private AlertCase move(long id, Authentication authentication, List<String> from, String to, @Nullable String note) {
        visible(id, authentication);
        Actor actor = Actor.of(authentication);
        Instant now = clock.instant();
        return transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            if (!cases.move(connection, id, from, to, actor.name(), note, now)) {
                // someone else moved it first (or it was already resolved): nothing changed
                throw new AlertRefused(HttpStatus.CONFLICT, AlertRefusal.of("status", "status.to-" + to));
            }
            AlertCase moved = cases.find(connection, id).orElseThrow();
            audit.record(connection, new AuditEntry(actor, AlertCase.RESOLVED.equals(to) ? "alert.resolve" : "alert.acknowledge",
                    "alert:" + id, "agency=" + moved.agencyCode() + (note == null ? "" : "; note=" + note)));
            if (AlertCase.RESOLVED.equals(to)) {
                events.append(connection, OutboxEvent.ALERT_RESOLVED, moved, now);
            }
            return moved;
        });
    }
}
