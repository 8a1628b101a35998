package vn.hailong.dossier;

import vn.hailong.system.IdRefusal;
import vn.hailong.system.TokenRefusals;
import vn.hailong.system.BodyRefusals;
import vn.hailong.system.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyScope;
import vn.hailong.audit.Actor;
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.FieldError;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Integration clients (dossier and queue systems): create (the key is shown once), list, revoke. */
@Controller("/api/v1/integrations")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Integrations")
@SecurityRequirement(name = "bearer")
@TokenRefusals
class IntegrationApiController {

    static final int MAX_NAME = 200;

    private final IntegrationClients clients;
    private final AgencyScope scope;
    private final Clock clock;

    IntegrationApiController(IntegrationClients clients, AgencyScope scope, Clock clock) {
        this.clock = clock;
        this.clients = clients;
        this.scope = scope;
    }

    @Post
    @Operation(summary = "Create an integration client; its key is shown only in this answer",
            description = "The key is sent as `Authorization: Bearer <key>`. Scope: the agency and every agency below it. "
                    + "It may call the dossier endpoints and submit responses with channel `portal`, nothing else.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "province dossier system",
            value = "{\"name\": \"Hệ thống một cửa tỉnh\", \"agency\": \"BN\"}")))
    @ApiResponse(responseCode = "201", description = "Created", content = @Content(examples = @ExampleObject(
            value = "{\"id\": 3, \"name\": \"Hệ thống một cửa tỉnh\", \"agency\": \"BN\", \"key\": \"hi_Q2xvc2VkIGZvciBkb2N1bWVudGF0aW9uIG9ubHkh\"}")))
    @ApiResponse(responseCode = "404", description = "No agency with the code given", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "No agency with code 'BN-X9'.",
      "errors": [{"field": "agency", "message": "No agency with code 'BN-X9'."}]}""")))
    @ApiResponse(responseCode = "422", description = "Name or agency missing or invalid (or the agency is retired), each named in errors[]; nothing stored", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/422", "title": "Unprocessable Entity", "status": 422, "detail": "The request has invalid fields.",
      "errors": [{"field": "name", "message": "is required (at most 200 characters)"}, {"field": "agency", "message": "is required"}]}""")))
    @BodyRefusals
    HttpResponse<IntegrationClients.Created> create(@Body NewClient request, Authentication authentication) {
        List<FieldError> errors = new ArrayList<>();
        String name = request.name() == null ? null : request.name().strip();
        if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
            errors.add(new FieldError("name", "is required (at most " + MAX_NAME + " characters)"));
        }
        if (request.agency() == null || request.agency().isBlank()) {
            errors.add(new FieldError("agency", "is required"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblemException.invalid(errors);
        }
        Agency agency = scope.named(authentication, "agency", request.agency().strip(), "create integration clients for");
        if (agency.retired(clock.instant())) {
            throw ApiProblemException.invalid("agency", "'" + agency.code() + "' is retired");
        }
        return HttpResponse.created(clients.create(name, agency, Actor.of(authentication)));
    }

    @Get
    @Operation(summary = "List integration clients (never their keys), with their last use")
    @ApiResponse(responseCode = "200", description = "The clients", content = @Content(examples = @ExampleObject(
            value = "[{\"id\": 3, \"name\": \"Hệ thống một cửa tỉnh\", \"agency\": \"BN\", \"createdAt\": \"2026-11-20T01:00:00Z\","
                    + " \"createdBy\": \"admin\", \"revokedAt\": null, \"lastUsedAt\": \"2026-11-21T03:30:12Z\"}]")))
    List<IntegrationClients.Client> list(Authentication authentication) {
        return clients.all().stream().filter(c -> scope.coversCode(authentication, c.agency())).toList();
    }

    @Delete("/{id}")
    @Operation(summary = "Revoke an integration client: its next request gets 401, on every copy of the app")
    @ApiResponse(responseCode = "204", description = "Revoked (or revoked before)")
    @ApiResponse(responseCode = "404", description = "No such client", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "No integration client 12.",
      "errors": [{"field": "id", "message": "No integration client 12."}]}""")))
    @IdRefusal
    HttpResponse<?> revoke(long id, Authentication authentication) {
        clients.byId(id).ifPresent(c -> {
            if (!scope.coversCode(authentication, c.agency())) {
                throw ApiProblemException.forbidden("Outside your scope: your account may not revoke integration clients of " + c.agency() + ".");
            }
        });
        if (!clients.revoke(id, Actor.of(authentication))) {
            throw ApiProblemException.notFound("id", "No integration client " + id + ".");
        }
        return HttpResponse.noContent();
    }

    @Serdeable
    record NewClient(@Nullable String name, @Nullable String agency) {
    }
}
