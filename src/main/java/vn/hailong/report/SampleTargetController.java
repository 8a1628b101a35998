package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.account.Caller;
import vn.hailong.audit.Actor;
import vn.hailong.audit.AuditLog;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.system.Refusal;

import java.time.Clock;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reviewers (for agencies in their scope) and admins enter the dossiers an agency handled in a
 * month, quarter or year; the dashboard turns them into the Slovin sample target.
 */
@Controller("/reports/targets")
@Secured({"ADMIN", "REVIEWER"})
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class SampleTargetController {

    /** More dossiers than any one-stop centre handles in a year: a typo, not a figure. */
    static final long MAX_DOSSIERS = 100_000_000L;

    /** A field of the form that was not accepted, as a message key for the page's language. */
    public record Problem(String field, String reason) {
    }

    private final SampleTargets targets;
    private final AgencyChoices choices;
    private final AgencyTree agencies;
    private final DashboardScope scope;
    private final AuditLog audit;
    private final Clock clock;

    /** Audit action of an entered dossier count: it changes what the dashboard reports as the sample target. */
    static final String AUDIT_ACTION = "sample-target.set";

    SampleTargetController(SampleTargets targets, AgencyChoices choices, AgencyTree agencies, DashboardScope scope, AuditLog audit, Clock clock) {
        this.clock = clock;
        this.audit = audit;
        this.targets = targets;
        this.choices = choices;
        this.agencies = agencies;
        this.scope = scope;
    }

    @Get(produces = MediaType.TEXT_HTML)
    HttpResponse<?> form(@Nullable @QueryValue String agency, @Nullable @QueryValue String period,
                         @Nullable @QueryValue String saved, Authentication authentication, HttpRequest<?> request) {
        Caller caller = Caller.of(authentication).orElseThrow();
        Map<String, String> values = new HashMap<>();
        values.put("agency", agency == null ? "" : agency);
        values.put("period", period == null || period.isBlank() ? ReportPeriod.quarterOf(scope.today()).label() : period);
        values.put("dossiers", "");
        Map<String, Object> model = model(caller, request, values, List.of());
        model.put("saved", saved);
        return HttpResponse.ok(new ModelAndView<>("report/targets", model));
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> save(@Body Map<String, String> form, Authentication authentication, HttpRequest<?> request) {
        Caller caller = Caller.of(authentication).orElseThrow();
        Map<String, String> values = new HashMap<>();
        for (String field : List.of("agency", "period", "dossiers")) {
            values.put(field, form.getOrDefault(field, "") == null ? "" : form.getOrDefault(field, "").strip());
        }
        List<Problem> problems = new ArrayList<>();
        HttpStatus status = HttpStatus.BAD_REQUEST;
        Agency agency = agencies.byCode(values.get("agency")).orElse(null);
        if (agency == null) {
            problems.add(new Problem("agency", "agency"));
        } else {
            try {
                scope.check(caller, agency);
            } catch (Refusal outside) {
                problems.add(new Problem("agency", "scope"));
                status = HttpStatus.FORBIDDEN;
            }
        }
        ReportPeriod period = ReportPeriod.calendar(values.get("period")).orElse(null);
        if (period == null) {
            problems.add(new Problem("period", "period"));
        }
        Long dossiers = dossiers(values.get("dossiers"));
        if (dossiers == null) {
            problems.add(new Problem("dossiers", "dossiers"));
        }
        if (!problems.isEmpty()) {
            return HttpResponse.status(status).body(new ModelAndView<>("report/targets", model(caller, request, values, problems)));
        }
        targets.save(agency.id(), period, dossiers, caller.name(), clock.instant());
        audit.record(Actor.of(authentication), AUDIT_ACTION, "agency:" + agency.code(), "period=" + period.label() + " dossiers=" + dossiers);
        String lang = vn.hailong.system.RequestLocaleResolver.language(request);
        return HttpResponse.seeOther(URI.create("/reports/targets?saved=" + encode(agency.code() + " " + period.label())
                + "&agency=" + encode(agency.code()) + "&period=" + encode(period.label()) + "&lang=" + lang));
    }

    private Map<String, Object> model(Caller caller, HttpRequest<?> request, Map<String, String> values, List<Problem> problems) {
        Map<String, Object> model = vn.hailong.system.PageModel.of(request);
        List<AgencyChoices.Choice> visible = choices.of(caller);
        model.put("username", caller.name());
        model.put("agencies", visible);
        model.put("values", values);
        model.put("problems", problems);
        model.put("invalid", problems.stream().map(Problem::field).toList());
        Map<Long, Agency> byId = new HashMap<>();
        visible.forEach(c -> byId.put(c.agency().id(), c.agency()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SampleTargets.Entry entry : targets.entries(byId.keySet(), null, null)) {
            if (rows.size() >= 100) {
                break;
            }
            Agency agency = byId.get(entry.agencyId());
            ReportPeriod period = switch (entry.kind()) {
                case MONTH -> ReportPeriod.month(java.time.YearMonth.from(entry.start()));
                case QUARTER -> ReportPeriod.quarterOf(entry.start());
                default -> ReportPeriod.year(entry.start().getYear());
            };
            rows.add(Map.of("agency", agency, "period", period.label(), "dossiers", entry.dossiers(),
                    "target", SampleTargets.slovin(entry.dossiers()), "by", entry.enteredBy(),
                    "at", entry.enteredAt())); // shown in the agency's zone, named (issue 12 item 12)
        }
        model.put("entries", rows);
        return model;
    }

    private static @Nullable Long dossiers(String text) {
        if (text == null || !text.matches("\\d{1,12}")) {
            return null;
        }
        long value = Long.parseLong(text);
        return value > MAX_DOSSIERS ? null : value;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
