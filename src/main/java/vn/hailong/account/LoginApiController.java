package vn.hailong.account;

import io.swagger.v3.oas.annotations.parameters.RequestBody;
import vn.hailong.system.BodyRefusals;
import vn.hailong.system.Problem;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Content;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.http.HttpHeaders;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import vn.hailong.security.ClientAddresses;
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.Problems;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import vn.hailong.system.FieldError;

import java.util.ArrayList;
import java.util.List;

@Controller("/api/v1")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Authentication")
class LoginApiController {

    private final AccountAuthenticator authenticator;
    private final TokenIssuer tokens;
    private final SessionRevocation revocation;
    private final ClientAddresses addresses;
    private final ApplicationEventPublisher<LoginEvent> events;
    private final Clock clock;

    LoginApiController(AccountAuthenticator authenticator, TokenIssuer tokens, SessionRevocation revocation,
                       ClientAddresses addresses, ApplicationEventPublisher<LoginEvent> events, Clock clock) {
        this.clock = clock;
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.revocation = revocation;
        this.addresses = addresses;
        this.events = events;
    }

    @Post("/login")
    @Operation(summary = "Exchange username and password for a bearer token")
    @RequestBody(content = @Content(examples = @ExampleObject(value = """
            {"username": "reviewer-hn", "password": "Mật-khẩu-dài-2026"}""")))
    @ApiResponse(responseCode = "200", description = "A bearer token for the API (8 hours by default)", content = @Content(examples = @ExampleObject(value = """
            {"accessToken": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyZXZpZXdlci1obiIsInJvbGVzIjpbIlJFVklFV0VSIl19.c2lnbmF0dXJl", "tokenType": "Bearer", "expiresIn": 28800}""")))
    @ApiResponse(responseCode = "401", description = "Wrong username or password", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/401", "title": "Unauthorized", "status": 401, "detail": "Wrong username or password."}""")))
    @ApiResponse(responseCode = "422", description = "Username or password missing, or the username holds control or invisible characters", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/422", "title": "Unprocessable Entity", "status": 422, "detail": "The request has invalid fields.",
      "errors": [{"field": "username", "message": "is required"}, {"field": "password", "message": "is required"}]}""")))
    @ApiResponse(responseCode = "429", description = "Too many failed logins for this account or address; see Retry-After", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/429", "title": "Too Many Requests", "status": 429, "detail": "Too many failed logins for this account or from this address. Try again after 2026-12-03T02:15:00Z."}""")))
    @BodyRefusals
    HttpResponse<?> login(@Body LoginRequest request, HttpRequest<?> http) {
        List<FieldError> errors = new ArrayList<>();
        java.util.Optional<String> username = Usernames.normalise(request.username());
        if (request.username() == null || request.username().isBlank()) {
            errors.add(new FieldError("username", "is required"));
        } else if (username.isEmpty()) {
            errors.add(new FieldError("username", "must not contain control or invisible characters"));
        }
        if (request.password() == null || request.password().isEmpty()) {
            errors.add(new FieldError("password", "is required"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblemException.invalid(errors);
        }
        AccountAuthenticator.Attempt attempt = authenticator.authenticate(username.get(), request.password(), http, "api");
        if (attempt.lockedUntil() != null) {
            long seconds = Math.max(1, Duration.between(clock.instant(), attempt.lockedUntil()).toSeconds() + 1);
            return Problems.response(HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins for this account or from this address. Try again after "
                    + attempt.lockedUntil().truncatedTo(ChronoUnit.SECONDS) + ".", null).header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        if (!attempt.succeeded()) {
            throw new ApiProblemException(HttpStatus.UNAUTHORIZED, "Wrong username or password.", List.of());
        }
        return HttpResponse.ok(new AccessToken(tokens.issue(attempt.authentication()), "Bearer", tokens.lifetimeSeconds()))
                .cookie(attempt.device());
    }

    /** Ends every token of the calling account (all its sessions, API and pages). */
    @Post("/logout")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Operation(summary = "End every token of the calling account")
    @ApiResponse(responseCode = "204", description = "Every token of the account is revoked, pages and API alike")
    @ApiResponse(responseCode = "401", description = "No token, or an expired or revoked one", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/401", "title": "Unauthorized", "status": 401, "detail": "Log in first: send a bearer token."}""")))
    @SecurityRequirement(name = "bearer")
    HttpResponse<?> logout(Authentication authentication, HttpRequest<?> http) {
        revocation.revokeAll(authentication.getName());
        events.publishEvent(new LoginEvent(LoginEvent.Outcome.LOGGED_OUT, authentication.getName(), null, null,
                addresses.hashOf(http), "api", clock.instant(), null, authentication.getName()));
        return HttpResponse.noContent();
    }

    @Serdeable
    record LoginRequest(@Nullable String username, @Nullable String password) {
    }

    @Serdeable
    record AccessToken(String accessToken, String tokenType, int expiresIn) {
    }
}
