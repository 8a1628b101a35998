package vn.hailong.report;

import vn.hailong.system.Problem;
import vn.hailong.system.TokenRefusals;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import vn.hailong.account.Caller;
import vn.hailong.agency.Agency;

import java.util.List;

/**
 * The SIPAS index per procedure, field, counter, officer or channel of the responses rated by code
 * (issue 13 §4).
 *
 * <p>Officers: rows name people, so they are only for reviewers of the officer's agency or above.
 * That holds by construction: the report of an agency is only for admins and reviewers of it or an
 * agency above it ({@link ReportAccess}), and its rows are the officers of that agency and those
 * below it. A reviewer asking about an agency outside their scope gets 403, as for every report.
 */
@Controller("/api/v1/reports")
@Secured({"ADMIN", "REVIEWER"})
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Reports")
@SecurityRequirement(name = "bearer")
@TokenRefusals
@ReportRefusals
class BreakdownApiController {

    private final DimensionBreakdowns breakdowns;
    private final ReportAccess access;

    BreakdownApiController(DimensionBreakdowns breakdowns, ReportAccess access) {
        this.breakdowns = breakdowns;
        this.access = access;
    }

    @Get("/breakdown")
    @Operation(summary = "The SIPAS index per procedure, field, counter, officer or channel of the responses rated by code",
            description = "Counts the responses of the agency and those below it in [from, to] that were submitted with a rating "
                    + "code (they carry the served dossier's dimensions), optionally narrowed by procedure, field, counter, officer "
                    + "and channel. One row per value of `by`: `key` its code (null: the dossier system did not send it), `name` "
                    + "the registry's name, `agency` the agency of a counter or officer (their codes are per agency). Rows with "
                    + "fewer responses than the minimum sample (hailong.report.minimum-sample, 30) have `index` and `ci95` null "
                    + "and `sufficientSample` false: such figures are neither shown nor ranked. Order: sufficient rows by index, "
                    + "highest first, then the rest by responses. Officer rows are for reviewers of the officer's agency or above, "
                    + "which every caller allowed to see the agency's report is.")
    @ApiResponse(responseCode = "200", description = "The rows", content = @Content(examples = @ExampleObject(value = """
            [{"key": "1.004227", "name": "Đăng ký khai sinh", "agency": null, "responses": 64, "index": 87.5,
              "ci95": [81.2, 93.8], "sufficientSample": true},
             {"key": "2.000001", "name": "Cấp bản sao trích lục hộ tịch", "agency": null, "responses": 12, "index": null,
              "ci95": null, "sufficientSample": false}]""")))
    @ApiResponse(responseCode = "422", description = "by missing or not one of procedure, field, counter, officer, channel; a "
            + "filter value too long, with control characters, or a channel that is not a short word; dates outside 2000–2099",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(value = """
                    {"type": "https://hailong.vn/problems/422", "title": "Unprocessable Entity", "status": 422,
                     "detail": "The request has invalid fields.",
                     "errors": [{"field": "by", "message": "must be one of procedure, field, counter, officer, channel"}]}""")))
    List<BreakdownRow> breakdown(@Nullable @QueryValue String agency, @Nullable @QueryValue String survey,
                                 @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                 @Parameter(description = "procedure, field, counter, officer or channel") @Nullable @QueryValue String by,
                                 @Parameter(description = "a procedure code") @Nullable @QueryValue String procedure,
                                 @Parameter(description = "a field (lĩnh vực) as the dossier system sends it") @Nullable @QueryValue String field,
                                 @Parameter(description = "a counter code") @Nullable @QueryValue String counter,
                                 @Parameter(description = "an officer code") @Nullable @QueryValue String officer,
                                 @Parameter(description = "a dossier channel such as direct, online or postal") @Nullable @QueryValue String channel,
                                 Authentication authentication) {
        ReportFilter request = ReportParameters.of(agency, survey, from, to).withDimensions(procedure, field, counter, officer, channel)
                .read(ReportParameters.Defaults.apiNeedingSurvey());
        Dimension dimension = Dimension.parse("by", by);
        Agency target = access.visible("agency", request.agency(), Caller.of(authentication).orElse(null));
        return breakdowns.breakdown(target, request.survey(), request.from(), request.to(), dimension, request.dimensions());
    }
}
