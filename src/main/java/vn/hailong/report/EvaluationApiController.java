package vn.hailong.report;

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
import vn.hailong.system.Problem;
import vn.hailong.system.TokenRefusals;
import vn.hailong.system.RequestLocaleResolver;


/** {@code GET /api/v1/reports/evaluation}: the evaluation scores of a survey with points (issue 15 §2). */
@Controller("/api/v1/reports")
@Secured({"ADMIN", "REVIEWER"})
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Reports")
@SecurityRequirement(name = "bearer")
@TokenRefusals
@ReportRefusals
class EvaluationApiController {

    /** The shipped legal evaluation (survey-templates/legal-evaluation.yml). */
    static final String DEFAULT_SURVEY = "legal-evaluation";

    private final EvaluationReports reports;
    private final ReportAccess access;

    EvaluationApiController(EvaluationReports reports, ReportAccess access) {
        this.reports = reports;
        this.access = access;
    }

    @Get("/evaluation")
    @Operation(summary = "Evaluation scores (TT 01/2018/TT-VPCP Điều 13 points) of an agency and those below it: per criterion and the mean dossier score",
            description = "Responses of the survey (default legal-evaluation) dated in [from, to] (inclusive; open when absent), counted "
                    + "as every report counts them. Per scored criterion (a criterion whose scale gives points): the dossiers at each "
                    + "answer with its points, their share of the answers (%), and meanPoints = Σ points × dossiers / answers. "
                    + "maxScore = the sum of the criteria's highest points; meanScore = the sum of the criteria's mean points, only "
                    + "when every response answered every scored criterion (then it is the mean of the dossiers' own scores), else "
                    + "null. Points are those of the survey's current version. No grade is given: none could be found in the cited "
                    + "texts (docs/method.md §12). Labels in the reader's language (?lang=, the language cookie or Accept-Language).")
    @ApiResponse(responseCode = "200", description = "The scores", content = @Content(examples = @ExampleObject(value = """
            {"agency": {"code": "BN", "nameVi": "Tỉnh Bắc Ninh", "nameEn": "Bac Ninh Province"}, "survey": "legal-evaluation",
             "versions": [1], "from": "2026-10-01", "to": "2026-12-31", "responses": 4, "sufficientSample": false,
             "maxScore": 4, "meanScore": 2.5,
             "criteria": [
               {"code": "time", "text": "Tổng thời gian giải quyết hồ sơ so với thời gian quy định", "answers": 4, "maxPoints": 2,
                "meanPoints": 1.25, "levels": [
                  {"value": 1, "label": "Dài hơn thời gian quy định (trễ hẹn)", "points": 0, "count": 1, "share": 25.0},
                  {"value": 2, "label": "Bằng thời gian quy định (đúng hẹn)", "points": 1, "count": 1, "share": 25.0},
                  {"value": 3, "label": "Ngắn hơn thời gian quy định (sớm hẹn)", "points": 2, "count": 2, "share": 50.0}]},
               {"code": "contacts", "text": "Số lần Ông/Bà phải liên hệ với nơi tiếp nhận để hoàn thiện hồ sơ (kể cả liên hệ trực tuyến), không kể khi do lỗi của người nộp",
                "answers": 4, "maxPoints": 2, "meanPoints": 1.25, "levels": [
                  {"value": 1, "label": "Hơn một lần", "points": 0, "count": 1, "share": 25.0},
                  {"value": 2, "label": "Một lần", "points": 1, "count": 1, "share": 25.0},
                  {"value": 3, "label": "Không lần nào", "points": 2, "count": 2, "share": 50.0}]}]}""")))
    @ApiResponse(responseCode = "422", description = "from/to outside 2000-01-01..2099-12-31, to before from, or a survey without points (named in errors)", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/422", "title": "Unprocessable Entity", "status": 422, "detail": "survey has no criterion whose answers carry points (the template's 'points')", "errors": [{"field": "survey", "message": "has no criterion whose answers carry points (the template's 'points')"}]}""")))
    EvaluationReport evaluation(@Nullable @QueryValue String agency,
                                @Parameter(description = "survey code; default legal-evaluation") @Nullable @QueryValue String survey,
                                @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                Authentication authentication, HttpRequest<?> request) {
        ReportFilter parsed = ReportParameters.of(agency, survey, from, to).read(ReportParameters.Defaults.api(DEFAULT_SURVEY));
        Agency target = access.visible("agency", parsed.agency(), Caller.of(authentication).orElse(null));
        return reports.report(target, parsed.survey(), parsed.from(), parsed.to(),
                RequestLocaleResolver.language(request));
    }
}
