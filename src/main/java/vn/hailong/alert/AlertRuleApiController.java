package vn.hailong.alert;

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
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.FieldError;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Alert rules (ADMIN; REVIEWER for their own agency and those below it). docs/alerts.md. */
@Controller("/api/v1/alert-rules")
@Secured({"ADMIN", "REVIEWER"})
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Follow-up")
@SecurityRequirement(name = "bearer")
class AlertRuleApiController {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final AlertRules rules;
    private final AgencyTree agencies;
    private final SurveyCatalog surveys;
    private final AlertAccess access;
    private final AuditLog audit;

    AlertRuleApiController(AlertRules rules, AgencyTree agencies, SurveyCatalog surveys, AlertAccess access, AuditLog audit) {
        this.rules = rules;
        this.agencies = agencies;
        this.surveys = surveys;
        this.access = access;
        this.audit = audit;
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
    HttpResponse<RuleView> create(@Body NewRule request, Authentication authentication) {
        List<FieldError> errors = new ArrayList<>();
        String kind = request.kind();
        if (kind == null || !AlertRule.KINDS.contains(kind)) {
            errors.add(new FieldError("kind", "must be one of " + String.join(", ", AlertRule.KINDS)));
        }
        if (request.agency() == null || request.agency().isBlank()) {
            errors.add(new FieldError("agency", "is required"));
        }
        String survey = request.survey() == null || request.survey().isBlank() ? "one-stop-rating" : request.survey();
        if (surveys.current(survey).isEmpty()) {
            errors.add(new FieldError("survey", "no published survey '" + survey + "'"));
        }
        List<String> recipients = request.recipients() == null ? List.of() : request.recipients();
        for (int i = 0; i < recipients.size(); i++) {
            if (recipients.get(i) == null || !EMAIL.matcher(recipients.get(i)).matches() || recipients.get(i).length() > 320) {
                errors.add(new FieldError("recipients[" + i + "]", "must be an e-mail address"));
            }
        }
        List<String> words = request.words() == null ? List.of() : request.words().stream()
                .filter(w -> w != null && !w.isBlank()).map(String::trim).toList();
        if (AlertRule.KEYWORD.equals(kind) && words.isEmpty()) {
            errors.add(new FieldError("words", "a keyword rule needs at least one word"));
        }
        if (AlertRule.BELOW_THRESHOLD.equals(kind) && (request.threshold() == null
                || request.threshold().signum() < 0 || request.threshold().compareTo(BigDecimal.valueOf(100)) > 0)) {
            errors.add(new FieldError("threshold", "a below-threshold rule needs a threshold from 0 to 100"));
        }
        if (AlertRule.DROP.equals(kind) && (request.drop() == null || request.drop().signum() <= 0
                || request.drop().compareTo(BigDecimal.valueOf(100)) > 0)) {
            errors.add(new FieldError("drop", "a drop rule needs more than 0 and at most 100 points"));
        }
        if (request.days() != null && (request.days() < 1 || request.days() > 366)) {
            errors.add(new FieldError("days", "must be 1 to 366"));
        }
        int deadlineHours = request.deadlineHours() == null ? 48 : request.deadlineHours();
        if (deadlineHours < 1 || deadlineHours > 24 * 60) {
            errors.add(new FieldError("deadlineHours", "must be 1 to 1440"));
        }
        if (request.element() != null && !request.element().isBlank() && surveys.current(survey).isPresent()
                && surveys.current(survey).get().definition().elements().stream().noneMatch(e -> e.code().equals(request.element()))
                && !surveys.current(survey).get().isCriterion(request.element())) {
            errors.add(new FieldError("element", "no element or criterion '" + request.element() + "' in " + survey));
        }
        if (!errors.isEmpty()) {
            throw ApiProblemException.invalid(errors);
        }
        Agency agency = agencies.byCode(request.agency()).orElseThrow(() ->
                ApiProblemException.notFound("agency", "No agency with code '" + request.agency() + "'."));
        access.check(authentication, agency);
        Integer days = request.days();
        if (AlertRule.BELOW_THRESHOLD.equals(kind) && days == null) {
            days = 30;
        }
        String element = request.element() == null || request.element().isBlank() ? null : request.element();
        long id = rules.create(agency.id(), kind, survey, recipients, request.threshold(), days, element, request.drop(),
                words, deadlineHours, Actor.of(authentication).name());
        audit.record(Actor.of(authentication), "alert.rule.create", "alert-rule:" + id,
                "agency=" + agency.code() + "; kind=" + kind + "; survey=" + survey);
        return HttpResponse.created(view(rules.find(id).orElseThrow()));
    }

    @Get
    @Operation(summary = "The alert rules the caller may see")
    List<RuleView> list(Authentication authentication) {
        return rules.all().stream().filter(r -> access.sees(authentication, r.agencyId())).map(AlertRuleApiController::view).toList();
    }

    @Delete("/{id}")
    @Operation(summary = "Delete a rule: it fires no more; its cases stay")
    HttpResponse<Void> delete(@PathVariable long id, Authentication authentication) {
        AlertRule rule = rules.find(id).filter(r -> access.sees(authentication, r.agencyId()))
                .orElseThrow(() -> ApiProblemException.notFound("id", "No alert rule " + id + "."));
        rules.delete(rule.id());
        audit.record(Actor.of(authentication), "alert.rule.delete", "alert-rule:" + id, "agency=" + rule.agencyCode());
        return HttpResponse.noContent();
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
