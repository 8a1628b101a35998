package vn.hailong.account;

import java.util.Arrays;
import java.util.Optional;

/** What an account may do: see api.md "Authentication". */
public enum Role {
    /** Everything. */
    ADMIN,
    /** Reports of one agency and everything below it. */
    REVIEWER,
    /** A device that submits responses for its agency. */
    KIOSK;

    public static Optional<Role> parse(String text) {
        return Arrays.stream(values()).filter(r -> r.name().equals(text)).findFirst();
    }
}
