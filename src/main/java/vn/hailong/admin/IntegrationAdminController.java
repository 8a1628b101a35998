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
import vn.hailong.audit.Actor;
import vn.hailong.dossier.IntegrationClients;

import java.time.Clock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Integration clients (issue 13): add one (its key is shown once, on the page the POST redirects
 * to, carried there in a short-lived cookie as the kiosk token is), see each one's last use, revoke.
 * The same rules and audit rows as the API ({@link IntegrationClients}).
 */
@Controller("/admin/integrations")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class IntegrationAdminController {

    private static final String LIST = "admin/integrations";
    static final String NEW_KEY_COOKIE = "hailong_new_integration";
    private static final int MAX_NAME = 200;

    private final IntegrationClients clients;
    private final AgencyTree agencies;
    private final AgencyScope scope;
    private final boolean secureCookies;
    private final Clock clock;

    IntegrationAdminController(IntegrationClients clients, AgencyTree agencies, AgencyScope scope, AccessTokenCookieConfiguration cookies, Clock clock) {
        this.clock = clock;
        this.clients = clients;
        this.agencies = agencies;
        this.scope = scope;
        this.secureCookies = cookies.isCookieSecure().orElse(false);
    }

    @Get(produces = MediaType.TEXT_HTML)
    ModelAndView<Map<String, Object>> list(HttpRequest<?> request, Authentication authentication) {
        return new ModelAndView<>(LIST, listModel(request, authentication, Map.of()));
    }

    private Map<String, Object> listModel(HttpRequest<?> request, Authentication authentication, Map<String, Object> form) {
        Map<String, Object> model = AdminForms.model(request, "integrations");
        List<String> codes = new ArrayList<>();
        Map<String, String> zones = new java.util.HashMap<>();
        Instant now = clock.instant();
        scope.outline(authentication).forEach(n -> {
            // times on the page are shown in the client's agency's zone
            zones.put(n.agency().code(), n.agency().timeZone());
            if (n.agency().active(now)) {
                codes.add(n.agency().code());
            }
        });
        model.put("clients", clients.all().stream().filter(c -> zones.containsKey(c.agency())).toList()); // the caller's scope only
        model.put("zones", zones);
        model.put("codes", codes);
        model.put("form", form);
        return model;
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> create(@Body Map<String, Object> form, Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = listModel(request, authentication, form);
        List<FormError> errors = new ArrayList<>();
        String name = AdminForms.text(form, "name");
        if (name == null || name.length() > MAX_NAME) {
            errors.add(FormError.of("name", "admin.error.name", MAX_NAME));
        }
        Optional<Agency> agency = AdminForms.serving(form, agencies, scope, authentication, errors, clock.instant());
        if (!errors.isEmpty()) {
            return AdminForms.invalid(LIST, model, errors);
        }
        IntegrationClients.Created created = clients.create(name, agency.get(), Actor.of(authentication));
        Cookie once = Cookie.of(NEW_KEY_COOKIE, created.id() + "." + created.key())
                .path("/admin/integrations/" + created.id() + "/created")
                .httpOnly(true).sameSite(SameSite.Strict).secure(secureCookies).maxAge(Duration.ofMinutes(2));
        return HttpResponse.seeOther(URI.create("/admin/integrations/" + created.id() + "/created?lang=" + model.get("lang"))).cookie(once);
    }

    @Get(value = "/{id}/created", produces = MediaType.TEXT_HTML)
    HttpResponse<?> created(long id, HttpRequest<?> request, Authentication authentication) {
        Map<String, Object> model = AdminForms.model(request, "integrations");
        Optional<IntegrationClients.Client> client = clients.byId(id);
        if (client.isEmpty()) {
            return AdminForms.notFound(model);
        }
        checkClient(authentication, client.get());
        model.put("client", client.get());
        String key = request.getCookies().findCookie(NEW_KEY_COOKIE).map(Cookie::getValue)
                .filter(v -> v.startsWith(id + ".")).map(v -> v.substring(v.indexOf('.') + 1))
                .filter(k -> !client.get().revoked() && clients.isKeyOf(id, k)).orElse(null);
        model.put("key", key);
        Cookie gone = Cookie.of(NEW_KEY_COOKIE, "").path("/admin/integrations/" + id + "/created").maxAge(0).httpOnly(true);
        return HttpResponse.ok(new ModelAndView<>("admin/integration-created", model)).header("Cache-Control", "no-store").cookie(gone);
    }

    @Post(value = "/{id}/revoke", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> revoke(long id, Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = AdminForms.model(request, "integrations");
        Optional<IntegrationClients.Client> client = clients.byId(id);
        if (client.isEmpty()) {
            return AdminForms.notFound(model);
        }
        checkClient(authentication, client.get());
        clients.revoke(id, Actor.of(authentication));
        return AdminForms.done("/admin/integrations", "revoked", client.get().name(), model);
    }

    private void checkClient(Authentication authentication, IntegrationClients.Client client) {
        if (!scope.coversCode(authentication, client.agency())) {
            throw vn.hailong.system.ApiProblemException.forbidden(
                    "Outside your scope: your account may not manage integration clients of " + client.agency() + ".");
        }
    }
}
