package vn.hailong.tally;

import vn.hailong.system.TokenRefusals;
import vn.hailong.system.Problem;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Content;
import io.micronaut.security.authentication.Authentication;
import vn.hailong.system.QueryValues;
import vn.hailong.audit.Actor;
import vn.hailong.audit.AuditActions;
import vn.hailong.audit.AuditLog;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
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

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The rollup rebuild for admins; the same job as {@code java -jar hailong.jar rollups rebuild}. */
@Controller("/api/v1/rollups:rebuild")
@Secured(vn.hailong.agency.AgencyScope.NATIONAL) // the national administrator only (issue 15)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Operations")
@SecurityRequirement(name = "bearer")
@TokenRefusals
class RollupApiController {

    private final RollupRebuild rebuild;
    private final AgencyTree agencies;
    private final AuditLog audit;

    RollupApiController(RollupRebuild rebuild, AgencyTree agencies, AuditLog audit) {
        this.rebuild = rebuild;
        this.agencies = agencies;
        this.audit = audit;
    }

    @Serdeable
    record RebuildReply(@Nullable String agency, @Nullable LocalDate from, @Nullable LocalDate to, long units,
                        long responses, long dayRows, long monthRows, long millis) {
    }

    @Post
    @Operation(summary = "Recompute the report rollups from the raw responses (all, or an agency subtree and/or "
            + "date range widened to whole months); safe while the app serves traffic")
    @ApiResponse(responseCode = "200", description = "What was rebuilt", content = @Content(examples = @ExampleObject(value = """
            {"agency": "BN", "from": "2026-11-01", "to": "2026-11-30", "units": 14, "responses": 3812, "dayRows": 1260, "monthRows": 42, "millis": 1840}""")))
    @ApiResponse(responseCode = "404", description = "No agency with the code given", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "No agency with code 'BN-X9'.",
      "errors": [{"field": "agency", "message": "No agency with code 'BN-X9'."}]}""")))
    @ApiResponse(responseCode = "422", description = "from/to not dates, or to before from; nothing rebuilt", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/422", "title": "Unprocessable Entity", "status": 422, "detail": "The request has invalid fields.",
      "errors": [{"field": "to", "message": "must not be before from"}]}""")))
    RebuildReply rebuild(@Nullable @QueryValue String agency, @Nullable @QueryValue String from,
                         @Nullable @QueryValue String to, Authentication authentication) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate first = QueryValues.date("from", from, errors);
        LocalDate last = QueryValues.date("to", to, errors);
        if (first != null && last != null && first.isAfter(last)) {
            errors.add(new FieldError("to", "must not be before from"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblemException.invalid(errors);
        }
        Long root = null;
        if (agency != null && !agency.isBlank()) {
            Agency found = agencies.byCode(agency).orElseThrow(() ->
                    ApiProblemException.notFound("agency", "No agency with code '" + agency + "'."));
            root = found.id();
        }
        RollupRebuild.Result result = rebuild.rebuild(root, first, last);
        audit.record(Actor.of(authentication), AuditActions.ROLLUPS_REBUILD, "rollups",
                "agency=" + (root == null ? "" : agency) + "; from=" + (first == null ? "" : first) + "; to="
                        + (last == null ? "" : last) + "; responses=" + result.responses());
        return new RebuildReply(root == null ? null : agency, first, last, result.units(), result.responses(),
                result.dayRows(), result.monthRows(), result.millis());
    }
}
