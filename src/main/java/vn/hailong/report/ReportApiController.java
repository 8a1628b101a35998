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
import vn.hailong.system.FieldError;

import java.util.ArrayList;
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
    private final CommentReports comments;

    ReportApiController(SatisfactionReports reports, AgencyTree agencies, ReportAccess access, CommentReports comments) {
        this.reports = reports;
        this.agencies = agencies;
        this.access = access;
        this.comments = comments;
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
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422", description = "from/to outside 2000-01-01..2099-12-31,"
            + " or more than 1200 points (a shorter range or a longer interval is needed)")
    List<TrendPoint> trend(@Nullable @QueryValue String agency, @Nullable @QueryValue String survey,
                           @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                           @Nullable @QueryValue String interval, Authentication authentication) {
        ReportRequest request = ReportRequest.parse("agency", agency, survey, from, to);
        Period period = interval == null || interval.isBlank() ? Period.MONTH : Period.parse(interval).orElseThrow(() ->
                ApiProblemException.badRequest("interval", "must be day, week, month, quarter or year"));
        Agency target = visibleAgency("agency", request.agency(), authentication);
        return reports.trend(target, request.survey(), request.from(), request.to(), period);
    }

    @Get("/comments")
    @Operation(summary = "Free-text comments of an agency and its sub-agencies over a date range (inclusive), newest first, paged",
            description = "Texts come with phone numbers, e-mail addresses and 9/12-digit ID numbers masked (stored as typed)."
                    + " q: words to find, accents, case and đ/d ignored (\"cho doi\" finds \"chờ đợi\")."
                    + " question: one text question of the survey (e.g. procedure: which procedure the citizen came for);"
                    + " without it, every comment question and never the procedure answers."
                    + " rating: 1–5 (the response's rating from that value to under the next) or none.")
    CommentsReport comments(@Nullable @QueryValue String agency, @Nullable @QueryValue String survey,
                            @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                            @Nullable @QueryValue String page, @Nullable @QueryValue String size,
                            @Nullable @QueryValue String q, @Nullable @QueryValue String question,
                            @Nullable @QueryValue String rating, Authentication authentication) {
        List<FieldError> errors = new ArrayList<>();
        int pageNumber = whole("page", page, 1, 1, Integer.MAX_VALUE, errors);
        int pageSize = whole("size", size, 50, 1, MAX_PAGE_SIZE, errors);
        String band = CommentFilter.rating(rating, errors);
        ReportRequest request = ReportRequest.parse("agency", agency, survey, false, from, to, errors);
        Agency target = visibleAgency("agency", request.agency(), authentication);
        return comments.comments(target, new CommentFilter(request.survey(), request.from(), request.to(),
                CommentFilter.blankToNull(q), CommentFilter.blankToNull(question), band), pageNumber, pageSize);
    }

    private static final int MAX_PAGE_SIZE = 200;

    private static int whole(String field, @Nullable String text, int absent, int min, int max, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(field, max == Integer.MAX_VALUE
                ? "must be a whole number of at least " + min : "must be a whole number from " + min + " to " + max));
        return absent;
    }

    private Agency visibleAgency(String field, String code, Authentication authentication) {
        Agency agency = agencies.byCode(code).orElseThrow(() ->
                ApiProblemException.notFound(field, "No agency with code '" + code + "'."));
        access.check(Caller.of(authentication).orElse(null), agency);
        return agency;
    }
}
