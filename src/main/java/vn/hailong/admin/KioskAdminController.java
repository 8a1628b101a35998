package vn.hailong.admin;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.cookie.AccessTokenCookieConfiguration;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyScope;
import vn.hailong.agency.AgencyTree;
import vn.hailong.audit.AuditActions;
import vn.hailong.kiosk.Kiosk;
import vn.hailong.kiosk.KioskEnrolment;
import vn.hailong.kiosk.KioskRoster;

import java.time.Clock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kiosk devices: enrol (the token is shown once), revoke, and what each last reported (when it
 * was last heard from, how many answers wait in its outbox).
 */
@Controller("/admin/kiosks")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class KioskAdminController {

    private static final String LIST = "admin/kiosks";
    // The new token travels from the POST to the page that shows it in a short-lived cookie
    // limited to that page, which deletes it on the first view: Post/Redirect/Get without the
    // token in any URL, log or history, and a reload shows it no more.
    static final String NEW_TOKEN_COOKIE = "hailong_new_kiosk";
    private static final Duration NEW_TOKEN_LIFETIME = Duration.ofMinutes(2);
    private static final int MAX_LABEL = 100;

    private final KioskEnrolment enrolment;
    private final KioskRoster roster;
    private final AgencyTree agencies;
    private final AgencyScope scope;
    private final AdminAudit audit;
    private final boolean secureCookies;
    private final Clock clock;

    KioskAdminController(KioskEnrolment enrolment, KioskRoster roster, AgencyTree agencies, AgencyScope scope, AdminAudit audit,
                         AccessTokenCookieConfiguration cookies, Clock clock) {
        this.clock = clock;
        this.enrolment = enrolment;
        this.roster = roster;
        this.agencies = agencies;
        this.scope = scope;
        this.audit = audit;
        this.secureCookies = cookies.isCookieSecure().orElse(false);
    }

    @Get(produces = MediaType.TEXT_HTML)
    ModelAndView<Map<String, Object>> list(HttpRequest<?> request, Authentication authentication) {
        return new ModelAndView<>(LIST, listModel(request, authentication, Map.of()));
    }

    private Map<String, Object> listModel(HttpRequest<?> request, Authentication authentication, Map<String, Object> form) {
        Map<String, Object> model = AdminForms.model(request, "kiosks");
        Map<Long, Agency> byId = new HashMap<>();
        Instant now = clock.instant();
        List<String> activeCodes = new ArrayList<>();
        scope.outline(authentication).forEach(n -> {
            byId.put(n.agency().id(), n.agency());
            if (n.agency().active(now)) {
                activeCodes.add(n.agency().code());
            }
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Kiosk k : roster.all().stream().filter(k -> byId.containsKey(k.agencyId())).toList()) { // the caller's scope only
            Map<String, Object> row = new HashMap<>();
            row.put("kiosk", k);
            row.put("agency", byId.containsKey(k.agencyId()) ? byId.get(k.agencyId()).code() : "");
            row.put("zone", byId.containsKey(k.agencyId()) ? byId.get(k.agencyId()).timeZone() : "");
            row.put("stale", roster.stale(k, now));
            rows.add(row);
        }
        model.put("rows", rows);
        model.put("codes", activeCodes);
        model.put("staleMinutes", roster.staleAfter().toMinutes());
        model.put("form", form);
        return model;
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> enrol(@Body Map<String, Object> form, Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = listModel(request, authentication, form);
        List<FormError> errors = new ArrayList<>();
        String label = AdminForms.text(form, "label");
        if (label == null || label.length() > MAX_LABEL) {
            errors.add(FormError.of("label", "admin.error.label", MAX_LABEL));
        }
        Optional<Agency> agency = AdminForms.serving(form, agencies, scope, authentication, errors, clock.instant());
        if (!errors.isEmpty()) {
            return AdminForms.invalid(LIST, model, errors);
        }
        // The kiosk's id is known only after the insert: its audit row joins the same transaction.
        KioskEnrolment.EnrolledKiosk enrolled = audit.inTransaction(() -> {
            KioskEnrolment.EnrolledKiosk k = enrolment.enrol(agency.get(), label);
            audit.record(authentication, AuditActions.KIOSK_ENROL, "kiosk:" + k.id(), agency.get().code(), "label " + label);
            return k;
        });
        Cookie once = Cookie.of(NEW_TOKEN_COOKIE, enrolled.id() + "." + enrolled.token())
                .path("/admin/kiosks/" + enrolled.id() + "/enrolled")
                .httpOnly(true)
                .sameSite(SameSite.Strict)
                .secure(secureCookies)
                .maxAge(NEW_TOKEN_LIFETIME);
        return HttpResponse.seeOther(URI.create("/admin/kiosks/" + enrolled.id() + "/enrolled?lang=" + model.get("lang")))
                .cookie(once);
    }

    @Get(value = "/{id}/enrolled", produces = MediaType.TEXT_HTML)
    HttpResponse<?> enrolled(long id, HttpRequest<?> request, Authentication authentication) {
        Map<String, Object> model = AdminForms.model(request, "kiosks");
        Optional<Kiosk> kiosk = roster.byId(id);
        if (kiosk.isEmpty()) {
            return AdminForms.notFound(model);
        }
        scope.checkScope(authentication, kiosk.get().agencyId(), "manage kiosks of");
        model.put("kiosk", kiosk.get());
        model.put("agency", agencies.byId(kiosk.get().agencyId()).map(Agency::code).orElse(""));
        String token = request.getCookies().findCookie(NEW_TOKEN_COOKIE).map(Cookie::getValue)
                .filter(v -> v.startsWith(id + "."))
                .map(v -> v.substring(v.indexOf('.') + 1))
                .filter(t -> !kiosk.get().revoked() && enrolment.isTokenOf(id, t))
                .orElse(null);
        model.put("token", token);
        Cookie gone = Cookie.of(NEW_TOKEN_COOKIE, "").path("/admin/kiosks/" + id + "/enrolled").maxAge(0).httpOnly(true);
        return HttpResponse.ok(new ModelAndView<>("admin/kiosk-enrolled", model))
                .header("Cache-Control", "no-store")
                .cookie(gone);
    }

    /** The confirmation step before a revoke: what stops, what is lost, that it cannot be undone. */
    @Get(value = "/{id}/revoke", produces = MediaType.TEXT_HTML)
    HttpResponse<?> confirmRevoke(long id, HttpRequest<?> request, Authentication authentication) {
        Map<String, Object> model = AdminForms.model(request, "kiosks");
        Optional<Kiosk> kiosk = roster.byId(id);
        if (kiosk.isEmpty()) {
            return AdminForms.notFound(model);
        }
        scope.checkScope(authentication, kiosk.get().agencyId(), "manage kiosks of");
        if (kiosk.get().revoked()) {
            return HttpResponse.seeOther(URI.create("/admin/kiosks?lang=" + model.get("lang")));
        }
        String agency = agencies.byId(kiosk.get().agencyId())
                .map(a -> a.code() + " · " + ("en".equals(model.get("lang")) ? a.nameEn() : a.nameVi())).orElse("");
        Integer waiting = kiosk.get().waitingResponses();
        List<FormError> lines = new ArrayList<>();
        lines.add(ConfirmStep.line("admin.confirm.kiosk.stops", kiosk.get().label(), agency));
        lines.add(waiting == null
                ? ConfirmStep.line("admin.confirm.kiosk.waitingUnknown")
                : ConfirmStep.line("admin.confirm.kiosk.waiting", waiting));
        lines.add(ConfirmStep.line("admin.confirm.kiosk.kept"));
        lines.add(ConfirmStep.line("admin.confirm.kiosk.final"));
        return ConfirmStep.page(model, "admin.confirm.kiosk.title", kiosk.get().label(), "admin.kiosk.revoke",
                "/admin/kiosks/" + id + "/revoke", "/admin/kiosks", lines);
    }

    @Post(value = "/{id}/revoke", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> revoke(long id, Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = AdminForms.model(request, "kiosks");
        Optional<Kiosk> kiosk = roster.byId(id);
        if (kiosk.isEmpty()) {
            return AdminForms.notFound(model);
        }
        scope.checkScope(authentication, kiosk.get().agencyId(), "manage kiosks of");
        String agency = agencies.byId(kiosk.get().agencyId()).map(Agency::code).orElse(null);
        audit.change(authentication, AuditActions.KIOSK_REVOKE, "kiosk:" + id, agency, "label " + kiosk.get().label(),
                () -> enrolment.revoke(id));
        return AdminForms.done("/admin/kiosks", "revoked", kiosk.get().label(), model);
    }
}
