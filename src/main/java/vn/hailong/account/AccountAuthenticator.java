package vn.hailong.account;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import vn.hailong.security.ClientAddresses;

import java.time.Instant;
import java.util.Optional;

/**
 * Checks a username and password, throttled by {@link LoginThrottle}; the result carries role and
 * agency into the token. Every attempt is published as a {@link LoginEvent} (the audit log's hook).
 */
@Singleton
class AccountAuthenticator {

    /** The outcome of one attempt: an authentication, a plain refusal, or a lock with its end. */
    record Attempt(@Nullable Authentication authentication, @Nullable Instant lockedUntil) {
        boolean succeeded() {
            return authentication != null;
        }
    }

    private final AccountRepository accounts;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final ClientAddresses addresses;
    private final ApplicationEventPublisher<LoginEvent> events;

    AccountAuthenticator(AccountRepository accounts, PasswordHasher hasher, LoginThrottle throttle,
                         ClientAddresses addresses, ApplicationEventPublisher<LoginEvent> events) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.throttle = throttle;
        this.addresses = addresses;
        this.events = events;
    }

    Attempt authenticate(String username, String password, HttpRequest<?> request, String via) {
        String client = addresses.hashOf(request);
        Optional<Instant> locked = throttle.lockedUntil(username, client);
        if (locked.isPresent()) {
            publish(LoginEvent.Outcome.LOCKED, username, null, client, via, locked.get());
            return new Attempt(null, locked.get());
        }
        Optional<Account> account = accounts.findByUsername(username);
        if (account.isEmpty()) {
            hasher.spendDecoyCheck(password);
            return failed(username, client, via);
        }
        Account found = account.get();
        if (!hasher.matches(password, found.passwordHash()) || !found.enabled()) {
            return failed(username, client, via);
        }
        throttle.succeeded(found.username());
        publish(LoginEvent.Outcome.SUCCEEDED, found.username(), found, client, via, null);
        return new Attempt(Caller.authentication(found.username(), found.role(), found.agencyId(), null), null);
    }

    /** A refused attempt that never reached the password check (honeypot filled, fields missing). */
    Attempt refuse(String username, HttpRequest<?> request, String via) {
        return failed(username, addresses.hashOf(request), via);
    }

    private Attempt failed(String username, String client, String via) {
        throttle.failed(username, client);
        publish(LoginEvent.Outcome.FAILED, username, null, client, via, null);
        return new Attempt(null, null);
    }

    private void publish(LoginEvent.Outcome outcome, String username, @Nullable Account account, String client, String via,
                         @Nullable Instant retryAt) {
        events.publishEvent(new LoginEvent(outcome, username, account == null ? null : account.role(),
                account == null ? null : account.agencyId(), client, via, Instant.now(), retryAt, null));
    }
}
