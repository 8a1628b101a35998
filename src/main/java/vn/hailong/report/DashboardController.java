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
import vn.hailong.account.Role;
import vn.hailong.alert.CaseCounts;
import vn.hailong.report.SatisfactionReport.CriterionFigure;
import vn.hailong.report.SatisfactionReport.ElementFigure;
import vn.hailong.report.SatisfactionReport.QuestionFigure;
import vn.hailong.system.ProblemTexts;
import vn.hailong.system.Refusal;
import vn.hailong.system.RefusalStatus;
import vn.hailong.system.PageModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reviewer dashboard: SIPAS figures with intervals, charts, priorities, ranking of the
 * sub-agencies and sample targets for one agency, survey and period, within the reviewer's scope;
 * and the agency's open and overdue follow-up cases (issue 14).
 */
@Controller("/reports")
@Secured({"ADMIN", "REVIEWER"})
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class DashboardController {

    private final Dashboards dashboards;
    private final DashboardScope scope;
    private final AgencyChoices choices;
    private final CaseCounts caseCounts;
    private final DimensionBreakdowns breakdowns;
    private final DimensionChoices dimensionChoices;

    DashboardController(Dashboards dashboards, DashboardScope scope, AgencyChoices choices, CaseCounts caseCounts,
                        DimensionBreakdowns breakdowns, DimensionChoices dimensionChoices) {
        this.dashboards = dashboards;
        this.scope = scope;
        this.choices = choices;
        this.caseCounts = caseCounts;
        this.breakdowns = breakdowns;
        this.dimensionChoices = dimensionChoices;
    }

    @Get(produces = MediaType.TEXT_HTML)
    HttpResponse<?> page(@Nullable @QueryValue String agency, @Nullable @QueryValue String survey,
                         @Nullable @QueryValue String period, @Nullable @QueryValue String from,
                         @Nullable @QueryValue String to, @Nullable @QueryValue String sort,
                         @Nullable @QueryValue String dir, @Nullable @QueryValue String by,
                         @Nullable @QueryValue String procedure, @Nullable @QueryValue String field,
                         @Nullable @QueryValue String counter, @Nullable @QueryValue String officer,
                         @Nullable @QueryValue String channel, Authentication authentication, HttpRequest<?> request) {
        Caller caller = Caller.of(authentication).orElseThrow();
        Map<String, Object> model = PageModel.of(request);
        String lang = (String) model.get("lang");
        model.put("username", caller.name());
        model.put("admin", caller.is(Role.ADMIN));
        model.put("printedAt", scope.now().withNano(0).toString().replace('T', ' ')
                + " (" + scope.zone().getId() + ")");
        model.put("surveys", scope.published());
        model.put("agencies", choices.of(caller));
        scope.putPickers(model, caller, agency, period, from, to);
        model.put("surveyCode", survey == null || survey.isBlank() ? scope.defaultSurvey() : survey.strip());
        model.put("dimensions", Dimension.values());
        model.put("byValue", by == null || by.isBlank() ? Dimension.PROCEDURE.value() : by.strip());
        ReportParameters parameters = ReportParameters.of(agency, survey, from, to).withPeriod(period)
                .withDimensions(procedure, field, counter, officer, channel);
        model.put("filter", parameters.shownDimensions());
        try {
            Dimension dimension = breakdownDimension(by);
            DashboardScope.Resolved resolved = scope.resolve(caller, parameters, sort, dir);
            DimensionFilter filter = resolved.query().filter().dimensions();
            Dashboard dashboard = dashboards.build(resolved.agency(), resolved.query());
            model.put("breakdown", breakdowns.of(resolved.agency(), resolved.query(), dimension));
            model.put("dimensionChoices", dimensionChoices.of(resolved.agency().id(), filter));
            DashboardQuery query = resolved.query();
            model.put("d", dashboard);
            // the follow-up cases of the agency in view (and below it), linking to the filtered inbox
            model.put("alertCounts", caseCounts.of(dashboard.agency().id()));
            model.put("q", query);
            model.put("periodValue", query.period().selectValue());
            if (query.period().isCalendar() && ReportPeriod.recent(scope.today()).stream().noneMatch(p -> p.equals(query.period()))) {
                List<ReportPeriod> periods = new ArrayList<>(ReportPeriod.recent(scope.today()));
                periods.add(0, query.period());
                model.put("periods", periods);
            }
            model.put("link", links(dashboard.agency().code(), dashboard.survey(), query.period(), lang));
            model.put("elementChart", Charts.elements(dashboard.report().elements(), lang));
            model.put("trendChart", Charts.trend(dashboard.trend()));
            model.put("bars", distributions(dashboard.report()));
            return HttpResponse.ok(new ModelAndView<>("report/dashboard", model));
        } catch (Refusal problem) {
            model.put("problems", ProblemTexts.shown(problem));
            return HttpResponse.status(RefusalStatus.of(problem)).body(new ModelAndView<>("report/dashboard", model));
        }
    }

    /** The dashboard's breakdown shows procedures unless another dimension is asked for. */
    static Dimension breakdownDimension(@Nullable String by) {
        return by == null || by.isBlank() ? Dimension.PROCEDURE : Dimension.parse("by", by);
    }

    /** The query parameters every link from the page keeps (exports, comments, ranking sort, drill-down). */
    static Map<String, String> links(String agency, String survey, ReportPeriod period, String lang) {
        Map<String, String> link = new HashMap<>();
        link.put("agency", agency);
        link.put("survey", survey);
        link.put("period", period.selectValue());
        link.put("from", period.kind() == ReportPeriod.Kind.CUSTOM && period.from() != null ? period.from().toString() : "");
        link.put("to", period.kind() == ReportPeriod.Kind.CUSTOM && period.to() != null ? period.to().toString() : "");
        link.put("lang", lang);
        return link;
    }

    private static Map<String, Charts.Distribution> distributions(SatisfactionReport report) {
        Map<String, Charts.Distribution> bars = new HashMap<>();
        for (ElementFigure element : report.elements()) {
            for (CriterionFigure criterion : element.criteria()) {
                bars.put(criterion.code(), Charts.distribution(criterion.distribution()));
            }
        }
        for (QuestionFigure question : report.questions()) {
            bars.put(question.code(), Charts.distribution(question.distribution()));
        }
        return bars;
    }
}
