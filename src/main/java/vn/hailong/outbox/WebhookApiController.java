package vn.hailong.outbox;

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
import io.micronaut.http.annotation.PathVariable;
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
import vn.hailong.agency.AgencyTree;
import vn.hailong.audit.Actor;
import vn.hailong.audit.AuditLog;
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.FieldError;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Webhooks (ADMIN): signed JSON POSTs of outbox events for an agency subtree (docs/alerts.md). */
@Controller("/api/v1/webhooks")
@Secured(vn.hailong.agency.AgencyScope.NATIONAL) // the national administrator only (issue 15)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Follow-up")
@SecurityRequirement(name = "bearer")
@TokenRefusals
class WebhookApiController {

    private final Webhooks webhooks;
    private final AgencyTree agencies;
    private final AuditLog audit;

    WebhookApiController(Webhooks webhooks, AgencyTree agencies, AuditLog audit) {
        this.webhooks = webhooks;
        this.agencies = agencies;
        this.audit = audit;
    }

    @Post
    @Operation(summary = "Register a webhook; its signing secret is shown only in this answer",
            requestBody = @RequestBody(content = @Content(examples = @ExampleObject(name = "alerts of a province",
                    value = "{\"url\": \"https://relay.example.vn/hailong\", \"events\": [\"alert.opened\", \"alert.escalated\"], \"agency\": \"BN\"}"))),
            responses = @ApiResponse(responseCode = "201", description = "registered", content = @Content(examples = @ExampleObject(
                    value = "{\"id\": 3, \"secret\": \"whsec_5f1c…\", \"url\": \"https://relay.example.vn/hailong\", \"events\": [\"alert.opened\", \"alert.escalated\"], \"agency\": \"BN\", \"status\": \"active\", \"failuresInRow\": 0}"))))
    @ApiResponse(responseCode = "404", description = "No agency with the code given", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "No agency with code 'BN-X9'.",
      "errors": [{"field": "agency", "message": "No agency with code 'BN-X9'."}]}""")))
    @ApiResponse(responseCode = "422", description = "url, events or agency missing or invalid, each named; nothing stored", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/422", "title": "Unprocessable Entity", "status": 422, "detail": "The request has invalid fields.",
      "errors": [{"field": "url", "message": "must be an absolute http:// or https:// address"}, {"field": "events[1]", "message": "unknown event 'alert.closed'"}]}""")))
    @BodyRefusals
    HttpResponse<Created> create(@Body NewWebhook request, Authentication authentication) {
        List<FieldError> errors = new ArrayList<>();
        if (request.url() == null || !isHttpUrl(request.url())) {
            errors.add(new FieldError("url", "must be an absolute http:// or https:// address"));
        }
        List<String> events = request.events() == null ? List.of() : List.copyOf(new LinkedHashSet<>(request.events()));
        if (events.isEmpty()) {
            errors.add(new FieldError("events", "must list at least one of " + String.join(", ", Webhooks.EVENTS.stream().sorted().toList())));
        }
        for (int i = 0; i < events.size(); i++) {
            if (!Webhooks.EVENTS.contains(events.get(i))) {
                errors.add(new FieldError("events[" + i + "]", "unknown event '" + events.get(i) + "'"));
            }
        }
        if (request.agency() == null || request.agency().isBlank()) {
            errors.add(new FieldError("agency", "is required"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblemException.invalid(errors);
        }
        Agency agency = agencies.byCode(request.agency()).orElseThrow(() ->
                ApiProblemException.notFound("agency", "No agency with code '" + request.agency() + "'."));
        Object[] made = webhooks.create(agency.id(), request.url(), events, Actor.of(authentication).name());
        long id = (Long) made[0];
        audit.record(Actor.of(authentication), "webhook.create", "webhook:" + id,
                "agency=" + agency.code() + "; events=" + String.join(",", events) + "; url=" + request.url());
        return HttpResponse.created(new Created(id, (String) made[1], request.url(), events, agency.code(), "active", 0));
    }

    @Get
    @Operation(summary = "The webhooks, each active or paused (failing) with its failures in a row")
    @ApiResponse(responseCode = "200", description = "The webhooks", content = @Content(examples = @ExampleObject(value = """
            [{"id": 3, "url": "https://relay.bacninh.gov.vn/hailong", "events": ["alert.opened", "alert.escalated"], "agency": "BN", "status": "paused", "failuresInRow": 5, "pausedAt": "2026-12-02T06:40:00Z"}]""")))
    List<WebhookView> list() {
        return webhooks.list().stream().map(WebhookApiController::view).toList();
    }

    @Get("/{id}/deliveries")
    @Operation(summary = "A webhook's delivery log, newest first: status, attempts, last error")
    @ApiResponse(responseCode = "200", description = "The newest 200 deliveries", content = @Content(examples = @ExampleObject(value = """
            [{"eventId": "9f2d4c1a-7b3e-4e5f-8a6b-1c2d3e4f5a6b", "event": "alert.opened", "status": "failed", "attempts": 5, "lastError": "HTTP 503 from relay.bacninh.gov.vn", "createdAt": "2026-12-02T06:00:00Z", "deliveredAt": null}, {"eventId": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "event": "alert.escalated", "status": "delivered", "attempts": 1, "lastError": null, "createdAt": "2026-12-01T09:15:00Z", "deliveredAt": "2026-12-01T09:15:01Z"}]""")))
    @ApiResponse(responseCode = "404", description = "No webhook with that id", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "No webhook 12.",
      "errors": [{"field": "id", "message": "No webhook 12."}]}""")))
    @IdRefusal
    List<DeliveryView> deliveries(@PathVariable long id) {
        webhooks.find(id).orElseThrow(() -> ApiProblemException.notFound("id", "No webhook " + id + "."));
        return webhooks.deliveries(id, 200).stream().map(d -> new DeliveryView(d.eventId(), d.eventKind(), d.status(),
                d.attempts(), d.lastError(), d.createdAt(), d.deliveredAt())).toList();
    }

    @Post("/{id}/resume")
    @Operation(summary = "Resume a paused webhook: its waiting deliveries are sent again")
    @ApiResponse(responseCode = "200", description = "Active again", content = @Content(examples = @ExampleObject(value = """
            {"id": 3, "url": "https://relay.bacninh.gov.vn/hailong", "events": ["alert.opened", "alert.escalated"], "agency": "BN", "status": "active", "failuresInRow": 0, "pausedAt": null}""")))
    @ApiResponse(responseCode = "404", description = "No webhook with that id", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "No webhook 12.",
      "errors": [{"field": "id", "message": "No webhook 12."}]}""")))
    @IdRefusal
    WebhookView resume(@PathVariable long id, Authentication authentication) {
        if (!webhooks.resume(id)) {
            throw ApiProblemException.notFound("id", "No webhook " + id + ".");
        }
        audit.record(Actor.of(authentication), "webhook.resume", "webhook:" + id, "");
        return view(webhooks.find(id).orElseThrow());
    }

    @Delete("/{id}")
    @Operation(summary = "Remove a webhook; nothing more is sent to it")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(responseCode = "404", description = "No webhook with that id", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "No webhook 12.",
      "errors": [{"field": "id", "message": "No webhook 12."}]}""")))
    @IdRefusal
    HttpResponse<Void> delete(@PathVariable long id, Authentication authentication) {
        if (!webhooks.delete(id)) {
            throw ApiProblemException.notFound("id", "No webhook " + id + ".");
        }
        audit.record(Actor.of(authentication), "webhook.delete", "webhook:" + id, "");
        return HttpResponse.noContent();
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = URI.create(text);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && text.length() <= 2000;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static WebhookView view(Webhooks.Hook hook) {
        return new WebhookView(hook.id(), hook.url(), hook.events(), hook.agencyCode(),
                hook.pausedAt() == null ? "active" : "paused", hook.failuresInRow(), hook.pausedAt());
    }

    @Serdeable
    record NewWebhook(@Nullable String url, @Nullable List<String> events, @Nullable String agency) {
    }

    @Serdeable
    record Created(long id, String secret, String url, List<String> events, String agency, String status, int failuresInRow) {
    }

    @Serdeable
    record WebhookView(long id, String url, List<String> events, String agency, String status, int failuresInRow,
                       @Nullable Instant pausedAt) {
    }

    @Serdeable
    record DeliveryView(String eventId, String event, String status, int attempts, @Nullable String lastError,
                        Instant createdAt, @Nullable Instant deliveredAt) {
    }
}
