package vn.hailong.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyCsv;
import vn.hailong.agency.AgencyField;
import vn.hailong.agency.AgencyRefusal;
import vn.hailong.agency.AgencyRuleException;
import vn.hailong.agency.AgencyRules;
import vn.hailong.agency.AgencyScope;
import vn.hailong.agency.AgencyTree;
import vn.hailong.agency.AgencyValidator;
import vn.hailong.audit.AuditActions;
import vn.hailong.system.DatabaseErrors;

import java.time.Clock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The agency tree for administrators: view, create, rename, move, retire, CSV export and import. */
@Controller("/admin")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class AgencyAdminController {

    private static final String LIST = "admin/agencies";
    private static final String ONE = "admin/agency";

    private final AgencyTree tree;
    private final AgencyScope scope;
    private final AgencyCsv csv;
    private final AdminAudit audit;
    private final Clock clock;

    AgencyAdminController(AgencyTree tree, AgencyScope scope, AgencyCsv csv, AdminAudit audit, Clock clock) {
        this.clock = clock;
        this.tree = tree;
        this.scope = scope;
        this.csv = csv;
        this.audit = audit;
    }

    @Get(value = "/agencies", produces = MediaType.TEXT_HTML)
    ModelAndView<Map<String, Object>> list(HttpRequest<?> request, Authentication authentication) {
        return new ModelAndView<>(LIST, listModel(request, authentication, Map.of()));
    }

    private Map<String, Object> listModel(HttpRequest<?> request, Authentication authentication, Map<String, Object> form) {
        Map<String, Object> model = AdminForms.model(request, "agencies");
        Instant now = clock.instant();
        List<Map<String, Object>> rows = new ArrayList<>();
        // A province administrator sees their own subtree only (AgencyScope).
        for (AgencyTree.Node node : scope.outline(authentication)) {
            Agency a = node.agency();
            rows.add(Map.of("agency", a, "depth", node.depth(), "retired", a.retired(now), "indent", node.depth() * 1.5));
        }
        model.put("rows", rows);
        model.put("form", form);
        model.put("defaultZone", AgencyRules.DEFAULT_ZONE);
        model.put("kinds", AgencyPickLists.kinds(tree, AdminForms.text(form, "kind")));
        model.put("zones", AgencyPickLists.zones(tree, AdminForms.text(form, "timeZone")));
        model.put("columns", String.join(",", AgencyCsv.COLUMNS));
        return model;
    }

    @Post(value = "/agencies", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> create(@Body Map<String, Object> form, Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = listModel(request, authentication, form);
        // The form has no last day: an agency is created in service and retired later.
        AgencyValidator.Result result = AgencyValidator.check(new AgencyValidator.Input(AdminForms.text(form, "code"),
                AdminForms.text(form, "parent"), AdminForms.text(form, "nameVi"), AdminForms.text(form, "nameEn"),
                AdminForms.text(form, "kind"), AdminForms.text(form, "timeZone"), AdminForms.text(form, "validFrom"), null),
                AgencyRules.DEFAULT_ZONE);
        List<FormError> errors = new ArrayList<>(errors(result.refusals()));
        String code = AdminForms.text(form, "code");
        Agency parent = null;
        String parentCode = AdminForms.text(form, "parent");
        if (parentCode != null) {
            parent = tree.byCode(parentCode).orElse(null);
            if (parent == null) {
                errors.add(FormError.of("parent", "admin.error.noAgency", parentCode));
            }
        }
        // A new agency goes under one in the caller's scope; only the national administrator adds a root.
        if (parentCode == null || parent != null) {
            scope.checkScope(authentication, parent == null ? null : parent.id(), "add agencies under");
        }
        if (code != null && errors.stream().noneMatch(e -> e.field().equals("code")) && tree.byCode(code).isPresent()) {
            errors.add(FormError.of("code", "admin.error.codeTaken", code));
        }
        if (!errors.isEmpty()) {
            return AdminForms.invalid(LIST, model, errors);
        }
        AgencyValidator.Checked checked = result.checked();
        try {
            Agency created = new Agency(null, checked.code(), checked.nameVi(), checked.nameEn(), checked.kind(),
                    parent == null ? null : parent.id(), checked.timeZone(), checked.validFrom(), null, clock.instant());
            audit.change(authentication, AuditActions.AGENCY_CREATE, "agency:" + code, code,
                    "parent " + (parentCode == null ? "-" : parentCode), () -> tree.add(created));
        } catch (AgencyRuleException e) {
            return AdminForms.invalid(LIST, model, List.of(new FormError("parent", e.key(), e.args(), 0)));
        } catch (RuntimeException e) {
            // Another administrator stored the same code between the check and the insert.
            if (DatabaseErrors.isConstraintViolation(e) && tree.byCode(code).isPresent()) {
                return AdminForms.invalid(LIST, model, List.of(FormError.of("code", "admin.error.codeTaken", code)));
            }
            throw e;
        }
        return AdminForms.done("/admin/agencies", "created", code, model);
    }

    @Get(value = "/agencies/{code}", produces = MediaType.TEXT_HTML)
    HttpResponse<?> one(String code, HttpRequest<?> request, Authentication authentication) {
        Map<String, Object> model = AdminForms.model(request, "agencies");
        Optional<Agency> agency = tree.byCode(code);
        if (agency.isEmpty()) {
            return AdminForms.notFound(model);
        }
        scope.check(authentication, agency.get(), "manage");
        return HttpResponse.ok(new ModelAndView<>(ONE, oneModel(model, authentication, agency.get(), Map.of())));
    }

    private Map<String, Object> oneModel(Map<String, Object> model, Authentication authentication, Agency agency, Map<String, Object> form) {
        Instant now = clock.instant();
        model.put("agency", agency);
        model.put("parent", agency.parentId() == null ? null : tree.byId(agency.parentId()).orElse(null));
        model.put("children", tree.children(agency.id()));
        model.put("retired", agency.retired(now));
        model.put("today", now.atZone(agency.zone()).toLocalDate().toString());
        model.put("codes", scope.outline(authentication).stream().map(n -> n.agency().code()).toList());
        model.put("national", AgencyScope.national(authentication));
        model.put("kinds", AgencyPickLists.kinds(tree, AdminForms.text(form, "kind")));
        model.put("form", form);
        return model;
    }

    @Post(value = "/agencies/{code}/rename", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> rename(String code, @Body Map<String, Object> form, Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = AdminForms.model(request, "agencies");
        Optional<Agency> found = tree.byCode(code);
        if (found.isEmpty()) {
            return AdminForms.notFound(model);
        }
        scope.check(authentication, found.get(), "manage");
        AgencyValidator.NamesResult result = AgencyValidator.names(AdminForms.text(form, "nameVi"),
                AdminForms.text(form, "nameEn"), AdminForms.text(form, "kind"));
        if (!result.ok()) {
            return AdminForms.invalid(ONE, oneModel(model, authentication, found.get(), form), errors(result.refusals()));
        }
        AgencyValidator.Names names = result.names();
        audit.change(authentication, AuditActions.AGENCY_UPDATE, "agency:" + code, code,
                "renamed: " + names.nameVi() + " / " + names.kind(),
                () -> tree.rename(found.get().id(), names.nameVi(), names.nameEn(), names.kind()));
        return AdminForms.done("/admin/agencies/" + AdminForms.enc(code), "renamed", code, model);
    }

    @Post(value = "/agencies/{code}/move", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> move(String code, @Body Map<String, Object> form, Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = AdminForms.model(request, "agencies");
        Optional<Agency> found = tree.byCode(code);
        if (found.isEmpty()) {
            return AdminForms.notFound(model);
        }
        scope.check(authentication, found.get(), "manage");
        String parentCode = AdminForms.text(form, "parent");
        Agency parent = null;
        if (parentCode != null) {
            parent = tree.byCode(parentCode).orElse(null);
            if (parent == null) {
                return AdminForms.invalid(ONE, oneModel(model, authentication, found.get(), form),
                        List.of(FormError.of("parent", "admin.error.noAgency", parentCode)));
            }
        }
        scope.checkScope(authentication, parent == null ? null : parent.id(), "move agencies under");
        try {
            Long parentId = parent == null ? null : parent.id();
            audit.change(authentication, AuditActions.AGENCY_MOVE, "agency:" + code, code,
                    "under " + (parentCode == null ? "(top level)" : parentCode), () -> tree.move(found.get().id(), parentId));
        } catch (AgencyRuleException e) {
            return AdminForms.invalid(ONE, oneModel(model, authentication, found.get(), form), List.of(new FormError("parent", e.key(), e.args(), 0)));
        }
        return AdminForms.done("/admin/agencies/" + AdminForms.enc(code), "moved", code, model);
    }

    @Post(value = "/agencies/{code}/retire", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> retire(String code, @Body Map<String, Object> form, Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = AdminForms.model(request, "agencies");
        Optional<Agency> found = tree.byCode(code);
        if (found.isEmpty()) {
            return AdminForms.notFound(model);
        }
        scope.check(authentication, found.get(), "manage");
        AgencyValidator.DateResult date = AgencyValidator.date(AgencyField.VALID_TO, AdminForms.text(form, "validTo"));
        List<FormError> errors = new ArrayList<>(errors(date.refusal() == null ? List.of() : List.of(date.refusal())));
        LocalDate lastDay = date.date();
        if (lastDay == null && errors.isEmpty()) {
            errors.add(FormError.of("validTo", "admin.error.dateRequired"));
        }
        if (!errors.isEmpty()) {
            return AdminForms.invalid(ONE, oneModel(model, authentication, found.get(), form), errors);
        }
        try {
            audit.change(authentication, AuditActions.AGENCY_RETIRE, "agency:" + code, code, "last day " + lastDay,
                    () -> tree.retire(found.get().id(), lastDay));
        } catch (AgencyRuleException e) {
            return AdminForms.invalid(ONE, oneModel(model, authentication, found.get(), form), List.of(new FormError("validTo", e.key(), e.args(), 0)));
        }
        return AdminForms.done("/admin/agencies/" + AdminForms.enc(code), "retired", code, model);
    }

    @Post(value = "/agencies/{code}/reinstate", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> reinstate(String code, Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = AdminForms.model(request, "agencies");
        Optional<Agency> found = tree.byCode(code);
        if (found.isEmpty()) {
            return AdminForms.notFound(model);
        }
        scope.check(authentication, found.get(), "manage");
        try {
            audit.change(authentication, "agency.reinstate", "agency:" + code, code, null, () -> tree.reinstate(found.get().id()));
        } catch (AgencyRuleException e) {
            return AdminForms.invalid(ONE, oneModel(model, authentication, found.get(), Map.of()), List.of(new FormError("reinstate", e.key(), e.args(), 0)));
        }
        return AdminForms.done("/admin/agencies/" + AdminForms.enc(code), "reinstated", code, model);
    }

    @Get(value = "/agencies.csv", produces = "text/csv")
    HttpResponse<String> export(Authentication authentication) {
        audit.record(authentication, AuditActions.EXPORT_CSV, "agencies.csv", scope.topAgency(authentication).map(Agency::code).orElse(null),
                AgencyScope.national(authentication) ? "all agencies" : "the agencies of the caller's scope");
        return HttpResponse.ok(csv.export(scope.outline(authentication)))
                .contentType(MediaType.of("text/csv;charset=utf-8"))
                .header("Content-Disposition", "attachment; filename=\"agencies.csv\"")
                .header("Cache-Control", "no-store");
    }

    /** The upload: a dry run ("check") or an import of the chosen file. */
    @Post(value = "/agencies/import", consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.TEXT_HTML)
    HttpResponse<?> upload(@Nullable @Part("file") CompletedFileUpload file, @Nullable @Part("mode") String mode,
                           Authentication authentication, HttpRequest<?> request) throws IOException {
        byte[] bytes = file != null && file.getSize() > 0 ? file.getBytes() : null;
        return importOrCheck(bytes, "import".equals(mode), authentication, request);
    }

    /**
     * The confirmation of a clean dry run: the page carries the checked file back (base64 in a
     * hidden field) so that nothing needs choosing twice. It is checked again in full before
     * anything is stored.
     */
    @Post(value = "/agencies/import/confirm", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> confirm(@Body Map<String, Object> form, Authentication authentication, HttpRequest<?> request) {
        String content = AdminForms.text(form, "content");
        byte[] bytes = null;
        if (content != null) {
            try {
                bytes = Base64.getDecoder().decode(content);
            } catch (IllegalArgumentException e) {
                bytes = null;
            }
        }
        return importOrCheck(bytes, true, authentication, request);
    }

    private HttpResponse<?> importOrCheck(@Nullable byte[] bytes, boolean realImport, Authentication authentication,
                                          HttpRequest<?> request) {
        Map<String, Object> model = listModel(request, authentication, Map.of());
        Long top = AgencyScope.national(authentication) ? null : AgencyScope.top(authentication);
        if (bytes == null) {
            return AdminForms.invalid(LIST, model, List.of(FormError.of("file", "admin.error.fileRequired")));
        }
        AgencyCsv.Check check;
        if (realImport) {
            try {
                byte[] file = bytes;
                check = audit.change(authentication, AuditActions.AGENCY_IMPORT, "agencies.csv", null, null, () -> csv.importAll(file, top));
            } catch (AgencyCsv.Rejected rejected) {
                check = rejected.check();
            }
        } else {
            check = csv.check(bytes, top);
        }
        model.put("check", check);
        model.put("created", check.count(AgencyCsv.Action.CREATE));
        model.put("updated", check.count(AgencyCsv.Action.UPDATE));
        model.put("unchanged", check.count(AgencyCsv.Action.UNCHANGED));
        model.put("checkErrors", check.problems().stream()
                .map(p -> new FormError("file", p.key(), p.args(), p.line())).toList());
        if (!check.ok()) {
            model.put("errorFields", List.of("file"));
            return HttpResponse.status(HttpStatus.UNPROCESSABLE_ENTITY).body(new ModelAndView<>(LIST, model));
        }
        if (realImport) {
            long changed = check.count(AgencyCsv.Action.CREATE) + check.count(AgencyCsv.Action.UPDATE);
            return AdminForms.done("/admin/agencies", "imported", Long.toString(changed), model);
        }
        model.put("csvContent", Base64.getEncoder().encodeToString(bytes));
        return HttpResponse.ok(new ModelAndView<>(LIST, model));
    }

    /** The validator's refusals as page messages (translated by the page, in the reader's language). */
    private static List<FormError> errors(List<AgencyRefusal> refusals) {
        return refusals.stream().map(r -> new FormError(r.field().formName(), r.key(), r.args(), 0)).toList();
    }
}
