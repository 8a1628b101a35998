package vn.hailong.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.views.ModelAndView;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyScope;
import vn.hailong.agency.AgencyTree;
import io.micronaut.security.authentication.Authentication;
import vn.hailong.system.PageModel;

import java.net.URI;
import java.time.Instant;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What every admin page does alike: read form fields, re-render with problems, redirect after success. */
final class AdminForms {

    /** The confirmations a page shows after a redirect (?done=...); anything else is ignored. */
    static final Set<String> DONE = Set.of("created", "renamed", "moved", "retired", "reinstated", "imported",
            "password", "enabled", "disabled", "scope", "revoked", "retiredVersion", "retiredSurvey", "unlocked", "published");

    private AdminForms() {
    }

    static Map<String, Object> model(HttpRequest<?> request, String section) {
        Map<String, Object> model = PageModel.of(request);
        model.put("section", section);
        model.putIfAbsent("csrfToken", "");
        String done = request.getParameters().get("done");
        if (done != null && DONE.contains(done)) {
            model.put("done", done);
            String what = request.getParameters().get("what");
            model.put("doneWhat", what == null ? "" : what);
        }
        return model;
    }

    /**
     * The form's {@code agency} field as an agency still in service, or empty with the reason added to
     * {@code errors}: what a kiosk or an integration client is attached to. An agency outside the
     * caller's scope is a 403 (AgencyScope), whatever else is wrong with the form. {@code now}: the
     * instant the form is judged at (the app's clock bean, so a test can fix it).
     */
    static Optional<Agency> serving(Map<String, Object> form, AgencyTree agencies, AgencyScope scope,
                                    Authentication caller, List<FormError> errors, Instant now) {
        String code = text(form, "agency");
        Optional<Agency> agency = code == null ? Optional.empty() : agencies.byCode(code);
        agency.ifPresent(a -> scope.check(caller, a, "manage"));
        if (code == null) {
            errors.add(FormError.of("agency", "admin.error.agencyRequired"));
        } else if (agency.isEmpty()) {
            errors.add(FormError.of("agency", "admin.error.noAgency", code));
        } else if (agency.get().retired(now)) {
            errors.add(FormError.of("agency", "admin.error.agencyRetired", code));
            return Optional.empty();
        }
        return agency;
    }

    /** A form field, stripped; null when missing or empty. */
    static @Nullable String text(Map<String, Object> form, String name) {
        Object value = form.get(name);
        if (value instanceof List<?> list) {
            value = list.isEmpty() ? null : list.get(0);
        }
        if (value == null) {
            return null;
        }
        String text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }

    /** A form field exactly as typed (passwords: spaces count). */
    static @Nullable String raw(Map<String, Object> form, String name) {
        Object value = form.get(name);
        if (value instanceof List<?> list) {
            value = list.isEmpty() ? null : list.get(0);
        }
        return value == null || value.toString().isEmpty() ? null : value.toString();
    }

    /** Post/Redirect/Get: 303 to the page, with the confirmation to show. */
    static MutableHttpResponse<?> done(String path, String done, String what, Map<String, Object> model) {
        String query = "done=" + done + "&what=" + enc(what) + "&lang=" + model.get("lang");
        return HttpResponse.seeOther(URI.create(path + (path.contains("?") ? "&" : "?") + query));
    }

    static MutableHttpResponse<?> invalid(String view, Map<String, Object> model, List<FormError> errors) {
        model.put("errors", errors);
        model.put("errorFields", errors.stream().map(FormError::field).toList());
        return HttpResponse.status(HttpStatus.UNPROCESSABLE_ENTITY).body(new ModelAndView<>(view, model));
    }

    static MutableHttpResponse<?> notFound(Map<String, Object> model) {
        return HttpResponse.status(HttpStatus.NOT_FOUND).body(new ModelAndView<>("system/not-found", model));
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
