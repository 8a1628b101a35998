package vn.hailong.agency;

import io.micronaut.security.authentication.Authentication;
import vn.hailong.audit.Actor;
import vn.hailong.audit.AuditActions;
import vn.hailong.audit.AuditLog;
import io.micronaut.core.annotation.Nullable;
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

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

@Controller("/api/v1/agencies")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Administration")
@SecurityRequirement(name = "bearer")
class AgencyApiController {

    static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Kinds are free words (PROVINCE, DEPARTMENT, COMMUNE, WARD, CENTRE, COUNTER...): structures change. */
    static final Pattern KIND = Pattern.compile("[A-Z][A-Z_]{1,31}");
    static final String DEFAULT_ZONE = "Asia/Ho_Chi_Minh";

    private final AgencyTree tree;
    private final AuditLog audit;

    AgencyApiController(AgencyTree tree, AuditLog audit) {
        this.tree = tree;
        this.audit = audit;
    }

    @Post
    @Operation(summary = "Add an agency under a parent (or as a root)")
    HttpResponse<AgencyView> create(@Body NewAgency request, Authentication authentication) {
        List<FieldError> errors = new ArrayList<>();
        if (request.code() == null || !CODE.matcher(request.code()).matches()) {
            errors.add(new FieldError("code", "1 to 64 letters, digits, '.', '-' or '_', starting with a letter or digit"));
        }
        if (request.nameVi() == null || request.nameVi().isBlank() || request.nameVi().length() > 255) {
            errors.add(new FieldError("nameVi", "is required (at most 255 characters)"));
        }
        if (request.nameEn() != null && request.nameEn().length() > 255) {
            errors.add(new FieldError("nameEn", "at most 255 characters"));
        }
        String kind = request.kind() == null ? null : request.kind().strip().toUpperCase(Locale.ROOT);
        if (kind == null || !KIND.matcher(kind).matches()) {
            errors.add(new FieldError("kind", "is required: one word of letters and '_', like PROVINCE, COMMUNE, CENTRE"));
        }
        String zone = request.timeZone() == null ? DEFAULT_ZONE : request.timeZone();
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            errors.add(new FieldError("timeZone", "is not a time zone id like Asia/Ho_Chi_Minh"));
        }
        LocalDate validFrom = date(request.validFrom(), "validFrom", errors);
        LocalDate validTo = date(request.validTo(), "validTo", errors);
        if (validFrom != null && validTo != null && validTo.isBefore(validFrom)) {
            errors.add(new FieldError("validTo", "must not be before validFrom"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblemException.invalid(errors);
        }
        Agency parent = null;
        if (request.parent() != null && !request.parent().isBlank()) {
            parent = tree.byCode(request.parent()).orElseThrow(() ->
                    ApiProblemException.notFound("parent", "No agency with code '" + request.parent() + "'."));
        }
        if (tree.byCode(request.code()).isPresent()) {
            throw ApiProblemException.conflict("code", "An agency with code '" + request.code() + "' exists already.");
        }
        String nameEn = request.nameEn() == null || request.nameEn().isBlank() ? request.nameVi().strip() : request.nameEn().strip();
        Agency saved;
        try {
            saved = tree.add(new Agency(null, request.code(), request.nameVi().strip(), nameEn, kind,
                    parent == null ? null : parent.id(), zone, validFrom, validTo, Instant.now()));
        } catch (RuntimeException e) {
            // A concurrent request stored the same code between the check above and this insert.
            if (DatabaseErrors.isConstraintViolation(e) && tree.byCode(request.code()).isPresent()) {
                throw ApiProblemException.conflict("code", "An agency with code '" + request.code() + "' exists already.");
            }
            throw e;
        }
        audit.record(Actor.of(authentication), AuditActions.AGENCY_CREATE, "agency:" + saved.code(),
                "parent=" + (parent == null ? "" : parent.code()) + "; via api");
        return HttpResponse.created(AgencyView.of(saved, parent));
    }

    @Get("/{code}")
    @Operation(summary = "One agency")
    AgencyView get(String code) {
        Agency agency = tree.byCode(code).orElseThrow(() -> ApiProblemException.notFound("code", "No agency with code '" + code + "'."));
        return AgencyView.of(agency, agency.parentId() == null ? null : tree.byId(agency.parentId()).orElse(null));
    }

    @Get
    @Operation(summary = "The direct children of an agency, or the roots without ?parent")
    List<AgencyView> list(@Nullable @QueryValue String parent) {
        Agency parentAgency = null;
        if (parent != null && !parent.isBlank()) {
            parentAgency = tree.byCode(parent).orElseThrow(() -> ApiProblemException.notFound("parent", "No agency with code '" + parent + "'."));
        }
        Agency p = parentAgency;
        return tree.children(p == null ? null : p.id()).stream().map(a -> AgencyView.of(a, p)).toList();
    }

    private static LocalDate date(@Nullable String text, String field, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a date YYYY-MM-DD"));
            return null;
        }
    }

    @Serdeable
    record NewAgency(@Nullable String code, @Nullable String nameVi, @Nullable String nameEn, @Nullable String kind,
                     @Nullable String parent, @Nullable String timeZone, @Nullable String validFrom,
                     @Nullable String validTo) {
    }
}
