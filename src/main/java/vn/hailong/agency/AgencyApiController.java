package vn.hailong.agency;

import io.swagger.v3.oas.annotations.parameters.RequestBody;
import vn.hailong.system.TokenRefusals;
import vn.hailong.system.BodyRefusals;
import vn.hailong.system.Problem;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Content;
import io.micronaut.security.authentication.Authentication;
import vn.hailong.audit.Actor;
import vn.hailong.audit.AuditActions;
import vn.hailong.audit.AuditLog;
import io.micronaut.context.MessageSource;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.DatabaseErrors;
import vn.hailong.system.FieldError;
import vn.hailong.system.Languages;
import vn.hailong.system.RequestLocaleResolver;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

@Controller("/api/v1/agencies")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Administration")
@SecurityRequirement(name = "bearer")
@TokenRefusals
class AgencyApiController {

    static final String DEFAULT_ZONE = AgencyRules.DEFAULT_ZONE;

    private final AgencyTree tree;
    private final AgencyScope scope;
    private final AuditLog audit;
    private final MessageSource messages;
    private final Clock clock;

    AgencyApiController(AgencyTree tree, AgencyScope scope, AuditLog audit, MessageSource messages, Clock clock) {
        this.clock = clock;
        this.tree = tree;
        this.scope = scope;
        this.audit = audit;
        this.messages = messages;
    }

    @Post
    @Operation(summary = "Add an agency under a parent (or as a root)",
            description = "Refusals are worded in the request's language (lang, the language cookie or Accept-Language). "
                    + "A province administrator (an ADMIN account with an agency) adds agencies inside their subtree only: "
                    + "403 for a parent outside it or for a root.")
    @RequestBody(content = @Content(examples = @ExampleObject(value = """
            {"code": "HN-HK", "nameVi": "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm", "nameEn": "Hoan Kiem Ward Public Service Centre", "kind": "WARD", "parent": "HN", "timeZone": "Asia/Ho_Chi_Minh", "validFrom": "2025-07-01", "validTo": null}""")))
    @ApiResponse(responseCode = "201", description = "Created", content = @Content(examples = @ExampleObject(value = """
            {"code": "HN-HK", "nameVi": "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm", "nameEn": "Hoan Kiem Ward Public Service Centre", "kind": "WARD", "parent": "HN", "timeZone": "Asia/Ho_Chi_Minh"}""")))
    @ApiResponse(responseCode = "404", description = "No agency with the parent code given", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "Không có cơ quan nào có mã HN-XX.",
      "errors": [{"field": "parent", "message": "Không có cơ quan nào có mã HN-XX."}]}""")))
    @ApiResponse(responseCode = "409", description = "The code is used by another agency; nothing changed", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/409", "title": "Conflict", "status": 409, "detail": "Mã: HN-HK đã được cơ quan khác dùng.",
      "errors": [{"field": "code", "message": "Mã: HN-HK đã được cơ quan khác dùng."}]}""")))
    @ApiResponse(responseCode = "422", description = "Invalid fields, each named; nothing stored", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/422", "title": "Unprocessable Entity", "status": 422, "detail": "The request has invalid fields.",
      "errors": [{"field": "nameVi", "message": "Cần nhập tên tiếng Việt (tối đa 255 ký tự)."}, {"field": "kind", "message": "Loại: một từ viết hoa, có thể có gạch dưới, như PROVINCE, COMMUNE hoặc CENTRE."}]}""")))
    @BodyRefusals
    HttpResponse<AgencyView> create(@Body NewAgency request, Authentication authentication, HttpRequest<?> http) {
        Locale locale = Languages.toLocale(RequestLocaleResolver.language(http));
        AgencyValidator.Result result = AgencyValidator.check(new AgencyValidator.Input(request.code(), request.parent(),
                request.nameVi(), request.nameEn(), request.kind(), request.timeZone(), request.validFrom(), request.validTo()),
                DEFAULT_ZONE);
        if (!result.ok()) {
            throw ApiProblemException.invalid(result.refusals().stream()
                    .map(r -> new FieldError(r.field().formName(), text(r.key(), r.args(), locale))).toList());
        }
        AgencyValidator.Checked checked = result.checked();
        Agency parent = null;
        if (checked.parent() != null) {
            parent = tree.byCode(checked.parent()).orElseThrow(() ->
                    ApiProblemException.notFound("parent", text("admin.error.noAgency", List.of(checked.parent()), locale)));
        }
        // Under an agency of the caller's scope; a root only for the national administrator.
        scope.checkScope(authentication, parent == null ? null : parent.id(), "add agencies under");
        if (tree.byCode(checked.code()).isPresent()) {
            throw ApiProblemException.conflict("code", text("admin.error.codeTaken", List.of(checked.code()), locale));
        }
        Agency saved;
        try {
            saved = tree.add(new Agency(null, checked.code(), checked.nameVi(), checked.nameEn(), checked.kind(),
                    parent == null ? null : parent.id(), checked.timeZone(), checked.validFrom(), checked.validTo(), clock.instant()));
        } catch (AgencyRuleException e) {
            throw ApiProblemException.invalid(List.of(new FieldError("parent", text(e.key(), e.args(), locale))));
        } catch (RuntimeException e) {
            // A concurrent request stored the same code between the check above and this insert.
            if (DatabaseErrors.isConstraintViolation(e) && tree.byCode(checked.code()).isPresent()) {
                throw ApiProblemException.conflict("code", text("admin.error.codeTaken", List.of(checked.code()), locale));
            }
            throw e;
        }
        audit.record(Actor.of(authentication), AuditActions.AGENCY_CREATE, "agency:" + saved.code(),
                "parent=" + (parent == null ? "" : parent.code()) + "; via api");
        return HttpResponse.created(AgencyView.of(saved, parent));
    }

    /** A refusal in the reader's language (the language of the request: ?lang, cookie, Accept-Language). */
    private String text(String key, List<Object> args, Locale locale) {
        return messages.getMessage(key, locale, args.toArray()).orElse(key);
    }

    @Get("/{code}")
    @Operation(summary = "One agency")
    @ApiResponse(responseCode = "200", description = "The agency", content = @Content(examples = @ExampleObject(value = """
            {"code": "HN-HK", "nameVi": "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm", "nameEn": "Hoan Kiem Ward Public Service Centre", "kind": "WARD", "parent": "HN", "timeZone": "Asia/Ho_Chi_Minh"}""")))
    @ApiResponse(responseCode = "404", description = "No agency with that code", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "Không có cơ quan nào có mã HN-XX.",
      "errors": [{"field": "code", "message": "Không có cơ quan nào có mã HN-XX."}]}""")))
    AgencyView get(String code, HttpRequest<?> http, Authentication authentication) {
        Locale locale = Languages.toLocale(RequestLocaleResolver.language(http));
        Agency agency = tree.byCode(code).orElseThrow(() ->
                ApiProblemException.notFound("code", text("admin.error.noAgency", List.of(code), locale)));
        scope.check(authentication, agency, "see");
        return AgencyView.of(agency, agency.parentId() == null ? null : tree.byId(agency.parentId()).orElse(null));
    }

    @Get
    @Operation(summary = "The direct children of an agency, or the roots without ?parent",
            description = "A province administrator gets the agencies of their scope only: without ?parent, their own agency.")
    @ApiResponse(responseCode = "200", description = "The agencies", content = @Content(examples = @ExampleObject(value = """
            [{"code": "HN-HK", "nameVi": "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm", "nameEn": "Hoan Kiem Ward Public Service Centre", "kind": "WARD", "parent": "HN", "timeZone": "Asia/Ho_Chi_Minh"}]""")))
    @ApiResponse(responseCode = "404", description = "No agency with the parent code given", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "Không có cơ quan nào có mã HN-XX.",
      "errors": [{"field": "parent", "message": "Không có cơ quan nào có mã HN-XX."}]}""")))
    List<AgencyView> list(@Nullable @QueryValue String parent, HttpRequest<?> http, Authentication authentication) {
        Agency parentAgency = null;
        if (parent != null && !parent.isBlank()) {
            Locale locale = Languages.toLocale(RequestLocaleResolver.language(http));
            parentAgency = tree.byCode(parent).orElseThrow(() ->
                    ApiProblemException.notFound("parent", text("admin.error.noAgency", List.of(parent), locale)));
        }
        if (parentAgency != null) {
            scope.check(authentication, parentAgency, "see");
        } else if (!AgencyScope.national(authentication)) {
            return scope.topAgency(authentication).map(a -> List.of(AgencyView.of(a,
                    a.parentId() == null ? null : tree.byId(a.parentId()).orElse(null)))).orElse(List.of());
        }
        Agency p = parentAgency;
        return tree.children(p == null ? null : p.id()).stream().map(a -> AgencyView.of(a, p)).toList();
    }

    @Serdeable
    record NewAgency(@Nullable String code, @Nullable String nameVi, @Nullable String nameEn, @Nullable String kind,
                     @Nullable String parent, @Nullable String timeZone, @Nullable String validFrom,
                     @Nullable String validTo) {
    }
}
