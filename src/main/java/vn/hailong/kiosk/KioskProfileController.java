package vn.hailong.kiosk;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import vn.hailong.account.Caller;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.agency.AgencyView;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.survey.SurveyVersion;
import vn.hailong.system.ApiProblemException;

import java.time.Instant;
import java.util.List;

@Controller("/api/v1/kiosk")
@Secured("KIOSK")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Kiosks")
@SecurityRequirement(name = "bearer")
class KioskProfileController {

    private final KioskRepository kiosks;
    private final AgencyTree agencies;
    private final SurveyCatalog surveys;

    KioskProfileController(KioskRepository kiosks, AgencyTree agencies, SurveyCatalog surveys) {
        this.kiosks = kiosks;
        this.agencies = agencies;
        this.surveys = surveys;
    }

    @Get("/me")
    @Operation(summary = "The calling kiosk: its label, its agency and the surveys it offers")
    KioskProfile me(Authentication authentication) {
        Caller caller = Caller.of(authentication).orElseThrow();
        if (caller.kioskId() == null) {
            throw ApiProblemException.forbidden("This needs the token of an enrolled kiosk device.");
        }
        Kiosk kiosk = kiosks.findById(caller.kioskId()).orElseThrow(() -> ApiProblemException.forbidden("Not an enrolled kiosk."));
        kiosks.update(new Kiosk(kiosk.id(), kiosk.agencyId(), kiosk.label(), kiosk.tokenHash(), kiosk.createdAt(),
                kiosk.revokedAt(), Instant.now()));
        Agency agency = agencies.byId(kiosk.agencyId()).orElseThrow();
        List<String> offered = surveys.published().stream().map(SurveyVersion::code).toList();
        return new KioskProfile(kiosk.id(), kiosk.label(), AgencyView.of(agency, null), offered);
    }

    @Serdeable
    record KioskProfile(long id, String label, AgencyView agency, List<String> surveys) {
    }
}
