package vn.hailong.report;

import vn.hailong.system.Problem;
import vn.hailong.system.TokenRefusals;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
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
import vn.hailong.system.RequestLocaleResolver;


/** {@code GET /api/v1/reports/one-stop}: the one-stop rating's own report (issue 13 §5). */
@Controller("/api/v1/reports")
@Secured({"ADMIN", "REVIEWER"})
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Reports")
@SecurityRequirement(name = "bearer")
@TokenRefusals
@ReportRefusals
class OneStopApiController {

    private final OneStopReports reports;
    private final ReportAccess access;

    OneStopApiController(OneStopReports reports, ReportAccess access) {
        this.reports = reports;
        this.access = access;
    }

    @Get("/one-stop")
    @Operation(summary = "The one-stop rating (NĐ 61/2018, TT 01/2018/TT-VPCP) of an agency and those below it: levels, not satisfied, reasons, by day and counter",
            description = "Responses of the one-stop-rating survey dated in [from, to] (inclusive; open when absent). Shares are percentages "
                    + "with Wilson 95 % intervals (ci95): a level's share of all ratings, notSatisfied = the levels not marked satisfied, "
                    + "a reason's share of the not-satisfied ratings (reasons given with a satisfied rating are not counted). byDay: "
                    + "each day with ratings; byCounter: per counter of each agency (counter codes are per agency), the ratings without "
                    + "a counter (no rating code) last with counter null; below the minimum sample a counter's share and interval are null. "
                    + "procedure, field, counter, officer, channel narrow to the ratings whose rating code carried that dossier dimension. "
                    + "Labels in the reader's language (?lang=, the language cookie or Accept-Language; Vietnamese otherwise).")
    @ApiResponse(responseCode = "200", description = "The figures", content = @Content(examples = @ExampleObject(value = """
            {"agency": {"code": "BN", "nameVi": "Tỉnh Bắc Ninh", "nameEn": "Bac Ninh Province"}, "survey": "one-stop-rating",
             "from": "2026-11-01", "to": "2026-11-30",
             "filters": {"procedure": null, "field": null, "counter": null, "officer": null, "channel": null},
             "responses": 200, "sufficientSample": true,
             "levels": [
               {"value": 1, "label": "Không hài lòng", "satisfied": false, "count": 20, "share": 10.0, "ci95": [6.5814, 14.9603]},
               {"value": 2, "label": "Hài lòng", "satisfied": true, "count": 100, "share": 50.0, "ci95": [43.1296, 56.8704]},
               {"value": 3, "label": "Rất hài lòng", "satisfied": true, "count": 80, "share": 40.0, "ci95": [33.4623, 46.8892]}],
             "notSatisfied": {"count": 20, "share": 10.0, "ci95": [6.5814, 14.9603]},
             "reasons": [{"code": "long-wait", "label": "Phải chờ đợi lâu", "count": 12, "share": 60.0},
               {"code": "staff-attitude", "label": "Thái độ của cán bộ, công chức chưa tốt", "count": 8, "share": 40.0}],
             "byDay": [{"date": "2026-11-02", "responses": 9, "notSatisfied": 1, "notSatisfiedShare": 11.1111}],
             "byCounter": [{"agency": "BN-X1", "counter": "Q3", "name": "Quầy 3", "responses": 120, "notSatisfied": 9,
               "notSatisfiedShare": 7.5, "ci95": [3.9947, 13.6473], "sufficientSample": true},
               {"agency": null, "counter": null, "name": null, "responses": 80, "notSatisfied": 11, "notSatisfiedShare": 13.75,
               "ci95": [7.8424, 22.9984], "sufficientSample": true}]}""")))
    @ApiResponse(responseCode = "422", description = "from/to outside 2000-01-01..2099-12-31, or a bad filter (a code over 64 characters,"
            + " a field over 255, a channel that is not a short word), named in errors",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(value = """
                    {"type": "https://hailong.vn/problems/422", "title": "Unprocessable Entity", "status": 422,
                     "detail": "from must be between 2000-01-01 and 2099-12-31",
                     "errors": [{"field": "from", "message": "must be between 2000-01-01 and 2099-12-31"}]}""")))
    OneStopReport oneStop(@Nullable @QueryValue String agency, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                          @Parameter(description = "procedure code (national database)") @Nullable @QueryValue String procedure,
                          @Parameter(description = "procedure field (lĩnh vực)") @Nullable @QueryValue String field,
                          @Parameter(description = "counter code") @Nullable @QueryValue String counter,
                          @Parameter(description = "officer code") @Nullable @QueryValue String officer,
                          @Parameter(description = "the dossier's channel, e.g. direct, online") @Nullable @QueryValue String channel,
                          Authentication authentication, HttpRequest<?> request) {
        ReportFilter parsed = ReportParameters.of(agency, null, from, to).withDimensions(procedure, field, counter, officer, channel)
                .read(ReportParameters.Defaults.api());
        Agency target = access.visible("agency", parsed.agency(), Caller.of(authentication).orElse(null));
        return reports.report(target, parsed.from(), parsed.to(), parsed.dimensions(), RequestLocaleResolver.language(request));
    }
}
