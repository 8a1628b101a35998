package vn.hailong.agency;

import java.util.List;

/**
 * Why {@link AgencyValidator} refuses what was entered for an agency: the field, the reason and the
 * reason's arguments. It carries no text: each entry point turns it into its reader's language
 * ({@link #key()} is the message key in {@code messages*.properties}).
 */
public record AgencyRefusal(AgencyField field, Reason reason, List<Object> args) {

    public enum Reason {
        /** Not 1 to 64 letters, digits, '.', '-' or '_' starting with a letter or digit (or missing). */
        FORMAT("format"),
        /** Missing, blank or longer than {@link AgencyRules#MAX_NAME}. */
        REQUIRED("required"),
        TOO_LONG("tooLong"),
        UNKNOWN_ZONE("unknown"),
        NOT_A_DATE("date"),
        /** The last day of service is before the first. */
        BEFORE_FROM("beforeFrom"),
        /** An agency named as its own parent. */
        SELF("self");

        private final String suffix;

        Reason(String suffix) {
            this.suffix = suffix;
        }
    }

    public AgencyRefusal {
        args = List.copyOf(args);
    }

    static AgencyRefusal of(AgencyField field, Reason reason, Object... args) {
        return new AgencyRefusal(field, reason, List.of(args));
    }

    /** A stable code for logs and tests: {@code validTo.beforeFrom}. */
    public String code() {
        return field.formName() + "." + reason.suffix;
    }

    /** The message key: {@code agency.invalid.validTo.beforeFrom}. */
    public String key() {
        return "agency.invalid." + code();
    }
}
