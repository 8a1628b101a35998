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
import vn.hailong.system.QueryValues;
import vn.hailong.account.Caller;
import vn.hailong.system.ProblemTexts;
import vn.hailong.system.Refusal;
import vn.hailong.system.RefusalStatus;
import vn.hailong.system.FieldError;
import vn.hailong.system.PageModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Citizens' free-text comments for an agency (within the caller's scope), survey and period: newest
 * first, masked, searchable with accents and đ/d ignored, filtered by question (the "which
 * procedure" answers apart from the comments) and rating band, paged.
 */
@Controller("/reports/comments")
@Secured({"ADMIN", "REVIEWER"})
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class CommentsPageController {

    static final int PAGE_SIZE = 25;

    private final CommentReports comments;
    private final DashboardScope scope;
    private final AgencyChoices choices;

    CommentsPageController(CommentReports comments, DashboardScope scope, AgencyChoices choices) {
        this.comments = comments;
        this.scope = scope;
        this.choices = choices;
    }

    @Get(produces = MediaType.TEXT_HTML)
    HttpResponse<?> page(@Nullable @QueryValue String agency, @Nullable @QueryValue String survey,
                         @Nullable @QueryValue String period, @Nullable @QueryValue String from,
                         @Nullable @QueryValue String to, @Nullable @QueryValue String q,
                         @Nullable @QueryValue String question, @Nullable @QueryValue String rating,
                         @Nullable @QueryValue String page, Authentication authentication, HttpRequest<?> request) {
        Caller caller = Caller.of(authentication).orElseThrow();
        Map<String, Object> model = PageModel.of(request);
        String lang = (String) model.get("lang");
        model.put("username", caller.name());
        model.put("search", q == null ? "" : q);
        model.put("questionCode", question == null ? "" : question.strip());
        model.put("rating", rating == null ? "" : rating.strip());
        model.put("ratings", CommentFilter.RATINGS);
        List<AgencyChoices.Choice> visible = choices.of(caller);
        Map<String, String> names = new HashMap<>();
        visible.forEach(c -> names.put(c.agency().code(), c.agency().name(lang)));
        model.put("names", names);
        // The same pickers as the dashboard: agency (within the caller's scope), survey, period.
        model.put("agencies", visible);
        model.put("surveys", scope.published());
        scope.putPickers(model, caller, agency, period, from, to);
        String surveyCode = survey == null || survey.isBlank() ? scope.defaultSurvey() : survey.strip();
        model.put("surveyCode", surveyCode);
        model.put("questions", comments.textQuestionsOf(surveyCode));
        try {
            List<FieldError> errors = new ArrayList<>();
            int pageNumber = QueryValues.page("page", page, errors);
            String band = CommentFilter.rating(rating, errors);
            if (!errors.isEmpty()) {
                throw ReportParameters.refusal(errors);
            }
            DashboardScope.Resolved resolved = scope.resolve(caller, ReportParameters.of(agency, survey, from, to).withPeriod(period), null, null);
            ReportPeriod chosen = resolved.query().period();
            model.put("periodValue", chosen.selectValue());
            CommentsReport report = comments.comments(resolved.agency(), new CommentFilter(resolved.query().survey(), chosen.from(),
                    chosen.to(), CommentFilter.blankToNull(q), CommentFilter.blankToNull(question), band), pageNumber, PAGE_SIZE);
            model.put("report", report);
            model.put("agency", resolved.agency());
            model.put("period", chosen);
            model.put("pages", Math.max(1, (report.total() + PAGE_SIZE - 1) / PAGE_SIZE));
            model.put("link", DashboardController.links(resolved.agency().code(), resolved.query().survey(), chosen, lang));
            return HttpResponse.ok(new ModelAndView<>("report/comments", model));
        } catch (Refusal problem) {
            model.put("problems", ProblemTexts.shown(problem));
            return HttpResponse.status(RefusalStatus.of(problem)).body(new ModelAndView<>("report/comments", model));
        }
    }
}
