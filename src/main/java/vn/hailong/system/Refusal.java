package vn.hailong.system;

import io.micronaut.core.annotation.Nullable;

import java.util.Arrays;
import java.util.List;

/**
 * A request the domain refuses (issue 16 §2): what kind of refusal, a stable code with its
 * arguments for the reader's message ({@link #key()} / {@link Reason#key()} in
 * {@code messages*.properties}), the fields it is about, and the English text the API has always
 * given integrators. It knows nothing of HTTP: {@link ApiProblemHandler} turns it into
 * problem+json (the status from {@link RefusalStatus}), and a page controller into a message in
 * the reader's language. Storage and checking code throws this, never {@link ApiProblemException}.
 */
public class Refusal extends RuntimeException {

    /** What the refusal means for the caller, independent of how the edge says it. */
    public enum Kind {
        /** The request cannot even be read (broken JSON, a parameter of the wrong shape). */
        MALFORMED,
        /** No credentials, or ones that no longer hold (a revoked kiosk token). */
        UNAUTHENTICATED,
        /** The caller may not do this. */
        FORBIDDEN,
        /** What the request names does not exist. */
        NOT_FOUND,
        /** It clashes with what is stored (an id already used, a dossier already rated). */
        CONFLICT,
        /** Readable, but a value breaks a rule. */
        INVALID,
        /** Too many requests: try again after {@link #retryAfterSeconds()}. */
        LIMITED,
        /** The server cannot take it now (shutting down): send it again. */
        UNAVAILABLE
    }

    /**
     * One refused field: its name as the API gives it ({@code answers.E3.1}), the code of the
     * reason ({@code answer.maxChoices}) with its arguments, and the English text of the API.
     */
    public record Reason(String field, String code, List<Object> args, String message) {

        public Reason {
            args = List.copyOf(args);
        }

        public static Reason of(String field, String code, String message, Object... args) {
            return new Reason(field, code, Arrays.asList(args), message);
        }

        /** The message key of a page's text for it: {@code refusal.answer.maxChoices}. */
        public String key() {
            return KEY_PREFIX + code;
        }

        public FieldError toFieldError() {
            return new FieldError(field, message);
        }
    }

    public static final String KEY_PREFIX = "refusal.";
    /** The detail of a refusal naming several fields (each in its reason). */
    protected static final String INVALID_FIELDS = "The request has invalid fields.";

    private final Kind kind;
    private final String code;
    private final List<Object> args;
    private final List<Reason> reasons;
    private final Long retryAfterSeconds;

    protected Refusal(Kind kind, String code, List<Object> args, String detail, List<Reason> reasons,
                      @Nullable Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.kind = kind;
        this.code = code;
        this.args = List.copyOf(args);
        this.reasons = List.copyOf(reasons);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** One field breaks a rule (422 at the API): detail and field message are the same text. */
    public static Refusal invalid(String field, String code, String message, Object... args) {
        return single(Kind.INVALID, Reason.of(field, code, message, args));
    }

    /** Several fields break rules, each named. */
    public static Refusal invalidFields(List<Reason> reasons) {
        return new Refusal(Kind.INVALID, "invalid", List.of(), INVALID_FIELDS, reasons, null);
    }

    public static Refusal malformed(String field, String code, String message, Object... args) {
        return single(Kind.MALFORMED, Reason.of(field, code, message, args));
    }

    public static Refusal notFound(String field, String code, String message, Object... args) {
        return single(Kind.NOT_FOUND, Reason.of(field, code, message, args));
    }

    public static Refusal conflict(String field, String code, String message, Object... args) {
        return single(Kind.CONFLICT, Reason.of(field, code, message, args));
    }

    /** Not allowed; no field (the whole request is refused). */
    public static Refusal forbidden(String code, String message, Object... args) {
        return new Refusal(Kind.FORBIDDEN, code, Arrays.asList(args), message, List.of(), null);
    }

    public static Refusal unauthenticated(String code, String message, Object... args) {
        return new Refusal(Kind.UNAUTHENTICATED, code, Arrays.asList(args), message, List.of(), null);
    }

    /** Too many; {@code retryAfterSeconds} (at least 1) after which trying again makes sense. */
    public static Refusal limited(String code, String message, long retryAfterSeconds, Object... args) {
        return new Refusal(Kind.LIMITED, code, Arrays.asList(args), message, List.of(), Math.max(1, retryAfterSeconds));
    }

    public static Refusal unavailable(String code, String message, Object... args) {
        return new Refusal(Kind.UNAVAILABLE, code, Arrays.asList(args), message, List.of(), null);
    }

    /**
     * Fields refused with the API's English wording only, no code of their own (the report
     * parameters): {@code detail} is the one field's "name message", or {@code several} when more
     * are named. Pages give each in the reader's language by its wording ({@link ProblemTexts}).
     */
    public static Refusal worded(Kind kind, List<FieldError> errors, String several) {
        String detail = errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message() : several;
        return new Refusal(kind, ApiProblemException.CODE, List.of(), detail,
                errors.stream().map(e -> new Reason(e.field(), ApiProblemException.CODE, List.of(), e.message())).toList(), null);
    }

    private static Refusal single(Kind kind, Reason reason) {
        return new Refusal(kind, reason.code(), reason.args(), reason.message(), List.of(reason), null);
    }

    public Kind kind() {
        return kind;
    }

    /** The stable code of the whole refusal: the reason's for one field, {@code invalid} for several. */
    public String code() {
        return code;
    }

    public List<Object> args() {
        return args;
    }

    /** The message key of a page's text for the whole refusal. */
    public String key() {
        return KEY_PREFIX + code;
    }

    public List<Reason> reasons() {
        return reasons;
    }

    /** The reasons as the API lists them. */
    public List<FieldError> errors() {
        return reasons.stream().map(Reason::toFieldError).toList();
    }

    /** Seconds for Retry-After, or null when trying again soon is pointless or harmless. */
    public @Nullable Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
