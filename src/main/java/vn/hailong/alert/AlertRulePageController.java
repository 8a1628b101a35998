package vn.hailong.alert;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.survey.SurveyVersion;
import vn.hailong.system.PageModel;

import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The alert rules page (/reports/alerts/rules): the rules the caller may see, one form per kind
 * with the fields that kind needs, and a delete button per rule. Admins see every rule; reviewers
 * those of their agency and below. Created and deleted through {@link RuleActions}, checked by the
 * same {@link RuleValidator} as the API; refusals in the page's language, per field.
 */
@Controller("/reports/alerts/rules")
@Secured({"ADMIN", "REVIEWER"})
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class AlertRulePageController {

    /** The form fields; every kind's form sends kind, agency, survey, recipients and deadlineHours. */
    static final List<String> FIELDS = List.of("kind", "agency", "survey", "recipients", "words", "threshold", "days",
            "element", "drop", "deadlineHours");

    private final RuleActions actions;
    private final ScopeAgencies scopeAgencies;
    private final SurveyCatalog surveys;

    AlertRulePageController(RuleActions actions, ScopeAgencies scopeAgencies, SurveyCatalog surveys) {
        this.actions = actions;
        this.scopeAgencies = scopeAgencies;
        this.surveys = surveys;
    }

    @Get(produces = MediaType.TEXT_HTML)
    HttpResponse<?> page(@Nullable @QueryValue String done, @Nullable @QueryValue String what, Authentication authentication,
                         HttpRequest<?> request) {
        Map<String, Object> model = model(authentication, request, Map.of());
        if (("created".equals(done) || "deleted".equals(done)) && what != null && what.matches("[0-9]{1,19}")) {
            model.put("done", done);
            model.put("doneWhat", what);
        }
        return HttpResponse.ok(new ModelAndView<>("alert/rules", model));
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> create(@Body Map<String, Object> form, Authentication authentication, HttpRequest<?> request) {
        RuleValidator.Input input = new RuleValidator.Input(text(form, "agency"), text(form, "kind"), text(form, "survey"),
                lines(text(form, "recipients")), text(form, "threshold"), text(form, "days"), text(form, "element"),
                text(form, "drop"), lines(text(form, "words")), text(form, "deadlineHours"));
        AlertRule created;
        try {
            created = actions.create(input, authentication);
        } catch (AlertRefused refused) {
            Map<String, String> entered = new HashMap<>();
            FIELDS.forEach(f -> entered.put(f, text(form, f) == null ? "" : text(form, f)));
            Map<String, Object> model = model(authentication, request, entered);
            model.put("errors", refused.refusals());
            // recipients[2] marks the recipients box
            model.put("errorFields", refused.refusals().stream().map(r -> r.field().replaceAll("\\[\\d+]$", "")).toList());
            model.put("errorKind", entered.get("kind"));
            return HttpResponse.status(refused.status()).body(new ModelAndView<>("alert/rules", model));
        }
        return done("created", created.id(), request);
    }

    @Post(value = "/{id:[0-9]+}/delete", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> delete(@PathVariable long id, Authentication authentication, HttpRequest<?> request) {
        try {
            actions.delete(id, authentication);
        } catch (AlertRefused refused) {
            Map<String, Object> model = model(authentication, request, Map.of());
            model.put("errors", refused.refusals());
            model.put("errorFields", List.of());
            return HttpResponse.status(refused.status()).body(new ModelAndView<>("alert/rules", model));
        }
        return done("deleted", id, request);
    }

    private Map<String, Object> model(Authentication authentication, HttpRequest<?> request, Map<String, String> entered) {
        Map<String, Object> model = PageModel.of(request);
        model.put("path", "/reports/alerts/rules");
        model.put("username", authentication.getName());
        model.put("rules", actions.visible(authentication));
        model.put("agencies", scopeAgencies.of(authentication));
        model.put("surveys", surveys.published().stream().map(SurveyVersion::code).distinct().toList());
        model.put("kinds", AlertRule.KINDS);
        model.put("form", entered);
        model.put("defaultSurvey", Map.of(AlertRule.NOT_SATISFIED, RuleValidator.DEFAULT_SURVEY,
                AlertRule.KEYWORD, RuleValidator.DEFAULT_SURVEY, AlertRule.BELOW_THRESHOLD, "sipas-2017", AlertRule.DROP, "sipas-2017"));
        model.put("defaultDeadline", RuleValidator.DEFAULT_DEADLINE_HOURS);
        model.put("defaultDays", RuleValidator.DEFAULT_DAYS);
        return model;
    }

    private static HttpResponse<?> done(String what, long id, HttpRequest<?> request) {
        return HttpResponse.seeOther(URI.create("/reports/alerts/rules?done=" + what + "&what=" + id
                + "&lang=" + PageModel.of(request).get("lang")));
    }

    private static @Nullable String text(Map<String, Object> form, String name) {
        Object value = form.get(name);
        if (value instanceof List<?> list) {
            value = list.isEmpty() ? null : list.get(0);
        }
        return value == null ? null : value.toString();
    }

    /** One address or word a line (commas and semicolons also separate); blank lines dropped. */
    private static List<String> lines(@Nullable String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split("[\\r\\n,;]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
