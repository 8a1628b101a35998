package vn.hailong.report;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.account.Caller;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.survey.SurveyVersion;
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.FieldError;
import vn.hailong.system.PageModel;

import java.util.List;
import java.util.Map;

/** The reviewer's report page: the same figures as the API, as tables, with the ranking of sub-agencies. */
@Controller("/reports")
@Secured({"ADMIN", "REVIEWER"})
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class ReportPageController {

    private final SatisfactionReports reports;
    private final AgencyTree agencies;
    private final SurveyCatalog surveys;
    private final ReportAccess access;
    private final String defaultSurvey;

    ReportPageController(SatisfactionReports reports, AgencyTree agencies, SurveyCatalog surveys, ReportAccess access,
                         @Value("${hailong.report.default-survey:sipas-2017}") String defaultSurvey) {
        this.defaultSurvey = defaultSurvey;
        this.reports = reports;
        this.agencies = agencies;
        this.surveys = surveys;
        this.access = access;
    }

    @Get
    HttpResponse<?> page(@Nullable @QueryValue String agency, @Nullable @QueryValue String survey,
                         @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                         Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        Caller caller = Caller.of(authentication).orElseThrow();
        List<SurveyVersion> published = surveys.published();
        String agencyCode = agency;
        if (agencyCode == null || agencyCode.isBlank()) {
            agencyCode = defaultAgency(caller);
        }
        // Without a choice: the configured default survey if it is published, else the first one.
        String surveyCode = survey == null || survey.isBlank()
                ? published.stream().map(SurveyVersion::code).filter(defaultSurvey::equals).findFirst()
                        .or(() -> published.stream().map(SurveyVersion::code).findFirst()).orElse("")
                : survey;
        model.put("surveys", published);
        model.put("agencyCode", agencyCode == null ? "" : agencyCode);
        model.put("surveyCode", surveyCode);
        model.put("from", from == null ? "" : from);
        model.put("to", to == null ? "" : to);
        model.put("username", caller.name());
        if (agencyCode == null) {
            model.put("problems", List.of(new FieldError("agency", "no agency exists yet")));
            return HttpResponse.ok(new ModelAndView<>("report/report", model));
        }
        try {
            ReportRequest parsed = ReportRequest.parse("agency", agencyCode, surveyCode, from, to);
            String code = parsed.agency();
            Agency target = agencies.byCode(code).orElseThrow(() -> ApiProblemException.notFound("agency", "No agency with code '" + code + "'."));
            access.check(caller, target);
            model.put("agency", target);
            model.put("report", reports.report(target, parsed.survey(), parsed.from(), parsed.to()));
            model.put("ranking", reports.ranking(target, parsed.survey(), parsed.from(), parsed.to()));
            model.put("children", agencies.children(target.id()));
            model.put("minimumSample", reports.minimumSample());
            return HttpResponse.ok(new ModelAndView<>("report/report", model));
        } catch (ApiProblemException problem) {
            model.put("problems", problem.errors().isEmpty() ? List.of(new FieldError("", problem.getMessage())) : problem.errors());
            HttpStatus status = problem.status();
            return HttpResponse.status(status).body(new ModelAndView<>("report/report", model));
        }
    }

    private String defaultAgency(Caller caller) {
        if (caller.agencyId() != null) {
            return agencies.byId(caller.agencyId()).map(Agency::code).orElse(null);
        }
        return agencies.children(null).stream().findFirst().map(Agency::code).orElse(null);
    }
}
