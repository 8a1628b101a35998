package vn.hailong.kiosk;

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
import vn.hailong.agency.AgencyTree;
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
    private final AgencyTree agencies;

    KioskApiController(KioskEnrolment enrolment, AgencyTree agencies) {
        this.enrolment = enrolment;
        this.agencies = agencies;
    }

    @Post
    @Operation(summary = "Enrol a kiosk; its token is shown only in this answer")
    HttpResponse<KioskEnrolment.EnrolledKiosk> enrol(@Body NewKiosk request) {
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
        Agency agency = agencies.byCode(request.agency()).orElseThrow(() ->
                ApiProblemException.notFound("agency", "No agency with code '" + request.agency() + "'."));
        if (agency.retired(java.time.Instant.now())) {
            throw ApiProblemException.invalid("agency", "'" + agency.code() + "' is retired: no new kiosk can serve it");
        }
        return HttpResponse.created(enrolment.enrol(agency, request.label()));
    }

    @Serdeable
    record NewKiosk(@Nullable String agency, @Nullable String label) {
    }
}
