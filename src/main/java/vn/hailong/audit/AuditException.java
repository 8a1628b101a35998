package vn.hailong.audit;

/** The audit row could not be written; the action that wanted it must not go ahead unaudited. */
public class AuditException extends RuntimeException {

    AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
