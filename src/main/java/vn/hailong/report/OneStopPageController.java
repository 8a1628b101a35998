package vn.hailong.report;

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
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.account.Caller;
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.ProblemTexts;
import vn.hailong.system.Refusal;
import vn.hailong.system.RefusalStatus;
import vn.hailong.system.FieldError;
import vn.hailong.system.PageModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /reports/one-stop}: the one-stop rating's own page (issue 13 §5) — the three levels with
 * shares and intervals, not satisfied, reasons, by day and by counter — instead of the SIPAS layout
 * (an index with a 1–5 distribution) the dashboard would give it. Same scope, periods and
 * dimension filters as {@code GET /api/v1/reports/one-stop}.
 */
@Controller("/reports/one-stop")
@Secured({"ADMIN", "REVIEWER"})
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class OneStopPageController {

    private final OneStopReports reports;
    private final EvaluationReports evaluations;
    private final DashboardScope scope;
    private final AgencyChoices choices;

    OneStopPageController(OneStopReports reports, EvaluationReports evaluations, DashboardScope scope, AgencyChoices choices) {
        this.reports = reports;
        this.evaluations = evaluations;
        this.scope = scope;
        this.choices = choices;
    }

    @Get(produces = MediaType.TEXT_HTML)
    HttpResponse<?> page(@Nullable @QueryValue String agency, @Nullable @QueryValue String period,
                         @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                         @Nullable @QueryValue String procedure, @Nullable @QueryValue String field,
                         @Nullable @QueryValue String counter, @Nullable @QueryValue String officer,
                         @Nullable @QueryValue String channel, Authentication authentication, HttpRequest<?> request) {
        Caller caller = Caller.of(authentication).orElseThrow();
        Map<String, Object> model = PageModel.of(request);
        String lang = (String) model.get("lang");
        model.put("username", caller.name());
        model.put("agencies", choices.of(caller));
        scope.putPickers(model, caller, agency, period, from, to);
        model.put("minimumSample", reports.minimumSample());
        ReportParameters parameters = ReportParameters.of(agency, OneStopReports.SURVEY, from, to).withPeriod(period)
                .withDimensions(procedure, field, counter, officer, channel);
        model.put("filter", parameters.shownDimensions());
        try {
            DashboardScope.Resolved resolved = scope.resolve(caller, parameters, null, null);
            DimensionFilter filter = resolved.query().filter().dimensions();
            ReportPeriod chosen = resolved.query().period();
            OneStopReport report = reports.report(resolved.agency(), chosen.from(), chosen.to(), filter, lang);
            model.put("r", report);
            model.put("agency", resolved.agency());
            model.put("period", chosen);
            model.put("periodValue", chosen.selectValue());
            model.put("link", DashboardController.links(resolved.agency().code(), OneStopReports.SURVEY, chosen, lang));
            List<Charts.Row> rows = new ArrayList<>();
            report.levels().forEach(l -> rows.add(new Charts.Row(Integer.toString(l.value()), l.label(), l.share(), l.ci95())));
            model.put("chart", Charts.bars(rows));
            model.put("ev", evaluation(resolved, chosen, lang));
            return HttpResponse.ok(new ModelAndView<>("report/one-stop", model));
        } catch (Refusal problem) {
            model.put("problems", ProblemTexts.shown(problem));
            return HttpResponse.status(RefusalStatus.of(problem)).body(new ModelAndView<>("report/one-stop", model));
        }
    }

    /**
     * The legal evaluation's scores for the same agency and period (issue 15 §2), or null when the
     * survey is not offered (retired, or a deployment without it): the page then simply has no such part.
     */
    private @Nullable EvaluationReport evaluation(DashboardScope.Resolved resolved, ReportPeriod period, String lang) {
        try {
            return evaluations.report(resolved.agency(), EvaluationApiController.DEFAULT_SURVEY, period.from(), period.to(), lang);
        } catch (Refusal notOffered) {
            return null;
        }
    }
}
