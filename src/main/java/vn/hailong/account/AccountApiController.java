package vn.hailong.account;

import io.swagger.v3.oas.annotations.parameters.RequestBody;
import vn.hailong.system.TokenRefusals;
import vn.hailong.system.BodyRefusals;
import vn.hailong.system.Problem;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Content;
import io.micronaut.security.authentication.Authentication;
import vn.hailong.audit.Actor;
import vn.hailong.audit.AuditActions;
import vn.hailong.audit.AuditLog;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyScope;
import vn.hailong.agency.AgencyTree;
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.DatabaseErrors;
import vn.hailong.system.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@Controller("/api/v1/accounts")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Administration")
@SecurityRequirement(name = "bearer")
@TokenRefusals
class AccountApiController {

    private final AccountRegistry accounts;
    private final AgencyTree agencies;
    private final AgencyScope scope;
    private final AuditLog audit;

    AccountApiController(AccountRegistry accounts, AgencyTree agencies, AgencyScope scope, AuditLog audit) {
        this.accounts = accounts;
        this.agencies = agencies;
        this.scope = scope;
        this.audit = audit;
    }

    @Post
    @Operation(summary = "Create a staff account (ADMIN, optionally scoped to an agency; REVIEWER, KIOSK or DATA_ENTRY scoped to one)",
            description = "An ADMIN with an `agency` is a province administrator: agencies, accounts, kiosks, integrations, "
                    + "alert rules and questionnaires of that agency and those below it only. A province administrator "
                    + "creates accounts inside their subtree only: 403 for an agency outside it, or for an ADMIN without agency. "
                    + "DATA_ENTRY (issue 15): types in paper questionnaires on /entry and submits responses with channel "
                    + "`paper` for its agency and those below it, nothing else.")
    @RequestBody(content = @Content(examples = {
            @ExampleObject(name = "province administrator",
                    value = "{\"username\": \"admin-bn\", \"password\": \"a-long-password\", \"role\": \"ADMIN\", \"agency\": \"BN\"}"),
            @ExampleObject(name = "commune reviewer",
                    value = "{\"username\": \"reviewer-x1\", \"password\": \"Mật-khẩu-dài-2026\", \"role\": \"REVIEWER\", \"agency\": \"BN-X1\"}"),
            @ExampleObject(name = "province paper entry",
                    value = "{\"username\": \"nhap-lieu-1\", \"password\": \"a-long-password\", \"role\": \"DATA_ENTRY\", \"agency\": \"BN\"}")}))
    @ApiResponse(responseCode = "201", description = "Created", content = @Content(examples = @ExampleObject(value = """
            {"id": 14, "username": "reviewer-hn", "role": "REVIEWER", "agency": "HN"}""")))
    @ApiResponse(responseCode = "404", description = "No agency with the code given", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "No agency with code 'HN-XX'.",
      "errors": [{"field": "agency", "message": "No agency with code 'HN-XX'."}]}""")))
    @ApiResponse(responseCode = "409", description = "The username is taken; nothing changed", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/409", "title": "Conflict", "status": 409, "detail": "The username 'reviewer-hn' is taken.",
      "errors": [{"field": "username", "message": "The username 'reviewer-hn' is taken."}]}""")))
    @ApiResponse(responseCode = "422", description = "Invalid fields, each named; nothing stored", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/422", "title": "Unprocessable Entity", "status": 422, "detail": "The request has invalid fields.",
      "errors": [{"field": "password", "message": "must have 8 to 128 characters"}, {"field": "role", "message": "must be ADMIN, REVIEWER, KIOSK or DATA_ENTRY"}]}""")))
    @BodyRefusals
    HttpResponse<AccountView> create(@Body NewAccount request, Authentication authentication) {
        List<FieldError> errors = new ArrayList<>();
        Optional<String> normal = Usernames.normalise(request.username());
        String username = normal.orElse("");
        if (request.username() != null && normal.isEmpty()) {
            errors.add(new FieldError("username", "must not contain control or invisible characters"));
        } else if (!AccountRules.USERNAME.matcher(username).matches()) {
            errors.add(new FieldError("username", "3 to 64 letters, digits or . _ @ -"));
        }
        if (request.password() == null || request.password().length() < AccountRules.MIN_PASSWORD
                || request.password().length() > AccountRules.MAX_PASSWORD) {
            errors.add(new FieldError("password", "must have " + AccountRules.MIN_PASSWORD + " to " + AccountRules.MAX_PASSWORD + " characters"));
        }
        Optional<Role> role = Optional.ofNullable(request.role()).flatMap(Role::parse).filter(Role.accountRoles()::contains);
        if (role.isEmpty()) {
            errors.add(new FieldError("role", "must be ADMIN, REVIEWER, KIOSK or DATA_ENTRY"));
        }
        boolean scoped = role.isPresent() && role.get() != Role.ADMIN;
        if (scoped && (request.agency() == null || request.agency().isBlank())) {
            errors.add(new FieldError("agency", "is required for a " + role.get() + " account"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblemException.invalid(errors);
        }
        Agency agency = null;
        if (request.agency() != null && !request.agency().isBlank()) {
            agency = agencies.byCode(request.agency()).orElseThrow(() ->
                    ApiProblemException.notFound("agency", "No agency with code '" + request.agency() + "'."));
        }
        // Never an account above the caller's own scope (an ADMIN without agency is national).
        scope.checkScope(authentication, agency == null ? null : agency.id(), "create accounts for");
        if (accounts.exists(username)) {
            throw ApiProblemException.conflict("username", "The username '" + username + "' is taken.");
        }
        Account saved;
        try {
            saved = accounts.create(username, request.password(), role.get(), agency == null ? null : agency.id());
        } catch (RuntimeException e) {
            // A concurrent request took the username between the check above and this insert.
            if (DatabaseErrors.isConstraintViolation(e) && accounts.exists(username)) {
                throw ApiProblemException.conflict("username", "The username '" + username + "' is taken.");
            }
            throw e;
        }
        audit.record(Actor.of(authentication), AuditActions.ACCOUNT_CREATE, "account:" + saved.username(),
                "role=" + saved.role().name() + "; agency=" + (agency == null ? "" : agency.code()) + "; via api");
        return HttpResponse.created(new AccountView(saved.id(), saved.username(), saved.role().name(),
                agency == null ? null : agency.code()));
    }

    @Serdeable
    record NewAccount(@Nullable String username, @Nullable String password, @Nullable String role,
                      @Nullable String agency) {
    }

    @Serdeable
    record AccountView(long id, String username, String role, @Nullable String agency) {
    }
}
