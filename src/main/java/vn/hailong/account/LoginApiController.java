package vn.hailong.account;

import io.micronaut.core.annotation.Nullable;
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
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.FieldError;

import java.util.ArrayList;
import java.util.List;

@Controller("/api/v1/login")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Authentication")
class LoginApiController {

    private final AccountAuthenticator authenticator;
    private final TokenIssuer tokens;

    LoginApiController(AccountAuthenticator authenticator, TokenIssuer tokens) {
        this.authenticator = authenticator;
        this.tokens = tokens;
    }

    @Post
    @Operation(summary = "Exchange username and password for a bearer token")
    AccessToken login(@Body LoginRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.username() == null || request.username().isBlank()) {
            errors.add(new FieldError("username", "is required"));
        }
        if (request.password() == null || request.password().isEmpty()) {
            errors.add(new FieldError("password", "is required"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblemException.invalid(errors);
        }
        return authenticator.authenticate(request.username(), request.password())
                .map(authentication -> new AccessToken(tokens.issue(authentication), "Bearer", tokens.lifetimeSeconds()))
                .orElseThrow(() -> new ApiProblemException(HttpStatus.UNAUTHORIZED, "Wrong username or password.", List.of()));
    }

    @Serdeable
    record LoginRequest(@Nullable String username, @Nullable String password) {
    }

    @Serdeable
    record AccessToken(String accessToken, String tokenType, int expiresIn) {
    }
}
