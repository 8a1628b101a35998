package vn.hailong.survey;

import vn.hailong.system.Problem;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Content;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import vn.hailong.system.ApiProblemException;

import java.util.List;

@Controller("/api/v1/surveys")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Surveys")
class SurveyApiController {

    private static final String DEFINITION_EXAMPLE = """
            {"code": "one-stop-rating", "version": 2,
             "title": {"vi": "Đánh giá việc giải quyết hồ sơ tại Bộ phận Một cửa", "en": "Rate how your dossier was handled at the one-stop desk"},
             "intro": {"vi": "Xin Ông/Bà chạm vào một mức đánh giá. Chỉ mất vài giây, không cần ghi tên.",
                       "en": "Please tap one rating. It takes a few seconds and you do not need to give your name."},
             "scales": [{"code": "rating3", "options": [
                {"value": 1, "label": {"vi": "Không hài lòng", "en": "Not satisfied"}, "satisfied": false},
                {"value": 2, "label": {"vi": "Hài lòng", "en": "Satisfied"}, "satisfied": true},
                {"value": 3, "label": {"vi": "Rất hài lòng", "en": "Very satisfied"}, "satisfied": true}]}],
             "indexScale": "rating3",
             "elements": [{"code": "R", "title": {"vi": "Đánh giá giải quyết hồ sơ", "en": "Rating of the dossier handling"},
               "criteria": [{"code": "rating", "text": {"vi": "Ông/Bà đánh giá thế nào về việc giải quyết hồ sơ của mình?",
                 "en": "How would you rate the way your dossier was handled?"}, "scale": "rating3", "required": true}]}],
             "questions": [{"code": "reason", "type": "choice", "text": {"vi": "Vì sao Ông/Bà không hài lòng?", "en": "Why are you not satisfied?"},
               "required": false, "options": [{"code": "long-wait", "label": {"vi": "Phải chờ đợi lâu", "en": "I had to wait too long"}}]}]}""";

    private final SurveyCatalog catalog;

    SurveyApiController(SurveyCatalog catalog) {
        this.catalog = catalog;
    }

    @Get
    @Operation(summary = "Published questionnaires (current version of each)")
    @ApiResponse(responseCode = "200", description = "code, current version and title of each", content = @Content(examples = @ExampleObject(value = """
            [{"code": "one-stop-rating", "version": 2, "title": {"vi": "Đánh giá việc giải quyết hồ sơ tại Bộ phận Một cửa",
               "en": "Rate how your dossier was handled at the one-stop desk"}},
             {"code": "sipas-2017", "version": 1, "title": {"vi": "Phiếu khảo sát sự hài lòng của người dân về sự phục vụ của cơ quan hành chính nhà nước",
               "en": "Survey of citizen satisfaction with the service of public administrative agencies"}}]""")))
    List<SurveySummary> list() {
        return catalog.published().stream()
                .map(v -> new SurveySummary(v.code(), v.version(), new Text(v.titleVi(), v.titleEn()))).toList();
    }

    @Get("/{code}")
    @Operation(summary = "The current version of a questionnaire, in full")
    @ApiResponse(responseCode = "200", description = "The questionnaire (shortened here)", content = @Content(examples = @ExampleObject(value = DEFINITION_EXAMPLE)))
    @ApiResponse(responseCode = "404", description = "No published survey with that code", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "No survey with code 'sipas-2019'.",
             "errors": [{"field": "code", "message": "No survey with code 'sipas-2019'."}]}""")))
    SurveyDefinition current(String code) {
        return catalog.current(code).map(Questionnaire::definition)
                .orElseThrow(() -> ApiProblemException.notFound("code", "No survey with code '" + code + "'."));
    }

    @Get("/{code}/versions/{version}")
    @Operation(summary = "One version of a questionnaire, in full")
    @ApiResponse(responseCode = "200", description = "That version of the questionnaire (shortened here)", content = @Content(examples = @ExampleObject(value = DEFINITION_EXAMPLE)))
    @ApiResponse(responseCode = "400", description = "The version is not a whole number", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/400", "title": "Bad Request", "status": 400, "detail": "'two' is not a valid value for version.",
             "errors": [{"field": "version", "message": "'two' is not a valid value for version."}]}""")))
    @ApiResponse(responseCode = "404", description = "No such survey, or it has no such version", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "Survey 'sipas-2017' has no version 9.",
             "errors": [{"field": "version", "message": "Survey 'sipas-2017' has no version 9."}]}""")))
    SurveyDefinition version(String code, int version) {
        return catalog.version(code, version).map(Questionnaire::definition)
                .orElseThrow(() -> ApiProblemException.notFound("version",
                        "Survey '" + code + "' has no version " + version + "."));
    }

    @Serdeable
    record SurveySummary(String code, int version, Text title) {
    }
}
