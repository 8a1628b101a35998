package vn.hailong.account;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import vn.hailong.system.PageModel;
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
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.token.cookie.AccessTokenCookieConfiguration;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Staff login for pages: the same token as the API, kept in an HttpOnly cookie. */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class LoginPageController {

    private final AccountAuthenticator authenticator;
    private final TokenIssuer tokens;
    private final AccessTokenCookieConfiguration cookieConfiguration;

    LoginPageController(AccountAuthenticator authenticator, TokenIssuer tokens,
                        AccessTokenCookieConfiguration cookieConfiguration) {
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.cookieConfiguration = cookieConfiguration;
    }

    @Get("/login")
    ModelAndView<Map<String, Object>> form(@Nullable @QueryValue String next, HttpRequest<?> request) {
        return page(request, safeNext(next), null, false);
    }

    @Post(value = "/login", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> login(@Body LoginForm form, HttpRequest<?> request) {
        String next = safeNext(form.next());
        String username = form.username() == null ? "" : form.username().strip();
        var authentication = username.isEmpty() || form.password() == null
                ? java.util.Optional.<io.micronaut.security.authentication.Authentication>empty()
                : authenticator.authenticate(username, form.password());
        if (authentication.isEmpty()) {
            return HttpResponse.status(HttpStatus.UNAUTHORIZED).body(page(request, next, username, true));
        }
        Cookie cookie = Cookie.of(cookieConfiguration.getCookieName(), tokens.issue(authentication.get()))
                .httpOnly(true)
                .path("/")
                .sameSite(SameSite.Lax)
                .secure(cookieConfiguration.isCookieSecure().orElse(false))
                .maxAge(Duration.ofSeconds(tokens.lifetimeSeconds()));
        return HttpResponse.seeOther(URI.create(next)).cookie(cookie);
    }

    @Post("/logout")
    @Secured(SecurityRule.IS_ANONYMOUS)
    HttpResponse<?> logout() {
        Cookie expired = Cookie.of(cookieConfiguration.getCookieName(), "").path("/").maxAge(0).httpOnly(true);
        return HttpResponse.seeOther(URI.create("/")).cookie(expired);
    }

    private ModelAndView<Map<String, Object>> page(HttpRequest<?> request, String next, @Nullable String username, boolean failed) {
        Map<String, Object> model = PageModel.of(request);
        model.put("next", next);
        model.put("username", username == null ? "" : username);
        model.put("failed", failed);
        return new ModelAndView<>("account/login", model);
    }

    /** Only paths on this site: never redirect a fresh login to another host. */
    static String safeNext(@Nullable String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) {
            return "/reports";
        }
        return next;
    }

    @Serdeable
    record LoginForm(@Nullable String username, @Nullable String password, @Nullable String next) {
    }
}
