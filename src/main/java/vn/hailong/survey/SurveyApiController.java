package vn.hailong.survey;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import vn.hailong.system.Problem;
import vn.hailong.system.TokenRefusals;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Content;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import vn.hailong.system.Problem;
import vn.hailong.system.Problems;
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

    /** The media types a questionnaire file is accepted as (YAML has several in use). */
    static final String YAML = "application/yaml";
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


    /** The example questionnaire of the upload operation (the same under each YAML media type accepted). */
    private static final String UPLOAD_EXAMPLE = """
            code: bn-counter
            version: 1
            title: {vi: "Quầy một cửa Bắc Ninh", en: "Bac Ninh one-stop counter"}
            scales:
              - code: s5
                options:
                  - {value: 1, label: {vi: "Rất không hài lòng", en: "Very dissatisfied"}}
                  - {value: 2, label: {vi: "Không hài lòng", en: "Dissatisfied"}}
                  - {value: 3, label: {vi: "Bình thường", en: "Neutral"}}
                  - {value: 4, label: {vi: "Hài lòng", en: "Satisfied"}, satisfied: true}
                  - {value: 5, label: {vi: "Rất hài lòng", en: "Very satisfied"}, satisfied: true}
                noAnswer: {vi: "Không trả lời", en: "No answer"}
            indexScale: s5
            elements:
              - code: E1
                title: {vi: "Tiếp cận dịch vụ", en: "Access to the service"}
                criteria:
                  - {code: E1.1, text: {vi: "Nơi ngồi chờ đủ chỗ", en: "Enough seats in the waiting area"}}
            """;

    private final SurveyCatalog catalog;
    private final TemplateUpload upload;

    SurveyApiController(SurveyCatalog catalog, TemplateUpload upload) {
        this.catalog = catalog;
        this.upload = upload;
    }

    @Post(consumes = {YAML, "application/x-yaml", "text/yaml"}, produces = MediaType.APPLICATION_JSON)
    @Secured("ADMIN")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Publish a questionnaire (the YAML file as the body) as a new version, without a restart",
            description = "The body is a template file as in survey-templates/ (`Content-Type: application/yaml`), checked "
                    + "exactly as at start-up. Nothing wrong: it is stored as a new version, current at once on this copy "
                    + "and within `hailong.surveys.recheck` (1 s) on every other. The version must be higher than every "
                    + "stored version of the code. A new code belongs to the caller's scope: national for the national "
                    + "administrator, else the province administrator's agency, where alone it is offered (forms, kiosks, "
                    + "submissions). A known code keeps its owner; only an administrator covering it may add a version. Audited.")
    @RequestBody(content = {
            @Content(mediaType = YAML, examples = @ExampleObject(name = "a short questionnaire", value = UPLOAD_EXAMPLE)),
            @Content(mediaType = "application/x-yaml", examples = @ExampleObject(name = "a short questionnaire", value = UPLOAD_EXAMPLE)),
            @Content(mediaType = "text/yaml", examples = @ExampleObject(name = "a short questionnaire", value = UPLOAD_EXAMPLE))})
    @ApiResponse(responseCode = "201", description = "Published", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(value = "{\"code\": \"bn-counter\", \"version\": 1}")))
    @ApiResponse(responseCode = "422", description = "Every problem of the file, each with its line, path and reason; nothing stored",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(value = """
                    {"type": "https://hailong.vn/problems/422", "title": "Unprocessable Entity", "status": 422,
                     "detail": "The questionnaire has 2 problems; nothing was stored.",
                     "problems": [{"line": 2, "path": "version", "message": "must be 1 or more"},
                                  {"line": 16, "path": "elements[0].title", "message": "missing 'en'"}]}""")))
    @ApiResponse(responseCode = "400", description = "No body; nothing stored", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/400", "title": "Bad Request", "status": 400, "detail": "Required Body [yaml] not specified", "errors": [{"field": "yaml", "message": "Required Body [yaml] not specified"}]}""")))
    @TokenRefusals
    @ApiResponse(responseCode = "409", description = "The same version was published meanwhile; nothing stored", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/409", "title": "Conflict", "status": 409, "detail": "This version was published a moment ago by someone else.", "errors": [{"field": "version", "message": "This version was published a moment ago by someone else."}]}""")))
    @ApiResponse(responseCode = "413", description = "The file is larger than the server accepts (4 MB by default); nothing stored", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/413", "title": "Request Entity Too Large", "status": 413, "detail": "The request body has 5242880 bytes; at most 4194304 are accepted."}""")))
    @ApiResponse(responseCode = "415", description = "The body is not sent as application/yaml (or application/x-yaml, text/yaml)", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/415", "title": "Unsupported Media Type", "status": 415, "detail": "Content Type [application/json] not allowed. Allowed types: [application/x-yaml, text/yaml, application/yaml]", "errors": [{"field": "request", "message": "Content Type [application/json] not allowed. Allowed types: [application/x-yaml, text/yaml, application/yaml]"}]}""")))
    HttpResponse<?> publish(@Body String yaml, Authentication authentication) {
        try {
            SurveyVersion stored = upload.publish("upload by " + authentication.getName(), yaml, authentication);
            return HttpResponse.created(new Published(stored.code(), stored.version()))
                    .header("Location", "/api/v1/surveys/" + stored.code() + "/versions/" + stored.version());
        } catch (TemplateException e) {
            return refusal(e.problems());
        }
    }

    /** 422 problem+json listing every problem of a template with its line and path (the start-up messages). */
    static HttpResponse<TemplateRefusal> refusal(List<TemplateProblem> problems) {
        Problem base = Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, null, null);
        String detail = "The questionnaire has " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + "; nothing was stored.";
        return HttpResponse.<TemplateRefusal>status(HttpStatus.UNPROCESSABLE_ENTITY).contentType(Problem.MEDIA_TYPE)
                .body(new TemplateRefusal(base.type(), base.title(), base.status(), detail,
                        problems.stream().map(p -> new LineProblem(p.line(), p.path(), p.message())).toList()));
    }

    @Serdeable
    record Published(String code, int version) {
    }

    @Serdeable
    record LineProblem(int line, String path, String message) {
    }

    /** RFC 9457 problem details with the template's problems in place of field errors. */
    @Serdeable
    record TemplateRefusal(String type, String title, int status, String detail, List<LineProblem> problems) {
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
