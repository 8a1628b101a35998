package vn.hailong.alert;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
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
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.system.PageModel;

import java.net.URI;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The follow-up inbox (/reports/alerts) and one case (/reports/alerts/{id}, also ?case={id}, the
 * link the alert e-mails carry): server-rendered, forms without JavaScript. Acknowledging and
 * resolving go through {@link CaseActions}, as the API does: the same audit row, the same outbox event.
 */
@Controller("/reports/alerts")
@Secured({"ADMIN", "REVIEWER"})
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class AlertPageController {

    static final int LIST_LIMIT = 200;
    static final int RESPONSES_SHOWN = 50;
    /** The status filter: "unresolved" (open or acknowledged, the default) and "all" besides the three states. */
    static final List<String> STATUS_FILTERS = List.of("unresolved", AlertCase.OPEN, AlertCase.ACKNOWLEDGED, AlertCase.RESOLVED, "all");

    private final TransactionOperations<Connection> transactions;
    private final Cases cases;
    private final CaseActions actions;
    private final LinkedResponses linked;
    private final ScopeAgencies scopeAgencies;
    private final AgencyTree agencies;
    private final AlertAccess access;
    private final Clock clock;

    AlertPageController(TransactionOperations<Connection> transactions, Cases cases, CaseActions actions, LinkedResponses linked,
                        ScopeAgencies scopeAgencies, AgencyTree agencies, AlertAccess access, Clock clock) {
        this.transactions = transactions;
        this.cases = cases;
        this.actions = actions;
        this.linked = linked;
        this.scopeAgencies = scopeAgencies;
        this.agencies = agencies;
        this.access = access;
        this.clock = clock;
    }

    @Get(produces = MediaType.TEXT_HTML)
    HttpResponse<?> inbox(@Nullable @QueryValue String status, @Nullable @QueryValue String agency,
                          @Nullable @QueryValue String overdue, @Nullable @QueryValue("case") String caseId,
                          Authentication authentication, HttpRequest<?> request) {
        if (caseId != null && !caseId.isBlank()) {
            try {
                return show(Long.parseLong(caseId.strip()), null, authentication, request);
            } catch (NumberFormatException e) {
                return notFound(request);
            }
        }
        Map<String, Object> model = model(authentication, request);
        String lang = (String) model.get("lang");
        List<ScopeAgencies.Option> options = scopeAgencies.of(authentication);
        String chosenStatus = status == null || status.isBlank() ? "unresolved" : status.strip();
        String chosenAgency = agency == null ? "" : agency.strip();
        boolean overdueOnly = overdue != null && !overdue.isBlank() && !"0".equals(overdue.strip()) && !"false".equals(overdue.strip());
        model.put("agencies", options);
        model.put("statuses", STATUS_FILTERS);
        model.put("status", chosenStatus);
        model.put("agencyCode", chosenAgency);
        model.put("overdueOnly", overdueOnly);
        if (!STATUS_FILTERS.contains(chosenStatus)) {
            return refused(model, "alert/inbox", HttpStatus.BAD_REQUEST, AlertRefusal.of("status", "status.filter"));
        }
        Long scope = access.scope(authentication);
        if (!chosenAgency.isEmpty()) {
            Agency chosen = agencies.byCode(chosenAgency).orElse(null);
            if (chosen == null) {
                return refused(model, "alert/inbox", HttpStatus.NOT_FOUND, AlertRefusal.of("agency", "agency.unknown", chosenAgency));
            }
            if (!access.sees(authentication, chosen.id())) {
                return refused(model, "alert/inbox", HttpStatus.FORBIDDEN, AlertRefusal.of("agency", "agency.outOfScope", chosenAgency));
            }
            scope = chosen.id();
        }
        List<String> statuses = switch (chosenStatus) {
            case "unresolved" -> List.of(AlertCase.OPEN, AlertCase.ACKNOWLEDGED);
            case "all" -> List.of();
            default -> List.of(chosenStatus);
        };
        Instant now = clock.instant();
        Long within = scope;
        List<AlertCase> found = transactions.executeRead(s ->
                cases.list(s.getConnection(), within, statuses, overdueOnly ? now : null, LIST_LIMIT + 1));
        Map<Long, ZoneId> zones = new HashMap<>();
        options.forEach(o -> zones.put(o.agency().id(), o.agency().zone()));
        model.put("cases", found.stream().limit(LIST_LIMIT)
                .map(c -> CaseRow.of(c, zones.computeIfAbsent(c.agencyId(), this::zoneOf), lang, now)).toList());
        model.put("limited", found.size() > LIST_LIMIT);
        model.put("limit", LIST_LIMIT);
        return HttpResponse.ok(new ModelAndView<>("alert/inbox", model));
    }

    @Get(value = "/{id:[0-9]+}", produces = MediaType.TEXT_HTML)
    HttpResponse<?> one(@PathVariable long id, @Nullable @QueryValue String done, Authentication authentication,
                        HttpRequest<?> request) {
        return show(id, done, authentication, request);
    }

    @Post(value = "/{id:[0-9]+}/acknowledge", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> acknowledge(@PathVariable long id, Authentication authentication, HttpRequest<?> request) {
        try {
            actions.acknowledge(id, authentication);
        } catch (AlertRefused refused) {
            return refusedCase(id, refused, null, authentication, request);
        }
        return done(id, "acknowledged", request);
    }

    @Post(value = "/{id:[0-9]+}/resolve", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> resolve(@PathVariable long id, @Body Map<String, Object> form, Authentication authentication,
                            HttpRequest<?> request) {
        Object value = form.get("note");
        String note = value == null ? null : value.toString();
        try {
            actions.resolve(id, authentication, note);
        } catch (AlertRefused refused) {
            return refusedCase(id, refused, note, authentication, request);
        }
        return done(id, "resolved", request);
    }

    private HttpResponse<?> show(long id, @Nullable String done, Authentication authentication, HttpRequest<?> request) {
        AlertCase found;
        try {
            found = actions.visible(id, authentication);
        } catch (AlertRefused refused) {
            return notFound(request);
        }
        Map<String, Object> model = caseModel(found, authentication, request);
        if ("acknowledged".equals(done) || "resolved".equals(done)) {
            model.put("done", done);
        }
        return HttpResponse.ok(new ModelAndView<>("alert/case", model));
    }

    /** The case page again, with what was refused and what was typed; the case itself is as it is now. */
    private HttpResponse<?> refusedCase(long id, AlertRefused refused, @Nullable String note, Authentication authentication,
                                        HttpRequest<?> request) {
        if (refused.status() == HttpStatus.NOT_FOUND) {
            return notFound(request);
        }
        Map<String, Object> model = caseModel(actions.visible(id, authentication), authentication, request);
        model.put("note", note == null ? "" : note);
        model.put("errors", refused.refusals());
        model.put("errorFields", refused.refusals().stream().map(AlertRefusal::field).toList());
        return HttpResponse.status(refused.status()).body(new ModelAndView<>("alert/case", model));
    }

    private Map<String, Object> caseModel(AlertCase found, Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = model(authentication, request);
        String lang = (String) model.get("lang");
        // the language switch keeps the reader on this case, also when it was opened as ?case=
        model.put("path", "/reports/alerts/" + found.id());
        model.put("c", CaseRow.of(found, zoneOf(found.agencyId()), lang, clock.instant()));
        model.put("linked", transactions.executeRead(s -> linked.of(s.getConnection(), found.id(), lang, RESPONSES_SHOWN)));
        model.putIfAbsent("note", "");
        return model;
    }

    private Map<String, Object> model(Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        model.put("username", authentication.getName());
        return model;
    }

    private ZoneId zoneOf(long agencyId) {
        return agencies.byId(agencyId).map(Agency::zone).orElse(ZoneId.systemDefault());
    }

    private static MutableHttpResponse<?> refused(Map<String, Object> model, String view, HttpStatus status, AlertRefusal refusal) {
        model.put("errors", List.of(refusal));
        model.put("errorFields", List.of(refusal.field()));
        return HttpResponse.status(status).body(new ModelAndView<>(view, model));
    }

    private static MutableHttpResponse<?> notFound(HttpRequest<?> request) {
        return HttpResponse.status(HttpStatus.NOT_FOUND).body(new ModelAndView<>("system/not-found", PageModel.of(request)));
    }

    /** Post/Redirect/Get: back to the case, saying what was done. */
    private static MutableHttpResponse<?> done(long id, String what, HttpRequest<?> request) {
        return HttpResponse.seeOther(URI.create("/reports/alerts/" + id + "?done=" + what + "&lang=" + PageModel.of(request).get("lang")));
    }
}
