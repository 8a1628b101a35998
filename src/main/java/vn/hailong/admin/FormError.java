package vn.hailong.admin;

import java.util.List;

/**
 * One problem with what an administrator entered: the field (for highlighting), a message key
 * (both languages) with its arguments and, for CSV files, the line.
 */
public record FormError(String field, String key, List<Object> args, int line) {

    static FormError of(String field, String key, Object... args) {
        return new FormError(field, key, List.of(args), 0);
    }

    /** The arguments as Thymeleaf's #messages.msgWithParams wants them. */
    public Object[] params() {
        return args.toArray();
    }
}
