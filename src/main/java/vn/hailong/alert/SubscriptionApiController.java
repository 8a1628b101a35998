package vn.hailong.alert;

import vn.hailong.system.BodyRefusals;
import vn.hailong.system.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import vn.hailong.account.Caller;
import vn.hailong.account.Role;
import vn.hailong.audit.Actor;
import vn.hailong.audit.AuditLog;
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.FieldError;
import vn.hailong.system.Languages;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A reviewer's own e-mail opt-in: alert e-mails (cases of their agency and below) and the weekly
 * digest, at an address and in a language of their choosing. Nobody gets e-mail without it.
 */
@Controller("/api/v1/me/alert-subscription")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Follow-up")
@SecurityRequirement(name = "bearer")
class SubscriptionApiController {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final String EXAMPLE = "{\"email\": \"truongphong@bn.example.vn\", \"language\": \"vi\", \"alerts\": true, \"digest\": true}";

    private final Subscriptions subscriptions;
    private final AuditLog audit;

    SubscriptionApiController(Subscriptions subscriptions, AuditLog audit) {
        this.subscriptions = subscriptions;
        this.audit = audit;
    }

    @Get
    @Operation(summary = "What the signed-in reviewer receives by e-mail (nothing until they opt in)",
            responses = {
                    @ApiResponse(responseCode = "200", description = "the choice", content = @Content(examples = {
                            @ExampleObject(name = "opted in", value = EXAMPLE),
                            @ExampleObject(name = "not opted in", value = "{\"email\": null, \"language\": \"vi\", \"alerts\": false, \"digest\": false}")})),
                    })
    @ApiResponse(responseCode = "403", description = "Not a reviewer: only reviewers receive alert e-mail", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/403", "title": "Forbidden", "status": 403, "detail": "Only reviewers receive alert e-mail."}""")))
    @ApiResponse(responseCode = "401", description = "No token, or an expired or revoked one", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/401", "title": "Unauthorized", "status": 401, "detail": "Log in first: send a bearer token."}""")))
    SubscriptionView show(Authentication authentication) {
        long account = reviewer(authentication);
        return subscriptions.find(account).map(SubscriptionApiController::view)
                .orElse(new SubscriptionView(null, Languages.DEFAULT, false, false));
    }

    @Put
    @Operation(summary = "Opt in to (or out of) alert e-mails and the weekly digest; the whole choice is replaced",
            description = "`alerts` and `digest` default to true, `language` to vi; `email` is required while either is on. "
                    + "Both false: no e-mail at all (the address is kept).",
            requestBody = @RequestBody(content = @Content(examples = {
                    @ExampleObject(name = "opt in", value = EXAMPLE),
                    @ExampleObject(name = "digest only, in English", value = "{\"email\": \"head@bn.example.vn\", \"language\": \"en\", \"alerts\": false, \"digest\": true}"),
                    @ExampleObject(name = "opt out", value = "{\"alerts\": false, \"digest\": false}")})),
            responses = {
                    @ApiResponse(responseCode = "200", description = "stored", content = @Content(examples = @ExampleObject(value = EXAMPLE))),
                    @ApiResponse(responseCode = "422", description = "a field is wrong (problem+json naming it)", content = @Content(
                            mediaType = "application/problem+json", examples = @ExampleObject(value = "{\"type\": \"https://hailong.vn/problems/422\", "
                            + "\"title\": \"Unprocessable Entity\", \"status\": 422, \"detail\": \"The request has invalid fields.\", "
                            + "\"errors\": [{\"field\": \"email\", \"message\": \"must be an e-mail address\"}]}")))})
    @ApiResponse(responseCode = "403", description = "Not a reviewer: only reviewers receive alert e-mail", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/403", "title": "Forbidden", "status": 403, "detail": "Only reviewers receive alert e-mail."}""")))
    @ApiResponse(responseCode = "401", description = "No token, or an expired or revoked one", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/401", "title": "Unauthorized", "status": 401, "detail": "Log in first: send a bearer token."}""")))
    @BodyRefusals
    SubscriptionView update(@Body Choice choice, Authentication authentication) {
        long account = reviewer(authentication);
        boolean alerts = choice.alerts() == null || choice.alerts();
        boolean digest = choice.digest() == null || choice.digest();
        String language = choice.language() == null || choice.language().isBlank()
                ? Languages.DEFAULT : choice.language().strip().toLowerCase(Locale.ROOT);
        String email = choice.email() == null || choice.email().isBlank() ? null : choice.email().strip();
        List<FieldError> errors = new ArrayList<>();
        if (!Languages.isSupported(language)) {
            errors.add(new FieldError("language", "must be one of " + String.join(", ", Languages.SUPPORTED)));
        }
        if (email != null && (email.length() > 320 || !EMAIL.matcher(email).matches())) {
            errors.add(new FieldError("email", "must be an e-mail address"));
        }
        Subscriptions.Subscription before = subscriptions.find(account).orElse(null);
        if (email == null && before != null) {
            email = before.email();
        }
        if (email == null && (alerts || digest)) {
            errors.add(new FieldError("email", "is required to receive alert e-mails or the digest"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblemException.invalid(errors);
        }
        if (email == null) {
            return new SubscriptionView(null, language, false, false);
        }
        Subscriptions.Subscription saved = new Subscriptions.Subscription(account, email, language, alerts, digest);
        subscriptions.save(saved);
        audit.record(Actor.of(authentication), "alert.subscription.update", "account:" + account,
                "alerts=" + alerts + "; digest=" + digest + "; language=" + language);
        return view(saved);
    }

    /** The caller's account id; 403 for anyone but a reviewer with an agency (their scope is what the mails are about). */
    private long reviewer(Authentication authentication) {
        Caller caller = Caller.of(authentication).orElseThrow(() -> ApiProblemException.forbidden("Sign in first."));
        if (!caller.is(Role.REVIEWER) || caller.agencyId() == null) {
            throw ApiProblemException.forbidden("Only reviewers receive alert e-mail.");
        }
        return subscriptions.accountId(caller.name())
                .orElseThrow(() -> ApiProblemException.forbidden("Your account no longer exists."));
    }

    private static SubscriptionView view(Subscriptions.Subscription s) {
        return new SubscriptionView(s.email(), s.language(), s.alerts(), s.digest());
    }

    @Serdeable
    record Choice(@Nullable String email, @Nullable String language, @Nullable Boolean alerts, @Nullable Boolean digest) {
    }

    @Serdeable
    record SubscriptionView(@Nullable String email, String language, boolean alerts, boolean digest) {
    }
}
