package vn.hailong.account;

import java.util.regex.Pattern;

/** What a valid account looks like: shared by the API and the admin pages. */
public final class AccountRules {

    public static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 128;
    public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{3,64}");

    public static boolean validPassword(@io.micronaut.core.annotation.Nullable String password) {
        return password != null && password.length() >= MIN_PASSWORD && password.length() <= MAX_PASSWORD;
    }

    private AccountRules() {
    }
}
