package vn.hailong.kiosk;

import io.swagger.v3.oas.annotations.parameters.RequestBody;
import vn.hailong.system.TokenRefusals;
import vn.hailong.system.BodyRefusals;
import vn.hailong.system.Problem;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Content;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
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

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

@Controller("/api/v1/kiosk")
@Secured("KIOSK")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Kiosks")
@SecurityRequirement(name = "bearer")
@TokenRefusals
class KioskProfileController {

    static final int MAX_WAITING = 1_000_000;

    private final KioskRepository kiosks;
    private final AgencyTree agencies;
    private final SurveyCatalog surveys;
    private final Clock clock;

    KioskProfileController(KioskRepository kiosks, AgencyTree agencies, SurveyCatalog surveys, Clock clock) {
        this.clock = clock;
        this.kiosks = kiosks;
        this.agencies = agencies;
        this.surveys = surveys;
    }

    @Get("/me")
    @Operation(summary = "The calling kiosk: its label, its agency and the surveys it offers")
    @ApiResponse(responseCode = "200", description = "The kiosk", content = @Content(examples = @ExampleObject(value = """
            {"id": 4, "label": "Quầy 1", "agency": {"code": "BN-X1", "nameVi": "Trung tâm Phục vụ hành chính công xã Tam Sơn", "nameEn": "Tam Son Commune Public Service Centre", "kind": "COMMUNE", "parent": "BN", "timeZone": "Asia/Ho_Chi_Minh"}, "surveys": ["one-stop-rating", "sipas-2017", "sipas-2023"]}""")))
    @ApiResponse(responseCode = "403", description = "A staff token, not an enrolled kiosk's", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/403", "title": "Forbidden", "status": 403, "detail": "This needs the token of an enrolled kiosk device."}""")))
    KioskProfile me(Authentication authentication) {
        Caller caller = Caller.of(authentication).orElseThrow();
        if (caller.kioskId() == null) {
            throw ApiProblemException.forbidden("This needs the token of an enrolled kiosk device.");
        }
        Kiosk kiosk = kiosks.findById(caller.kioskId()).orElseThrow(() -> ApiProblemException.forbidden("Not an enrolled kiosk."));
        kiosks.touch(kiosk.id(), clock.instant());
        Agency agency = agencies.byId(kiosk.agencyId()).orElseThrow();
        List<String> offered = surveys.published().stream().filter(v -> surveys.offeredAt(v, agency.id()))
                .map(SurveyVersion::code).toList();
        return new KioskProfile(kiosk.id(), kiosk.label(), AgencyView.of(agency, null), offered);
    }

    @Post("/heartbeat")
    @Status(HttpStatus.NO_CONTENT)
    @Operation(summary = "The kiosk is alive and has this many answers waiting in its outbox",
            description = "Sent by the kiosk page every minute and after every attempt to send its outbox. Sets the "
                    + "kiosk's last-seen time and waiting count (admin kiosk page, metrics hailong_kiosk_waiting_responses "
                    + "and hailong_kiosks_stale). Body: {\"waiting\": 0..1000000}. 204 on success.")
    @RequestBody(content = @Content(examples = @ExampleObject(value = """
            {"waiting": 3}""")))
    @ApiResponse(responseCode = "204", description = "Noted: last-seen time and waiting count updated")
    @ApiResponse(responseCode = "403", description = "A staff token, not an enrolled kiosk's", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/403", "title": "Forbidden", "status": 403, "detail": "This needs the token of an enrolled kiosk device."}""")))
    @ApiResponse(responseCode = "422", description = "waiting is not a whole number from 0 to 1000000", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/422", "title": "Unprocessable Entity", "status": 422, "detail": "The request has invalid fields.",
      "errors": [{"field": "waiting", "message": "must be a whole number from 0 to 1000000"}]}""")))
    @BodyRefusals
    void heartbeat(@Body Map<String, Object> body, Authentication authentication) {
        Caller caller = Caller.of(authentication).orElseThrow();
        if (caller.kioskId() == null) {
            throw ApiProblemException.forbidden("This needs the token of an enrolled kiosk device.");
        }
        Object waiting = body.get("waiting");
        if (!(waiting instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || n.longValue() < 0 || n.longValue() > MAX_WAITING) {
            throw ApiProblemException.invalid("waiting", "must be a whole number from 0 to " + MAX_WAITING);
        }
        kiosks.heartbeat(caller.kioskId(), clock.instant(), n.intValue());
    }

    @Serdeable
    record KioskProfile(long id, String label, AgencyView agency, List<String> surveys) {
    }
}
