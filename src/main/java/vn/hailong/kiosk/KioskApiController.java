package vn.hailong.kiosk;

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

import java.util.ArrayList;
import java.util.List;

@Controller("/api/v1/kiosks")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Administration")
@SecurityRequirement(name = "bearer")
class KioskApiController {

    private final KioskEnrolment enrolment;
    private final AgencyScope scope;
    private final AuditLog audit;

    KioskApiController(KioskEnrolment enrolment, AgencyScope scope, AuditLog audit) {
        this.enrolment = enrolment;
        this.scope = scope;
        this.audit = audit;
    }

    @Post
    @Operation(summary = "Enrol a kiosk; its token is shown only in this answer")
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
        if (agency.retired(java.time.Instant.now())) {
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
