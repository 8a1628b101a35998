package vn.hailong.account;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import vn.hailong.security.ClientAddresses;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks a username (already normalised, {@link Usernames}) and password, throttled by
 * {@link LoginThrottle}: the attempt is counted before the password is checked, on the account it
 * names (or the browser of that account that logged in before, {@link TrustedDevices}); the result
 * carries role and agency into the token. Every attempt is published as a {@link LoginEvent}.
 */
@Singleton
class AccountAuthenticator {

    /** The outcome of one attempt: an authentication (with the browser's new device cookie), a plain refusal, or a lock with its end. */
    record Attempt(@Nullable Authentication authentication, @Nullable Instant lockedUntil, @Nullable Cookie device) {
        boolean succeeded() {
            return authentication != null;
        }
    }

    private final AccountRepository accounts;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final TrustedDevices devices;
    private final ClientAddresses addresses;
    private final ApplicationEventPublisher<LoginEvent> events;
    private final Clock clock;

    AccountAuthenticator(AccountRepository accounts, PasswordHasher hasher, LoginThrottle throttle, TrustedDevices devices,
                         ClientAddresses addresses, ApplicationEventPublisher<LoginEvent> events, Clock clock) {
        this.clock = clock;
        this.accounts = accounts;
        this.hasher = hasher;
        this.throttle = throttle;
        this.devices = devices;
        this.addresses = addresses;
        this.events = events;
    }

    Attempt authenticate(String username, String password, HttpRequest<?> request, String via) {
        String client = addresses.hashOf(request);
        Optional<Account> account = accounts.findByUsername(username);
        LoginThrottle.Key key = keyOf(account, username, request);
        Optional<Instant> locked = throttle.claim(key, client);
        if (locked.isPresent()) {
            publish(LoginEvent.Outcome.LOCKED, username, null, client, via, locked.get());
            return new Attempt(null, locked.get(), null);
        }
        if (account.isEmpty()) {
            hasher.spendDecoyCheck(password);
            return failed(username, client, via);
        }
        Account found = account.get();
        if (!hasher.matches(password, found.passwordHash()) || !found.enabled()) {
            return failed(username, client, via);
        }
        throttle.succeeded(key, client);
        publish(LoginEvent.Outcome.SUCCEEDED, found.username(), found, client, via, null);
        return new Attempt(Caller.authentication(found.username(), found.role(), found.agencyId(), null), null,
                devices.issue(found.id(), request));
    }

    /** A refused attempt that never reached the password check (honeypot filled, fields missing): counted all the same. */
    Attempt refuse(String username, HttpRequest<?> request, String via) {
        String client = addresses.hashOf(request);
        Optional<Account> account = username.isEmpty() ? Optional.empty() : accounts.findByUsername(username);
        throttle.claim(keyOf(account, username, request), client);
        return failed(username, client, via);
    }

    private LoginThrottle.Key keyOf(Optional<Account> account, String username, HttpRequest<?> request) {
        if (account.isEmpty()) {
            return throttle.nameKey(username);
        }
        long id = account.get().id();
        return devices.deviceOf(request, id).map(device -> throttle.deviceKey(id, device)).orElseGet(() -> throttle.accountKey(id));
    }

    private Attempt failed(String username, String client, String via) {
        publish(LoginEvent.Outcome.FAILED, username, null, client, via, null);
        return new Attempt(null, null, null);
    }

    private void publish(LoginEvent.Outcome outcome, String username, @Nullable Account account, String client, String via,
                         @Nullable Instant retryAt) {
        events.publishEvent(new LoginEvent(outcome, username, account == null ? null : account.role(),
                account == null ? null : account.agencyId(), client, via, clock.instant(), retryAt, null));
    }
}
