package vn.hailong.account;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * Published (synchronously, on the request's thread) for every login attempt on pages and API,
 * and for an unlock by an administrator. HOOK for the audit log: listen with
 * {@code @EventListener void on(LoginEvent e)} or an {@code ApplicationEventListener<LoginEvent>}.
 * {@code username} is what was typed (it may not exist); {@code clientHash} is the keyed hash of
 * the client's address, never the address itself.
 */
public record LoginEvent(Outcome outcome, String username, @Nullable Role role, @Nullable Long agencyId,
                         String clientHash, String via, Instant at, @Nullable Instant retryAt,
                         @Nullable String actor) {

    public enum Outcome {
        /** Right password, account enabled, not locked: a token was issued. */
        SUCCEEDED,
        /** Wrong username or password, or a disabled account (counted towards the lockout). */
        FAILED,
        /** Refused without checking the password: too many recent failures (see {@code retryAt}). */
        LOCKED,
        /** An administrator ({@code actor}) cleared the failures of {@code username}. */
        UNLOCKED,
        /** The account logged out: every token issued to it before {@code at} is refused from now on. */
        LOGGED_OUT
    }
}
