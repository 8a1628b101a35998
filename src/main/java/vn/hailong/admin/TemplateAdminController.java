package vn.hailong.admin;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.audit.AuditActions;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.survey.SurveyVersion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Questionnaire versions as stored from survey-templates/: which is current, how many responses
 * each holds, and retirement (no longer offered to new questionnaires and kiosks; reports keep it).
 */
@Controller("/admin/templates")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class TemplateAdminController {

    private final SurveyCatalog surveys;
    private final TemplateUsage usage;
    private final AdminAudit audit;

    TemplateAdminController(SurveyCatalog surveys, TemplateUsage usage, AdminAudit audit) {
        this.surveys = surveys;
        this.usage = usage;
        this.audit = audit;
    }

    @Get(produces = MediaType.TEXT_HTML)
    ModelAndView<Map<String, Object>> list(HttpRequest<?> request) {
        Map<String, Object> model = AdminForms.model(request, "templates");
        List<SurveyVersion> all = surveys.versions();
        Set<Long> current = surveys.published().stream().map(SurveyVersion::id).collect(Collectors.toSet());
        Map<Long, Long> counts = usage.responsesByVersion();
        Map<String, List<Map<String, Object>>> byCode = new LinkedHashMap<>();
        for (SurveyVersion v : all) {
            Map<String, Object> row = new HashMap<>();
            row.put("version", v);
            row.put("current", current.contains(v.id()));
            row.put("responses", counts.getOrDefault(v.id(), 0L));
            byCode.computeIfAbsent(v.code(), k -> new ArrayList<>()).add(row);
        }
        List<Map<String, Object>> surveysModel = new ArrayList<>();
        byCode.forEach((code, versions) -> surveysModel.add(Map.of("code", code, "versions", versions,
                "offered", versions.stream().anyMatch(r -> Boolean.TRUE.equals(r.get("current"))))));
        model.put("surveys", surveysModel);
        return new ModelAndView<>("admin/templates", model);
    }

    /** The confirmation step before retiring one version: what is offered afterwards, what stays. */
    @Get(value = "/versions/{id}/retire", produces = MediaType.TEXT_HTML)
    HttpResponse<?> confirmRetireVersion(long id, HttpRequest<?> request) {
        Map<String, Object> model = AdminForms.model(request, "templates");
        List<SurveyVersion> all = surveys.versions();
        Optional<SurveyVersion> version = all.stream().filter(v -> v.id() == id).findFirst();
        if (version.isEmpty()) {
            return AdminForms.notFound(model);
        }
        SurveyVersion v = version.get();
        String what = v.code() + " v" + v.version();
        boolean current = surveys.published().stream().anyMatch(p -> p.id() == id);
        // What becomes current: the newest other version of the code that is not retired (SurveyCatalog.retire).
        Optional<SurveyVersion> next = all.stream()
                .filter(o -> o.code().equals(v.code()) && o.id() != id && o.retiredAt() == null && o.version() < v.version())
                .max(java.util.Comparator.comparingInt(SurveyVersion::version));
        List<FormError> lines = new ArrayList<>();
        if (!current) {
            lines.add(ConfirmStep.line("admin.confirm.version.older", what));
        } else if (next.isPresent()) {
            lines.add(ConfirmStep.line("admin.confirm.version.next", what, v.code() + " v" + next.get().version()));
        } else {
            lines.add(ConfirmStep.line("admin.confirm.version.last", what, v.code()));
        }
        lines.add(ConfirmStep.line("admin.confirm.retire.kept", usage.responsesByVersion().getOrDefault(id, 0L)));
        return ConfirmStep.page(model, "admin.confirm.version.title", what, "admin.template.retire",
                "/admin/templates/versions/" + id + "/retire", "/admin/templates", lines);
    }

    /** The confirmation step before retiring every version of a questionnaire. */
    @Get(value = "/{code}/retire", produces = MediaType.TEXT_HTML)
    HttpResponse<?> confirmRetireSurvey(String code, HttpRequest<?> request) {
        Map<String, Object> model = AdminForms.model(request, "templates");
        List<SurveyVersion> versions = surveys.versions().stream().filter(v -> v.code().equals(code)).toList();
        if (versions.isEmpty()) {
            return AdminForms.notFound(model);
        }
        Map<Long, Long> counts = usage.responsesByVersion();
        long responses = versions.stream().mapToLong(v -> counts.getOrDefault(v.id(), 0L)).sum();
        List<FormError> lines = List.of(
                ConfirmStep.line("admin.confirm.survey.offered", code),
                ConfirmStep.line("admin.confirm.survey.kiosks"),
                ConfirmStep.line("admin.confirm.retire.kept", responses));
        return ConfirmStep.page(model, "admin.confirm.survey.title", code, "admin.template.retireSurvey",
                "/admin/templates/" + code + "/retire", "/admin/templates", lines);
    }

    @Post(value = "/versions/{id}/retire", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> retireVersion(long id, Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = AdminForms.model(request, "templates");
        Optional<SurveyVersion> version = surveys.versions().stream().filter(v -> v.id() == id).findFirst();
        if (version.isEmpty()) {
            return AdminForms.notFound(model);
        }
        String what = version.get().code() + " v" + version.get().version();
        audit.change(authentication, AuditActions.TEMPLATE_RETIRE, "survey:" + what, null, "version retired", () -> surveys.retire(id));
        return AdminForms.done("/admin/templates", "retiredVersion", what, model);
    }

    @Post(value = "/{code}/retire", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> retireSurvey(String code, Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = AdminForms.model(request, "templates");
        if (surveys.versions().stream().noneMatch(v -> v.code().equals(code))) {
            return AdminForms.notFound(model);
        }
        audit.change(authentication, AuditActions.TEMPLATE_RETIRE, "survey:" + code, null, "every version retired",
                () -> surveys.retireAll(code));
        return AdminForms.done("/admin/templates", "retiredSurvey", code, model);
    }
}
