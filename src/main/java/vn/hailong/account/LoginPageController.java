package vn.hailong.account;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.token.cookie.AccessTokenCookieConfiguration;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.security.ClientAddresses;
import vn.hailong.security.CookieSecurity;
import vn.hailong.system.PageModel;

import java.time.Clock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Staff login for pages: the same token as the API, kept in an HttpOnly, SameSite=Lax cookie whose
 * lifetime is the token's (Secure over HTTPS, see {@link CookieSecurity}). The form carries the
 * CSRF token (checked by the CSRF filter before this runs) and a honeypot field.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class LoginPageController {

    /** Characters a path and query may hold as such; anything else (spaces, control characters, backslashes) is refused. */
    private static final java.util.regex.Pattern SAFE_PATH = java.util.regex.Pattern.compile("[A-Za-z0-9\\-._~!$&'()*+,;=:@%/?]{1,2000}");

    private final AccountAuthenticator authenticator;
    private final TokenIssuer tokens;
    private final AccessTokenCookieConfiguration cookieConfiguration;
    private final CookieSecurity cookieSecurity;
    private final SessionRevocation revocation;
    private final ClientAddresses addresses;
    private final ApplicationEventPublisher<LoginEvent> events;
    private final Clock clock;

    LoginPageController(AccountAuthenticator authenticator, TokenIssuer tokens, AccessTokenCookieConfiguration cookieConfiguration,
                        CookieSecurity cookieSecurity, SessionRevocation revocation, ClientAddresses addresses,
                        ApplicationEventPublisher<LoginEvent> events, Clock clock) {
        this.clock = clock;
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.cookieConfiguration = cookieConfiguration;
        this.cookieSecurity = cookieSecurity;
        this.revocation = revocation;
        this.addresses = addresses;
        this.events = events;
    }

    @Get(value = "/login", produces = MediaType.TEXT_HTML)
    ModelAndView<Map<String, Object>> form(@Nullable @QueryValue String next, HttpRequest<?> request) {
        return page(request, safeNext(next), null, false, null);
    }

    @Post(value = "/login", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> login(@Body LoginForm form, HttpRequest<?> request) {
        String next = safeNext(form.next());
        java.util.Optional<String> normal = Usernames.normalise(form.username());
        if (normal.isEmpty()) {
            // a control or invisible character: no account can have it, and the collation would ignore it
            Map<String, Object> model = page(request, next, null, false, null).getModel().orElseThrow();
            model.put("invalidName", true);
            return HttpResponse.status(HttpStatus.UNPROCESSABLE_ENTITY).body(new ModelAndView<>("account/login", model));
        }
        String username = normal.get();
        boolean honeypot = form.website() != null && !form.website().isEmpty();
        AccountAuthenticator.Attempt attempt = username.isEmpty() || form.password() == null || honeypot
                ? authenticator.refuse(username, request, "page")
                : authenticator.authenticate(username, form.password(), request, "page");
        if (attempt.lockedUntil() != null) {
            long seconds = Math.max(1, Duration.between(clock.instant(), attempt.lockedUntil()).toSeconds() + 1);
            return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                    .body(page(request, next, username, false, (seconds + 59) / 60));
        }
        if (!attempt.succeeded()) {
            return HttpResponse.status(HttpStatus.UNAUTHORIZED).body(page(request, next, username, true, null));
        }
        Cookie cookie = sessionCookie(tokens.issue(attempt.authentication()), request)
                .maxAge(Duration.ofSeconds(tokens.lifetimeSeconds()));
        if (attempt.authentication().getRoles().contains(Role.DATA_ENTRY.name()) && !next.startsWith("/entry")) {
            next = "/entry"; // the entry pages are all a DATA_ENTRY account may use; the default (the reports) is not among them
        }
        return HttpResponse.seeOther(URI.create(next)).cookie(cookie).cookie(attempt.device());
    }

    /** Ends the session: the cookie is dropped and every token of the account refused from now on. */
    @Post(value = "/logout", consumes = {MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA}, produces = MediaType.TEXT_HTML)
    @Secured(SecurityRule.IS_ANONYMOUS)
    HttpResponse<?> logout(@Nullable Authentication authentication, HttpRequest<?> request) {
        if (authentication != null) {
            revocation.revokeAll(authentication.getName());
            events.publishEvent(new LoginEvent(LoginEvent.Outcome.LOGGED_OUT, authentication.getName(), null, null,
                    addresses.hashOf(request), "page", clock.instant(), null, authentication.getName()));
        }
        return HttpResponse.seeOther(URI.create("/")).cookie(sessionCookie("", request).maxAge(0));
    }

    private Cookie sessionCookie(String value, HttpRequest<?> request) {
        return Cookie.of(cookieConfiguration.getCookieName(), value)
                .httpOnly(true)
                .path("/")
                .sameSite(SameSite.Lax)
                .secure(cookieSecurity.secure(request));
    }

    private ModelAndView<Map<String, Object>> page(HttpRequest<?> request, String next, @Nullable String username, boolean failed,
                                                   @Nullable Long lockedMinutes) {
        Map<String, Object> model = PageModel.of(request);
        model.put("next", next);
        model.put("username", username == null ? "" : username);
        model.put("failed", failed);
        model.put("lockedMinutes", lockedMinutes);
        return new ModelAndView<>("account/login", model);
    }

    /** Only paths on this site: never redirect a fresh login to another host. */
    static String safeNext(@Nullable String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || !SAFE_PATH.matcher(next).matches()) {
            return "/reports";
        }
        try {
            URI.create(next);
            return next;
        } catch (IllegalArgumentException e) {
            return "/reports";
        }
    }

    /** {@code website} is the honeypot: people never see it, so anything in it comes from a bot. */
    @Serdeable
    record LoginForm(@Nullable String username, @Nullable String password, @Nullable String next, @Nullable String website) {
    }
}
