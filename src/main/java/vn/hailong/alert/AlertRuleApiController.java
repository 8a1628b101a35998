package vn.hailong.alert;

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

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Alert rules (ADMIN; REVIEWER for their own agency and those below it). docs/alerts.md. Checked by
 * {@link RuleValidator}, as the rules page is; refusals are answered in the request's language.
 */
@Controller("/api/v1/alert-rules")
@Secured({"ADMIN", "REVIEWER"})
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Follow-up")
@SecurityRequirement(name = "bearer")
@TokenRefusals
class AlertRuleApiController {

    private final RuleActions actions;

    AlertRuleApiController(RuleActions actions) {
        this.actions = actions;
    }

    @Post
    @Operation(summary = "Create an alert rule for an agency and every agency below it",
            requestBody = @RequestBody(content = @Content(examples = {
                    @ExampleObject(name = "not-satisfied", value = "{\"agency\": \"BN-X1\", \"kind\": \"not-satisfied\", \"survey\": \"one-stop-rating\", \"recipients\": [\"head@example.vn\"], \"deadlineHours\": 48}"),
                    @ExampleObject(name = "keyword", value = "{\"agency\": \"BN\", \"kind\": \"keyword\", \"survey\": \"one-stop-rating\", \"recipients\": [\"head@example.vn\"], \"words\": [\"tiêu cực\", \"phong bì\"]}"),
                    @ExampleObject(name = "below-threshold", value = "{\"agency\": \"BN\", \"kind\": \"below-threshold\", \"survey\": \"sipas-2017\", \"recipients\": [\"office@example.vn\"], \"threshold\": 70, \"days\": 30, \"element\": \"E3\"}"),
                    @ExampleObject(name = "drop", value = "{\"agency\": \"BN\", \"kind\": \"drop\", \"survey\": \"sipas-2017\", \"recipients\": [\"office@example.vn\"], \"drop\": 5}")})),
            responses = @ApiResponse(responseCode = "201", description = "created", content = @Content(examples = @ExampleObject(
                    value = "{\"id\": 7, \"agency\": \"BN-X1\", \"kind\": \"not-satisfied\", \"survey\": \"one-stop-rating\", \"recipients\": [\"head@example.vn\"], \"threshold\": null, \"days\": null, \"element\": null, \"drop\": null, \"words\": [], \"deadlineHours\": 48, \"createdBy\": \"admin\", \"createdAt\": \"2026-12-02T02:05:00Z\"}"))))
    @ApiResponse(responseCode = "422", description = "Fields refused, each named in errors[] and worded in the request's language (?lang, cookie, Accept-Language; else Vietnamese); nothing stored",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(value = "{\"type\": \"https://hailong.vn/problems/422\", "
                    + "\"title\": \"Unprocessable Entity\", \"status\": 422, \"detail\": \"Threshold: a number from 0 to 100 is needed.\", "
                    + "\"errors\": [{\"field\": \"threshold\", \"message\": \"Threshold: a number from 0 to 100 is needed.\"}]}")))
    @ApiResponse(responseCode = "404", description = "No agency with that code (errors[0].field = agency)", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "Không có cơ quan nào có mã BN-X9.",
      "errors": [{"field": "agency", "message": "Không có cơ quan nào có mã BN-X9."}]}""")))
    @BodyRefusals
    HttpResponse<RuleView> create(@Body NewRule request, Authentication authentication) {
        return HttpResponse.created(view(actions.create(new RuleValidator.Input(request.agency(), request.kind(), request.survey(),
                request.recipients(), text(request.threshold()), text(request.days()), request.element(), text(request.drop()),
                request.words(), text(request.deadlineHours())), authentication)));
    }

    @Get
    @Operation(summary = "The alert rules the caller may see")
    @ApiResponse(responseCode = "200", description = "The rules", content = @Content(examples = @ExampleObject(value = """
            [{"id": 7, "agency": "BN-X1", "kind": "not-satisfied", "survey": "one-stop-rating", "recipients": ["truongphong@bacninh.gov.vn"], "threshold": null, "days": null, "element": null, "drop": null, "words": [], "deadlineHours": 48, "createdBy": "admin", "createdAt": "2026-12-02T02:05:00Z"}]""")))
    List<RuleView> list(Authentication authentication) {
        return actions.visible(authentication).stream().map(AlertRuleApiController::view).toList();
    }

    @Delete("/{id}")
    @Operation(summary = "Delete a rule: it fires no more; its cases stay")
    @ApiResponse(responseCode = "204", description = "deleted")
    @ApiResponse(responseCode = "404", description = "No rule with that id the caller may see", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "Không có quy tắc cảnh báo số 71.",
      "errors": [{"field": "id", "message": "Không có quy tắc cảnh báo số 71."}]}""")))
    @IdRefusal
    HttpResponse<Void> delete(@PathVariable long id, Authentication authentication) {
        actions.delete(id, authentication);
        return HttpResponse.noContent();
    }

    /** A JSON number as the validator reads every field: text (the rules page sends text too). */
    private static String text(Object number) {
        if (number instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return number == null ? null : number.toString();
    }

    static RuleView view(AlertRule r) {
        return new RuleView(r.id(), r.agencyCode(), r.kind(), r.survey(), r.recipients(), r.threshold(), r.days(),
                r.element(), r.drop(), r.words(), r.deadlineHours(), r.createdBy(), r.createdAt());
    }

    @Serdeable
    record NewRule(@Nullable String agency, @Nullable String kind, @Nullable String survey, @Nullable List<String> recipients,
                   @Nullable BigDecimal threshold, @Nullable Integer days, @Nullable String element, @Nullable BigDecimal drop,
                   @Nullable List<String> words, @Nullable Integer deadlineHours) {
    }

    @Serdeable
    record RuleView(long id, String agency, String kind, String survey, List<String> recipients, @Nullable BigDecimal threshold,
                    @Nullable Integer days, @Nullable String element, @Nullable BigDecimal drop, List<String> words,
                    int deadlineHours, String createdBy, Instant createdAt) {
    }
}
