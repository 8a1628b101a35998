package vn.hailong.account;

import java.util.regex.Pattern;

final class AccountRules {

    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 128;
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{3,64}");

    private AccountRules() {
    }
}
