package vn.hailong.audit;

import java.time.Clock;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.io.Writable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
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
import vn.hailong.system.QueryValues;
import vn.hailong.system.FieldError;
import vn.hailong.system.PageModel;
import vn.hailong.system.RequestLocaleResolver;

import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin's view of the audit log: filter by day, action and actor; verify the hash chain;
 * export as CSV. Verifying and exporting are audited themselves.
 */
@Controller("/admin")
@Secured("NATIONAL_ADMIN") // = agency.AgencyScope.NATIONAL (audit may not depend on agency): the national administrator only
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class AuditPageController {

    private static final int PAGE_SIZE = 50;
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final AuditSearch search;
    private final AuditVerifier verifier;
    private final AuditLog audit;
    private final ZoneId zone;

    private final Clock clock;

    AuditPageController(AuditSearch search, AuditVerifier verifier, AuditLog audit,
                        @Value("${hailong.default-time-zone:Asia/Ho_Chi_Minh}") String zone, Clock clock) {
        this.clock = clock;
        this.search = search;
        this.verifier = verifier;
        this.audit = audit;
        this.zone = ZoneId.of(zone);
    }

    /** One row as the page shows it: local time, everything else as stored. */
    record Line(long seq, String at, String actor, @Nullable String role, @Nullable Long agencyId, String action,
                @Nullable String target, @Nullable String details) {
    }

    @Get(value = "/audit", produces = MediaType.TEXT_HTML)
    HttpResponse<?> page(@Nullable @QueryValue String from, @Nullable @QueryValue String to,
                         @Nullable @QueryValue String action, @Nullable @QueryValue String actor,
                         @Nullable @QueryValue String page, HttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        model.put("from", blankToEmpty(from));
        model.put("to", blankToEmpty(to));
        model.put("action", blankToEmpty(action));
        model.put("actor", blankToEmpty(actor));
        model.put("zone", zone.getId());
        search.latest(AuditActions.AUDIT_VERIFY).ifPresent(row -> model.put("lastCheck", lastCheck(row)));
        List<FieldError> errors = new ArrayList<>();
        AuditFilter filter = filter(from, to, action, actor, errors);
        int number = QueryValues.page("page", page, errors);
        if (!errors.isEmpty()) {
            model.put("problems", errors);
            return HttpResponse.status(HttpStatus.BAD_REQUEST).body(new ModelAndView<>("audit/audit", model));
        }
        AuditSearch.Page found = search.find(filter, zone, number, PAGE_SIZE);
        model.put("lines", found.rows().stream().map(this::line).toList());
        model.put("total", found.total());
        model.put("page", number);
        model.put("hasPrevious", number > 1);
        model.put("hasNext", found.hasNext());
        model.put("query", query(from, to, action, actor));
        return HttpResponse.ok(new ModelAndView<>("audit/audit", model));
    }

    /** Walks the whole chain, keeps the outcome in the log itself, and shows it on the page (Post/Redirect/Get). */
    @Post(value = "/audit/verify", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> verify(Authentication authentication, HttpRequest<?> request) {
        ChainCheck check = verifier.verify();
        String details = check.intact()
                ? "intact; rows=" + check.rowsChecked() + "; head=" + check.headSeq()
                : "broken; seq=" + check.firstBrokenSeq() + "; problem=" + check.problem() + "; rows=" + check.rowsChecked()
                        + "; head=" + check.headSeq();
        audit.record(Actor.of(authentication), AuditActions.AUDIT_VERIFY, "audit-log", details);
        return HttpResponse.seeOther(URI.create("/admin/audit?lang=" + RequestLocaleResolver.language(request)));
    }

    @Get("/audit.csv")
    HttpResponse<?> csv(@Nullable @QueryValue String from, @Nullable @QueryValue String to,
                        @Nullable @QueryValue String action, @Nullable @QueryValue String actor,
                        Authentication authentication) {
        List<FieldError> errors = new ArrayList<>();
        AuditFilter filter = filter(from, to, action, actor, errors);
        if (!errors.isEmpty()) {
            StringBuilder text = new StringBuilder();
            errors.forEach(e -> text.append(e.field()).append(' ').append(e.message()).append('\n'));
            return HttpResponse.badRequest(text.toString()).contentType(MediaType.TEXT_PLAIN_TYPE);
        }
        audit.record(Actor.of(authentication), AuditActions.AUDIT_EXPORT, "audit-log",
                "from=" + blankToEmpty(from) + "; to=" + blankToEmpty(to) + "; action=" + blankToEmpty(action)
                        + "; actor=" + blankToEmpty(actor));
        Writable body = writer -> {
            writer.write('\uFEFF');
            writer.write("seq,at_utc,actor,actor_role,actor_agency_id,action,target,details,prev_hash,hash\r\n");
            search.each(filter, zone, row -> {
                try {
                    writer.write(AuditCsv.line(row));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        };
        String name = "audit-log-" + LocalDate.now(clock.withZone(zone)) + ".csv";
        return HttpResponse.ok(body)
                .contentType(new MediaType("text/csv; charset=utf-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
    }

    private Line line(AuditRow row) {
        return new Line(row.seq(), SHOWN.format(row.atIn(zone)), row.actor(), row.actorRole(), row.actorAgencyId(),
                row.action(), row.target(), row.details());
    }

    private Map<String, Object> lastCheck(AuditRow row) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("at", SHOWN.format(row.atIn(zone)) + " (" + zone.getId() + ")");
        check.put("by", row.actor());
        String details = row.details() == null ? "" : row.details();
        check.put("intact", details.startsWith("intact"));
        check.put("details", details);
        for (String part : details.split("; ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                check.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return check;
    }

    private static AuditFilter filter(String from, String to, String action, String actor, List<FieldError> errors) {
        LocalDate fromDate = QueryValues.date("from", from, errors);
        LocalDate toDate = QueryValues.date("to", to, errors);
        if (fromDate != null && toDate != null && toDate.isBefore(fromDate)) {
            errors.add(new FieldError("to", "must not be before from"));
        }
        String actionCode = blankToNull(action);
        if (actionCode != null && actionCode.length() > AuditEntry.MAX_ACTION) {
            errors.add(new FieldError("action", "must have at most " + AuditEntry.MAX_ACTION + " characters"));
        }
        String actorName = blankToNull(actor);
        if (actorName != null && actorName.length() > Actor.MAX_NAME) {
            errors.add(new FieldError("actor", "must have at most " + Actor.MAX_NAME + " characters"));
        }
        return new AuditFilter(fromDate, toDate, actionCode, actorName);
    }

    /** The filter as query parameters, for the paging links and the export link. */
    private static Map<String, String> query(String from, String to, String action, String actor) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("from", blankToEmpty(from));
        query.put("to", blankToEmpty(to));
        query.put("action", blankToEmpty(action));
        query.put("actor", blankToEmpty(actor));
        return query;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String blankToEmpty(String text) {
        return text == null ? "" : text.strip();
    }
}
