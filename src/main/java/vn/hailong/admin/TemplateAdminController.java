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
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.multipart.CompletedFileUpload;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyScope;
import vn.hailong.agency.AgencyTree;
import vn.hailong.audit.AuditActions;
import vn.hailong.response.VersionUsage;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.survey.SurveyDefinition;
import vn.hailong.survey.SurveyVersion;
import vn.hailong.survey.TemplateException;
import vn.hailong.survey.TemplateProblem;
import vn.hailong.survey.TemplateUpload;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Questionnaire versions as stored from survey-templates/ or uploaded here: which is current, how
 * many responses each holds, retirement (no longer offered to new questionnaires and kiosks;
 * reports keep it), and the upload of a new questionnaire or version (issue 15): checked as at
 * start-up, previewed in Vietnamese and English, then published (TemplateUpload). A province
 * administrator sees the national questionnaires and those of their scope, and retires or adds
 * versions to the latter only (AgencyScope).
 */
@Controller("/admin/templates")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class TemplateAdminController {

    private static final String LIST = "admin/templates";

    private final SurveyCatalog surveys;
    private final VersionUsage usage;
    private final AdminAudit audit;
    private final TemplateUpload upload;
    private final AgencyScope scope;
    private final AgencyTree agencies;

    TemplateAdminController(SurveyCatalog surveys, VersionUsage usage, AdminAudit audit, TemplateUpload upload,
                            AgencyScope scope, AgencyTree agencies) {
        this.surveys = surveys;
        this.usage = usage;
        this.audit = audit;
        this.upload = upload;
        this.scope = scope;
        this.agencies = agencies;
    }

    @Get(produces = MediaType.TEXT_HTML)
    ModelAndView<Map<String, Object>> list(HttpRequest<?> request, Authentication authentication) {
        return new ModelAndView<>(LIST, listModel(request, authentication));
    }

    private Map<String, Object> listModel(HttpRequest<?> request, Authentication authentication) {
        Map<String, Object> model = AdminForms.model(request, "templates");
        // National questionnaires and those of the caller's scope; another province's are not shown.
        List<SurveyVersion> all = surveys.versions().stream()
                .filter(v -> v.agencyId() == null || scope.covers(authentication, v.agencyId())).toList();
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
        byCode.forEach((code, versions) -> {
            Long owner = ((SurveyVersion) versions.get(versions.size() - 1).get("version")).agencyId();
            surveysModel.add(Map.of("code", code, "versions", versions,
                    "offered", versions.stream().anyMatch(r -> Boolean.TRUE.equals(r.get("current"))),
                    "owner", owner == null ? "" : agencies.byId(owner).map(Agency::code).orElse(""),
                    "manage", scope.coversScope(authentication, owner)));
        });
        model.put("surveys", surveysModel);
        return model;
    }

    /**
     * The check of an uploaded file: every problem with its line (nothing stored), or the preview
     * in both languages with a button that publishes exactly this file.
     */
    @Post(value = "/upload", consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.TEXT_HTML)
    HttpResponse<?> check(@Nullable @Part("file") CompletedFileUpload file, Authentication authentication,
                          HttpRequest<?> request) throws java.io.IOException {
        Map<String, Object> model = listModel(request, authentication);
        if (file == null || file.getSize() == 0) {
            return AdminForms.invalid(LIST, model, List.of(FormError.of("file", "scoped.template.fileRequired")));
        }
        String name = fileName(file.getFilename());
        byte[] bytes = file.getBytes();
        String yaml = utf8(bytes);
        if (yaml == null) {
            return problems(model, List.of(new TemplateProblem(name, 1, "(file)", "is not UTF-8 text")));
        }
        TemplateUpload.Checked checked;
        try {
            checked = upload.check(name, yaml, authentication);
        } catch (vn.hailong.system.Refusal e) {
            return outside(model, e);
        }
        if (!checked.ok()) {
            return problems(model, checked.problems());
        }
        SurveyDefinition definition = checked.definition();
        model.put("preview", List.of(TemplatePreview.of(definition, "vi"), TemplatePreview.of(definition, "en")));
        model.put("previewWhat", definition.code() + " v" + definition.version());
        model.put("previewOwner", checked.owner() == null ? "" : agencies.byId(checked.owner()).map(Agency::code).orElse(""));
        model.put("yamlContent", Base64.getEncoder().encodeToString(bytes));
        model.put("fileName", name);
        return HttpResponse.ok(new ModelAndView<>(LIST, model));
    }

    /** Publishes the file the preview showed: checked once more, stored with its audit row, or the problems. */
    @Post(value = "/publish", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> publish(@Body Map<String, Object> form, Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = listModel(request, authentication);
        String content = AdminForms.text(form, "content");
        String yaml = null;
        if (content != null) {
            try {
                yaml = utf8(Base64.getDecoder().decode(content));
            } catch (IllegalArgumentException e) {
                yaml = null;
            }
        }
        if (yaml == null) {
            return AdminForms.invalid(LIST, model, List.of(FormError.of("file", "scoped.template.fileRequired")));
        }
        String name = fileName(AdminForms.text(form, "fileName"));
        try {
            SurveyVersion stored = upload.publish(name + " (by " + authentication.getName() + ")", yaml, authentication);
            return AdminForms.done("/admin/templates", "published", stored.code() + " v" + stored.version(), model);
        } catch (TemplateException e) {
            return problems(model, e.problems());
        } catch (vn.hailong.system.Refusal e) {
            return outside(model, e);
        }
    }

    /** A questionnaire of an agency outside the caller's scope: the page says so in the reader's language, 403. */
    private static HttpResponse<?> outside(Map<String, Object> model, vn.hailong.system.Refusal refusal) {
        if (refusal.kind() != vn.hailong.system.Refusal.Kind.FORBIDDEN) {
            throw refusal;
        }
        model.put("errors", List.of(FormError.of("file", "scoped.template.outside")));
        model.put("errorFields", List.of("file"));
        return HttpResponse.status(HttpStatus.FORBIDDEN).body(new ModelAndView<>(LIST, model));
    }

    private static HttpResponse<?> problems(Map<String, Object> model, List<TemplateProblem> problems) {
        model.put("templateProblems", problems);
        model.put("errorFields", List.of("file"));
        return HttpResponse.status(HttpStatus.UNPROCESSABLE_ENTITY).body(new ModelAndView<>(LIST, model));
    }

    private static String fileName(@Nullable String given) {
        String name = given == null || given.isBlank() ? "upload.yml" : given.strip();
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        return name.length() > 120 ? name.substring(0, 120) : name;
    }

    /** Strict UTF-8 (a file in another encoding would be stored garbled): null when it is not. */
    private static @Nullable String utf8(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** 403 unless the caller's scope covers the questionnaire's owner (AgencyScope). */
    private void checkOwner(Authentication authentication, @Nullable Long owner) {
        scope.checkScope(authentication, owner, "retire questionnaires of");
    }

    /** The confirmation step before retiring one version: what is offered afterwards, what stays. */
    @Get(value = "/versions/{id}/retire", produces = MediaType.TEXT_HTML)
    HttpResponse<?> confirmRetireVersion(long id, HttpRequest<?> request, Authentication authentication) {
        Map<String, Object> model = AdminForms.model(request, "templates");
        List<SurveyVersion> all = surveys.versions();
        Optional<SurveyVersion> version = all.stream().filter(v -> v.id() == id).findFirst();
        if (version.isEmpty()) {
            return AdminForms.notFound(model);
        }
        checkOwner(authentication, version.get().agencyId());
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
    HttpResponse<?> confirmRetireSurvey(String code, HttpRequest<?> request, Authentication authentication) {
        Map<String, Object> model = AdminForms.model(request, "templates");
        List<SurveyVersion> versions = surveys.versions().stream().filter(v -> v.code().equals(code)).toList();
        if (versions.isEmpty()) {
            return AdminForms.notFound(model);
        }
        checkOwner(authentication, versions.get(versions.size() - 1).agencyId());
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
        checkOwner(authentication, version.get().agencyId());
        String what = version.get().code() + " v" + version.get().version();
        audit.change(authentication, AuditActions.TEMPLATE_RETIRE, "survey:" + what, null, "version retired", () -> surveys.retire(id));
        return AdminForms.done("/admin/templates", "retiredVersion", what, model);
    }

    @Post(value = "/{code}/retire", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> retireSurvey(String code, Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = AdminForms.model(request, "templates");
        List<SurveyVersion> versions = surveys.versions().stream().filter(v -> v.code().equals(code)).toList();
        if (versions.isEmpty()) {
            return AdminForms.notFound(model);
        }
        checkOwner(authentication, versions.get(versions.size() - 1).agencyId());
        audit.change(authentication, AuditActions.TEMPLATE_RETIRE, "survey:" + code, null, "every version retired",
                () -> surveys.retireAll(code));
        return AdminForms.done("/admin/templates", "retiredSurvey", code, model);
    }
}
