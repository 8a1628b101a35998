package vn.hailong.report;

import vn.hailong.system.Problem;
import vn.hailong.system.TokenRefusals;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import vn.hailong.system.QueryValues;
import vn.hailong.account.Caller;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.audit.Actor;
import vn.hailong.audit.AuditActions;
import vn.hailong.audit.AuditLog;
import vn.hailong.system.RequestLocaleResolver;
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report API. Each figure endpoint also answers {@code Accept: text/csv} with the same data as
 * a table (UTF-8 with BOM, headings in the request's language: {@code lang}, cookie or
 * Accept-Language), and {@code /satisfaction.xlsx} gives the figures and the ranking as a
 * workbook (issue 12 item 14). The tables are the dashboard exports' ({@link ExportTables}),
 * written by the one {@link CsvFile} / {@link XlsxFile}; every file taken is on the audit record.
 */
@Controller("/api/v1/reports")
@Secured({"ADMIN", "REVIEWER"})
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Reports")
@SecurityRequirement(name = "bearer")
@TokenRefusals
@ReportRefusals
class ReportApiController {

    private final SatisfactionReports reports;
    private final AgencyTree agencies;
    private final ReportAccess access;
    private final CommentReports comments;
    private final Dashboards dashboards;
    private final ExportTables tables;
    private final AuditLog audit;

    ReportApiController(SatisfactionReports reports, AgencyTree agencies, ReportAccess access, CommentReports comments,
                        Dashboards dashboards, ExportTables tables, AuditLog audit) {
        this.reports = reports;
        this.agencies = agencies;
        this.access = access;
        this.comments = comments;
        this.dashboards = dashboards;
        this.tables = tables;
        this.audit = audit;
    }

    static final String CSV_EXAMPLE = "\uFEFFHàng,Mã,Nội dung,n,Hài lòng,Chỉ số (%),KTC 95% thấp,KTC 95% cao,Điểm trung bình,1,2,3,4,5\n"
            + "sipas,SIPAS,Chỉ số SIPAS,1234,,82.41,80.12,84.7,,,,,,\n";

    @Get(value = "/satisfaction", produces = {MediaType.APPLICATION_JSON, ExportController.CSV_TYPE})
    @Operation(summary = "SIPAS figures for an agency and its sub-agencies over a date range (inclusive)",
            description = "With Accept: text/csv the same figures as a table (the dashboard's figures export), headings in the "
                    + "request's language (lang, the language cookie or Accept-Language).")
    @ApiResponse(responseCode = "200", description = "The figures", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SatisfactionReport.class),
                    examples = @ExampleObject(name = "shortened: one element, one criterion", value = """
                    {"agency": {"code": "BN-X1", "nameVi": "Trung tâm Phục vụ hành chính công xã Tam Sơn", "nameEn": "Tam Son Commune Public Service Centre"}, "survey": "sipas-2017", "versions": [1], "responses": 192, "sufficientSample": true, "index": 71.6145, "ci95": [70.0585, 73.1704], "elements": [{"code": "E1", "title": {"vi": "Tiếp cận dịch vụ", "en": "Access to the service"}, "respondents": 192, "index": 74.3553, "ci95": [71.0057, 77.7049], "criteria": [{"code": "E1.1", "text": {"vi": "Nơi chờ có đủ ghế ngồi.", "en": "There are enough seats in the waiting area."}, "answers": 185, "satisfied": 142, "index": 76.7568, "ci95": [70.1635, 82.2614], "mean": 3.9784, "distribution": {"1": 15, "2": 17, "3": 11, "4": 56, "5": 86}, "sufficientSample": true}]}]}""")),
            @Content(mediaType = ExportController.CSV_TYPE, schema = @Schema(type = "string"),
                    examples = @ExampleObject(name = "vi", value = CSV_EXAMPLE))})
    HttpResponse<?> satisfaction(@Nullable @QueryValue String agency, @Nullable @QueryValue String survey,
                                 @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                 Authentication authentication, HttpRequest<?> http) {
        ReportFilter request = ReportParameters.of(agency, survey, from, to).read(ReportParameters.Defaults.apiNeedingSurvey());
        Agency target = visibleAgency("agency", request.agency(), authentication);
        if (wantsCsv(http)) {
            return file(tables.figures(dashboard(target, request), RequestLocaleResolver.language(http)), "figures", target, request,
                    authentication, "csv");
        }
        SampleTargets.Target sample = dashboards.target(target, ReportPeriod.of(request.from(), request.to()));
        return json(reports.report(target, request.survey(), request.from(), request.to())
                .withSampleTarget(sample == null ? null : sample.respondents()));
    }

    @Get(value = "/satisfaction.xlsx", produces = ExportController.XLSX)
    @Operation(summary = "The SIPAS figures and the ranking of the sub-agencies as an Excel workbook",
            description = "Same parameters and figures as /satisfaction; sheets and headings in the request's language.")
    @ApiResponse(responseCode = "200", description = "Workbook with the sheets figures and ranking",
            content = @Content(mediaType = ExportController.XLSX, schema = @Schema(type = "string", format = "binary")))
    HttpResponse<?> satisfactionWorkbook(@Nullable @QueryValue String agency, @Nullable @QueryValue String survey,
                                         @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                         Authentication authentication, HttpRequest<?> http) {
        ReportFilter request = ReportParameters.of(agency, survey, from, to).read(ReportParameters.Defaults.apiNeedingSurvey());
        Agency target = visibleAgency("agency", request.agency(), authentication);
        Dashboard dashboard = dashboard(target, request);
        String lang = RequestLocaleResolver.language(http);
        List<ExportTable> sheets = List.of(tables.figures(dashboard, lang), tables.ranking(dashboard, lang));
        record(authentication, AuditActions.EXPORT_XLSX, target, "satisfaction", request, sheets.get(0).rows().size());
        return download(XlsxFile.write(sheets), ExportController.XLSX, "satisfaction", target, request, "xlsx");
    }

    @Get(value = "/ranking", produces = {MediaType.APPLICATION_JSON, ExportController.CSV_TYPE})
    @Operation(summary = "The direct children of an agency ranked by SIPAS index",
            description = "With Accept: text/csv the ranking as a table (the dashboard's ranking export), headings in the request's language.")
    @ApiResponse(responseCode = "200", description = "The ranking", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, array = @ArraySchema(schema = @Schema(implementation = RankingRow.class)),
                    examples = @ExampleObject(value = """
                    [{"rank": 1, "agency": {"code": "BN-X1", "nameVi": "Trung tâm Phục vụ hành chính công xã Tam Sơn", "nameEn": "Tam Son Commune Public Service Centre"}, "responses": 192, "index": 71.6145, "ci95": [70.0585, 73.1704], "sufficientSample": true}, {"rank": 2, "agency": {"code": "BN-X2", "nameVi": "Trung tâm Phục vụ hành chính công phường Đình Bảng", "nameEn": "Dinh Bang Ward Public Service Centre"}, "responses": 128, "index": 60.1676, "ci95": [58.2221, 62.1132], "sufficientSample": true}]""")),
            @Content(mediaType = ExportController.CSV_TYPE, schema = @Schema(type = "string"), examples = @ExampleObject(name = "vi", value = """
                    \uFEFFHạng,Mã,Cơ quan,Số phiếu,Số hồ sơ đã giải quyết,Cỡ mẫu Slovin cần đạt,Chỉ số / tỷ lệ (%),KTC 95% cận dưới,KTC 95% cận trên,Độ rộng khoảng tin cậy,Đạt số phiếu tối thiểu để công bố
                    1,BN-X1,Trung tâm Phục vụ hành chính công xã Tam Sơn,192,,,71.6145,70.0585,73.1704,3.1119,có
                    """))})
    HttpResponse<?> ranking(@Nullable @QueryValue String parent, @Nullable @QueryValue String survey,
                            @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                            Authentication authentication, HttpRequest<?> http) {
        ReportFilter request = ReportParameters.of(parent, survey, from, to).agencyNamed("parent").read(ReportParameters.Defaults.apiNeedingSurvey());
        Agency target = visibleAgency("parent", request.agency(), authentication);
        if (wantsCsv(http)) {
            return file(tables.ranking(dashboard(target, request), RequestLocaleResolver.language(http)), "ranking", target, request,
                    authentication, "csv");
        }
        return json(reports.ranking(target, request.survey(), request.from(), request.to()));
    }

    @Get(value = "/trend", produces = {MediaType.APPLICATION_JSON, ExportController.CSV_TYPE})
    @Operation(summary = "The SIPAS index per period (day, week, month, quarter or year)",
            description = "With Accept: text/csv one row per period, headings in the request's language.")
    @ApiResponse(responseCode = "200", description = "One point per period", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, array = @ArraySchema(schema = @Schema(implementation = TrendPoint.class)),
                    examples = @ExampleObject(value = """
                    [{"period": "2026-Q3", "from": "2026-07-01", "to": "2026-09-30", "responses": 108, "index": 72.1358, "ci95": [70.0275, 74.2441], "sufficientSample": true}, {"period": "2026-Q4", "from": "2026-10-01", "to": "2026-11-30", "responses": 66, "index": 71.5312, "ci95": [69.0157, 74.0468], "sufficientSample": true}]""")),
            @Content(mediaType = ExportController.CSV_TYPE, schema = @Schema(type = "string"), examples = @ExampleObject(name = "vi", value = """
                    \uFEFFKỳ,Từ ngày,Đến ngày,Số phiếu,Chỉ số / tỷ lệ (%),KTC 95% cận dưới,KTC 95% cận trên,Đạt số phiếu tối thiểu để công bố
                    2026-Q3,2026-07-01,2026-09-30,108,72.1358,70.0275,74.2441,có
                    """))})
    @ApiResponse(responseCode = "422", description = "from/to outside 2000-01-01..2099-12-31,"
            + " or more than 1200 points (a shorter range or a longer interval is needed)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(value = """
                    {"type": "https://hailong.vn/problems/422", "title": "Unprocessable Entity", "status": 422, "detail": "The request has invalid fields.",
                     "errors": [{"field": "interval", "message": "gives more than 1200 points for this date range: choose a longer interval or a shorter range"}]}""")))
    HttpResponse<?> trend(@Nullable @QueryValue String agency, @Nullable @QueryValue String survey,
                          @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                          @Nullable @QueryValue String interval, Authentication authentication, HttpRequest<?> http) {
        ReportFilter request = ReportParameters.of(agency, survey, from, to).read(ReportParameters.Defaults.apiNeedingSurvey());
        Period period = interval == null || interval.isBlank() ? Period.MONTH : Period.parse(interval).orElseThrow(() ->
                ApiProblemException.badRequest("interval", "must be day, week, month, quarter or year"));
        Agency target = visibleAgency("agency", request.agency(), authentication);
        List<TrendPoint> points = reports.trend(target, request.survey(), request.from(), request.to(), period);
        if (wantsCsv(http)) {
            return file(tables.trend(points, RequestLocaleResolver.language(http)), "trend", target, request, authentication, "csv");
        }
        return json(points);
    }

    @Get(value = "/comments", produces = {MediaType.APPLICATION_JSON, ExportController.CSV_TYPE})
    @Operation(summary = "Free-text comments of an agency and its sub-agencies over a date range (inclusive), newest first, paged",
            description = "Texts come with phone numbers, e-mail addresses and 9/12-digit ID numbers masked (stored as typed)."
                    + " q: words to find, accents, case and đ/d ignored (\"cho doi\" finds \"chờ đợi\")."
                    + " question: one text question of the survey (e.g. procedure: which procedure the citizen came for);"
                    + " without it, every comment question and never the procedure answers."
                    + " rating: 1–5 (the response's rating from that value to under the next) or none."
                    + " With Accept: text/csv the same page of comments as a table (the dashboard's comments export).")
    @ApiResponse(responseCode = "200", description = "One page of comments", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CommentsReport.class),
                    examples = @ExampleObject(value = """
                    {"agency": {"code": "BN-X1", "nameVi": "Trung tâm Phục vụ hành chính công xã Tam Sơn", "nameEn": "Tam Son Commune Public Service Centre"}, "from": "2026-11-01", "to": "2026-11-30", "page": 1, "size": 20, "total": 34, "comments": [{"responseId": "d94492dc-6751-408c-bdc3-1182d6f55c98", "agency": "BN-X1", "survey": "sipas-2017", "question": "comment", "questionText": {"vi": "Ông/Bà còn điều gì muốn góp ý với cơ quan không?", "en": "Is there anything else you would like to tell the office?"}, "text": "Cán bộ hướng dẫn tận tình, gọi lại cho tôi số 09••••••••.", "submittedAt": "2026-11-30T03:49:00Z", "date": "2026-11-30", "timeZone": "Asia/Ho_Chi_Minh", "rating": 5.0}]}""")),
            @Content(mediaType = ExportController.CSV_TYPE, schema = @Schema(type = "string"), examples = @ExampleObject(name = "vi", value = """
                    \uFEFFNgày,Mã,Cơ quan,Mức đánh giá,Câu hỏi,Góp ý,Phiếu khảo sát,Thời điểm gửi (giờ địa phương của cơ quan),Múi giờ,Mã phiếu
                    2026-11-30,BN-X1,Trung tâm Phục vụ hành chính công xã Tam Sơn,5,Ông/Bà còn điều gì muốn góp ý với cơ quan không?,\"Cán bộ hướng dẫn tận tình, gọi lại cho tôi số 09••••••••.\",Phiếu khảo sát sự hài lòng của người dân về sự phục vụ của cơ quan hành chính nhà nước,2026-11-30 10:49:00,Asia/Ho_Chi_Minh,d94492dc-6751-408c-bdc3-1182d6f55c98
                    """))})
    HttpResponse<?> comments(@Nullable @QueryValue String agency, @Nullable @QueryValue String survey,
                             @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                             @Nullable @QueryValue String page, @Nullable @QueryValue String size,
                             @Nullable @QueryValue String q, @Nullable @QueryValue String question,
                             @Nullable @QueryValue String rating, Authentication authentication, HttpRequest<?> http) {
        List<FieldError> errors = new ArrayList<>();
        int pageNumber = QueryValues.page("page", page, errors);
        int pageSize = QueryValues.whole("size", size, 50, 1, MAX_PAGE_SIZE, errors);
        String band = CommentFilter.rating(rating, errors);
        ReportFilter request = ReportParameters.of(agency, survey, from, to).read(ReportParameters.Defaults.api(), errors);
        Agency target = visibleAgency("agency", request.agency(), authentication);
        CommentsReport found = comments.comments(target, new CommentFilter(request.survey(), request.from(), request.to(),
                CommentFilter.blankToNull(q), CommentFilter.blankToNull(question), band), pageNumber, pageSize);
        if (wantsCsv(http)) {
            String lang = RequestLocaleResolver.language(http);
            java.util.Map<String, String> names = new java.util.HashMap<>();
            found.comments().forEach(c -> names.computeIfAbsent(c.agency(), code -> agencies.byCode(code).map(a -> a.name(lang)).orElse("")));
            return file(tables.comments(found.comments(), names, lang), "comments", target, request, authentication, "csv");
        }
        return json(found);
    }

    /**
     * A table asked for by {@code Accept}: text/csv named before application/json (or JSON not
     * named at all). A client that accepts anything ({@code *}{@code /*}) keeps getting JSON.
     */
    static boolean wantsCsv(HttpRequest<?> http) {
        int csv = Integer.MAX_VALUE;
        int json = Integer.MAX_VALUE;
        List<MediaType> accepted = http.getHeaders().accept();
        for (int i = 0; i < accepted.size(); i++) {
            String type = accepted.get(i).getName().toLowerCase(Locale.ROOT);
            if (type.equals("text/csv")) {
                csv = Math.min(csv, i);
            } else if (type.equals(MediaType.APPLICATION_JSON) || type.endsWith("+json")) {
                json = Math.min(json, i);
            }
        }
        return csv < json;
    }

    /** The dashboard's figures for the API's parameters: the exports' tables are made from it. */
    private Dashboard dashboard(Agency target, ReportFilter request) {
        return dashboards.build(target, DashboardQuery.byRank(new ReportFilter(target.code(), request.survey(),
                ReportPeriod.of(request.from(), request.to()), request.dimensions())));
    }

    private HttpResponse<?> file(ExportTable table, String what, Agency target, ReportFilter request, Authentication authentication,
                                 String format) {
        record(authentication, AuditActions.EXPORT_CSV, target, what, request, table.rows().size());
        return download(CsvFile.write(table), ExportController.CSV, what, target, request, format);
    }

    /** Files take data out of the system: who took what, for which scope and period, goes on the record (as for the page's exports). */
    private void record(Authentication authentication, String action, Agency target, String what, ReportFilter request, int rows) {
        audit.record(Actor.of(authentication), action, "agency:" + target.code(), what + " survey=" + request.survey() + " period="
                + request.period().label() + " rows=" + rows + " (api)");
    }

    private static HttpResponse<?> download(byte[] body, String type, String what, Agency target, ReportFilter request, String format) {
        String name = ExportController.fileName(what, target.code(), request.period(), format);
        return ExportController.download(HttpResponse.ok(body), type, name);
    }

    private static HttpResponse<?> json(Object body) {
        return HttpResponse.ok(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static final int MAX_PAGE_SIZE = 200;

    private Agency visibleAgency(String field, String code, Authentication authentication) {
        return access.visible(field, code, Caller.of(authentication).orElse(null));
    }
}
