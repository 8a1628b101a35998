package vn.hailong.survey;

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

    private final SurveyCatalog catalog;

    SurveyApiController(SurveyCatalog catalog) {
        this.catalog = catalog;
    }

    @Get
    @Operation(summary = "Published questionnaires (current version of each)")
    List<SurveySummary> list() {
        return catalog.published().stream()
                .map(v -> new SurveySummary(v.code(), v.version(), new Text(v.titleVi(), v.titleEn()))).toList();
    }

    @Get("/{code}")
    @Operation(summary = "The current version of a questionnaire, in full")
    SurveyDefinition current(String code) {
        return catalog.current(code).map(Questionnaire::definition)
                .orElseThrow(() -> ApiProblemException.notFound("code", "No survey with code '" + code + "'."));
    }

    @Get("/{code}/versions/{version}")
    @Operation(summary = "One version of a questionnaire, in full")
    SurveyDefinition version(String code, int version) {
        return catalog.version(code, version).map(Questionnaire::definition)
                .orElseThrow(() -> ApiProblemException.notFound("version",
                        "Survey '" + code + "' has no version " + version + "."));
    }

    @Serdeable
    record SurveySummary(String code, int version, Text title) {
    }
}
