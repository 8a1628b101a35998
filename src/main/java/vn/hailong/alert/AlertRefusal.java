package vn.hailong.alert;

import java.util.List;

/**
 * Why a rule, a case change or a look-up was refused: the field (as the API and the forms name it),
 * a message key ({@code alert.invalid.*}, both languages) and its arguments. It carries no text:
 * the API answers in the request's language, the pages in the page's.
 */
public record AlertRefusal(String field, String key, List<Object> args) {

    public AlertRefusal {
        args = List.copyOf(args);
    }

    static AlertRefusal of(String field, String key, Object... args) {
        return new AlertRefusal(field, "alert.invalid." + key, List.of(args));
    }

    /** The arguments as Thymeleaf's #messages.msgWithParams wants them. */
    public Object[] params() {
        return args.toArray();
    }
}
