package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import vn.hailong.account.Caller;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.system.ApiProblemException;

import java.util.List;

@Controller("/api/v1/reports")
@Secured({"ADMIN", "REVIEWER"})
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Reports")
@SecurityRequirement(name = "bearer")
class ReportApiController {

    private final SatisfactionReports reports;
    private final AgencyTree agencies;
    private final ReportAccess access;

    ReportApiController(SatisfactionReports reports, AgencyTree agencies, ReportAccess access) {
        this.reports = reports;
        this.agencies = agencies;
        this.access = access;
    }

    @Get("/satisfaction")
    @Operation(summary = "SIPAS figures for an agency and its sub-agencies over a date range (inclusive)")
    SatisfactionReport satisfaction(@Nullable @QueryValue String agency, @Nullable @QueryValue String survey,
                                    @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                    Authentication authentication) {
        ReportRequest request = ReportRequest.parse("agency", agency, survey, from, to);
        Agency target = visibleAgency("agency", request.agency(), authentication);
        return reports.report(target, request.survey(), request.from(), request.to());
    }

    @Get("/ranking")
    @Operation(summary = "The direct children of an agency ranked by SIPAS index")
    List<RankingRow> ranking(@Nullable @QueryValue String parent, @Nullable @QueryValue String survey,
                             @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                             Authentication authentication) {
        ReportRequest request = ReportRequest.parse("parent", parent, survey, from, to);
        Agency target = visibleAgency("parent", request.agency(), authentication);
        return reports.ranking(target, request.survey(), request.from(), request.to());
    }

    @Get("/trend")
    @Operation(summary = "The SIPAS index per period (day, week, month, quarter or year)")
    List<TrendPoint> trend(@Nullable @QueryValue String agency, @Nullable @QueryValue String survey,
                           @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                           @Nullable @QueryValue String interval, Authentication authentication) {
        ReportRequest request = ReportRequest.parse("agency", agency, survey, from, to);
        Period period = interval == null || interval.isBlank() ? Period.MONTH : Period.parse(interval).orElseThrow(() ->
                ApiProblemException.badRequest("interval", "must be day, week, month, quarter or year"));
        Agency target = visibleAgency("agency", request.agency(), authentication);
        return reports.trend(target, request.survey(), request.from(), request.to(), period);
    }

    private Agency visibleAgency(String field, String code, Authentication authentication) {
        Agency agency = agencies.byCode(code).orElseThrow(() ->
                ApiProblemException.notFound(field, "No agency with code '" + code + "'."));
        access.check(Caller.of(authentication).orElse(null), agency);
        return agency;
    }
}
