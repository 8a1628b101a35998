package vn.hailong.kiosk;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import vn.hailong.account.Caller;
import vn.hailong.agency.AgencyTree;
import vn.hailong.dossier.RatingCodeGuard;
import vn.hailong.dossier.RatingCodes;
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.Problem;

import java.util.OptionalLong;

/**
 * The kiosk's check of a rating code typed or scanned from a receipt (issue 13 §3), before the
 * citizen rates: which dossier it names, so the kiosk can show the procedure and counter. Nothing
 * is stored or used up here: the rating is sent with its {@code ratingCode} through the kiosk's
 * outbox like every kiosk answer (POST /api/v1/responses:batch), and the transaction that stores
 * it consumes the code. Unknown and used codes count against the kiosk's guessing limit.
 */
@Controller("/api/v1/kiosk/rating-codes")
@Secured("KIOSK")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Kiosks")
@SecurityRequirement(name = "bearer")
class KioskRatingCodeController {

    private final RatingCodes codes;
    private final RatingCodeGuard guard;
    private final AgencyTree agencies;

    KioskRatingCodeController(RatingCodes codes, RatingCodeGuard guard, AgencyTree agencies) {
        this.codes = codes;
        this.guard = guard;
        this.agencies = agencies;
    }

    @Get("/{code}")
    @Operation(summary = "Check a rating code typed or scanned on the kiosk (nothing is used up)",
            description = "Case, spaces and dashes do not matter; O reads as 0, I and L as 1. The rating itself is sent "
                    + "with `ratingCode` (and without `agency`) to POST /api/v1/responses or /responses:batch, which "
                    + "consumes the code in the transaction that stores it.")
    @ApiResponse(responseCode = "200", description = "The code's dossier, not rated yet", content = @Content(examples = @ExampleObject(value = """
            {"ratingCode": "7K3M-Q9TX-2HPD", "agency": "BN-X1", "procedure": "Đăng ký khai sinh", "counter": "Q3",
             "officer": "Nguyễn Văn A"}""")))
    @ApiResponse(responseCode = "401", description = "No kiosk token, or a revoked one (header WWW-Authenticate: Bearer)", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/401", "title": "Unauthorized", "status": 401, "detail": "Log in first: send a bearer token."}""")))
    @ApiResponse(responseCode = "404", description = "No dossier has this code (field ratingCode)", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "No dossier has this rating code.", "errors": [{"field": "ratingCode", "message": "No dossier has this rating code."}]}""")))
    @ApiResponse(responseCode = "409", description = "The dossier was rated already (field ratingCode)", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/409", "title": "Conflict", "status": 409, "detail": "This rating code has been used already.", "errors": [{"field": "ratingCode", "message": "This rating code has been used already."}]}""")))
    @ApiResponse(responseCode = "403", description = "The dossier belongs to an agency outside this kiosk's, or the token is not an enrolled kiosk's", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/403", "title": "Forbidden", "status": 403, "detail": "This rating code belongs to a dossier of an agency this kiosk does not serve."}""")))
    @ApiResponse(responseCode = "429", description = "Too many unknown or used codes from this kiosk lately; see Retry-After", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/429", "title": "Too Many Requests", "status": 429, "detail": "Too many unknown or used rating codes from this kiosk lately."}""")))
    CodeCheck check(String code, Authentication authentication) {
        Caller caller = Caller.of(authentication).orElseThrow();
        if (caller.kioskId() == null || caller.agencyId() == null) {
            throw ApiProblemException.forbidden("This needs the token of an enrolled kiosk device.");
        }
        long kiosk = caller.kioskId();
        OptionalLong wait = guard.kioskRetryAfterSeconds(kiosk);
        if (wait.isPresent()) {
            throw ApiProblemException.tooManyRequests("Too many unknown or used rating codes from this kiosk lately.",
                    wait.getAsLong());
        }
        RatingCodes.RatedDossier dossier = codes.find(code).orElse(null);
        if (dossier == null) {
            guard.kioskMiss(kiosk);
            throw ApiProblemException.notFound("ratingCode", "No dossier has this rating code.");
        }
        if (dossier.used()) {
            guard.kioskMiss(kiosk);
            throw ApiProblemException.conflict("ratingCode", "This rating code has been used already.");
        }
        // The same scope the submission is held to (ResponseStore): the kiosk's agency and those below it.
        if (!agencies.isWithin(dossier.agencyId(), caller.agencyId())) {
            throw ApiProblemException.forbidden("This rating code belongs to a dossier of an agency this kiosk does not serve.");
        }
        return new CodeCheck(RatingCodes.grouped(RatingCodes.normalize(code).orElseThrow()), dossier.agencyCode(),
                dossier.procedureName(), dossier.counterName(), dossier.officerName());
    }

    @Serdeable
    record CodeCheck(String ratingCode, String agency, @Nullable String procedure, @Nullable String counter,
                     @Nullable String officer) {
    }
}
