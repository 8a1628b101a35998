package vn.hailong.account;

import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import vn.hailong.audit.Actor;
import vn.hailong.audit.AuditActions;
import vn.hailong.audit.AuditEntry;
import vn.hailong.audit.AuditLog;

/**
 * Writes every login attempt, lock, unlock and logout to the audit log. The event is published on
 * the request's thread, so if the audit row cannot be written the login fails too. Never the
 * password; the client appears only as the keyed hash of its address (shortened).
 */
@Singleton
class LoginAudit {

    private final AuditLog audit;

    LoginAudit(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void on(LoginEvent event) {
        String target = "account:" + event.username();
        String client = event.clientHash() == null ? "" : "; client=" + event.clientHash().substring(0, Math.min(16, event.clientHash().length()));
        String details = "via " + event.via() + client;
        AuditEntry entry = switch (event.outcome()) {
            case SUCCEEDED -> new AuditEntry(new Actor(event.username(), event.role() == null ? null : event.role().name(),
                    event.agencyId()), AuditActions.LOGIN, target, details);
            case FAILED -> new AuditEntry(Actor.attempted(event.username()), AuditActions.LOGIN_FAILED, target, details);
            case LOCKED -> new AuditEntry(Actor.attempted(event.username()), AuditActions.LOGIN_LOCKED, target,
                    details + (event.retryAt() == null ? "" : "; until=" + event.retryAt()));
            case UNLOCKED -> new AuditEntry(new Actor(event.actor() == null ? "system" : event.actor(), Role.ADMIN.name(), null),
                    AuditActions.ACCOUNT_UNLOCK, target, details);
            case LOGGED_OUT -> new AuditEntry(new Actor(event.username(), event.role() == null ? null : event.role().name(),
                    event.agencyId()), AuditActions.LOGOUT, target, details);
        };
        audit.record(entry);
    }
}
