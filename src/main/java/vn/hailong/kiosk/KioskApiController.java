package vn.hailong.kiosk;

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
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyScope;
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.FieldError;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

@Controller("/api/v1/kiosks")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Administration")
@SecurityRequirement(name = "bearer")
@TokenRefusals
class KioskApiController {

    private final KioskEnrolment enrolment;
    private final AgencyScope scope;
    private final AuditLog audit;
    private final Clock clock;

    KioskApiController(KioskEnrolment enrolment, AgencyScope scope, AuditLog audit, Clock clock) {
        this.clock = clock;
        this.enrolment = enrolment;
        this.scope = scope;
        this.audit = audit;
    }

    @Post
    @Operation(summary = "Enrol a kiosk; its token is shown only in this answer",
            description = "The token is entered once on the counter's screen at /kiosk/setup and sent as `Authorization: Bearer <token>`.")
    @RequestBody(content = @Content(examples = @ExampleObject(value = """
            {"agency": "BN-X1", "label": "Quầy 1"}""")))
    @ApiResponse(responseCode = "201", description = "Enrolled", content = @Content(examples = @ExampleObject(value = """
            {"id": 4, "agency": "BN-X1", "label": "Quầy 1", "token": "hk_Tb00jv-HKw-n9JhWlH5o_u0Mn9Qp19Z31BxXOihI9ZE"}""")))
    @ApiResponse(responseCode = "404", description = "No agency with the code given", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "No agency with code 'BN-X9'.",
      "errors": [{"field": "agency", "message": "No agency with code 'BN-X9'."}]}""")))
    @ApiResponse(responseCode = "422", description = "Agency or label missing or invalid (or the agency is retired), each named; nothing stored", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/422", "title": "Unprocessable Entity", "status": 422, "detail": "The request has invalid fields.",
      "errors": [{"field": "label", "message": "is required (at most 100 characters)"}]}""")))
    @BodyRefusals
    HttpResponse<KioskEnrolment.EnrolledKiosk> enrol(@Body NewKiosk request, Authentication authentication) {
        List<FieldError> errors = new ArrayList<>();
        if (request.agency() == null || request.agency().isBlank()) {
            errors.add(new FieldError("agency", "is required"));
        }
        if (request.label() == null || request.label().isBlank() || request.label().length() > 100) {
            errors.add(new FieldError("label", "is required (at most 100 characters)"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblemException.invalid(errors);
        }
        Agency agency = scope.named(authentication, "agency", request.agency(), "enrol kiosks for");
        if (agency.retired(clock.instant())) {
            throw ApiProblemException.invalid("agency", "'" + agency.code() + "' is retired: no new kiosk can serve it");
        }
        KioskEnrolment.EnrolledKiosk enrolled = enrolment.enrol(agency, request.label());
        // The token is never audited: it is shown once, to the caller only.
        audit.record(Actor.of(authentication), AuditActions.KIOSK_ENROL, "kiosk:" + enrolled.id(),
                "agency=" + agency.code() + "; label=" + request.label() + "; via api");
        return HttpResponse.created(enrolled);
    }

    @Serdeable
    record NewKiosk(@Nullable String agency, @Nullable String label) {
    }
}
