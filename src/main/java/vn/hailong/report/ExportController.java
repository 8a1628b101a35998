package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.account.Caller;
import vn.hailong.account.Role;
import vn.hailong.audit.Actor;
import vn.hailong.audit.AuditActions;
import vn.hailong.audit.AuditLog;
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.RequestLocaleResolver;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Downloads of what the dashboard shows, for the same agency, survey and period parameters as
 * {@code /reports}: figures, ranking and comments as CSV (UTF-8 with BOM) or XLSX, and, for
 * admins, every raw response as streamed CSV. File names carry the agency code and period.
 */
@Controller("/reports/export")
@Secured({"ADMIN", "REVIEWER"})
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class ExportController {

    static final String CSV = "text/csv; charset=utf-8";
    /** The media type alone, for {@code produces} and OpenAPI. */
    static final String CSV_TYPE = "text/csv";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** Comments beyond this many are left out of one download (the page says how many there are). */
    static final int MAX_COMMENTS = 100_000;

    private final Dashboards dashboards;
    private final DashboardScope scope;
    private final ExportTables tables;
    private final CommentReports comments;
    private final AgencyChoices choices;
    private final RawResponseExport raw;
    private final AuditLog audit;

    ExportController(Dashboards dashboards, DashboardScope scope, ExportTables tables, CommentReports comments,
                     AgencyChoices choices, RawResponseExport raw, AuditLog audit) {
        this.audit = audit;
        this.dashboards = dashboards;
        this.scope = scope;
        this.tables = tables;
        this.comments = comments;
        this.choices = choices;
        this.raw = raw;
    }

    @Get("/{what}.{format}")
    HttpResponse<?> export(@PathVariable String what, @PathVariable String format,
                           @Nullable @QueryValue String agency, @Nullable @QueryValue String survey,
                           @Nullable @QueryValue String period, @Nullable @QueryValue String from,
                           @Nullable @QueryValue String to, @Nullable @QueryValue String sort,
                           @Nullable @QueryValue String dir, @Nullable @QueryValue String q,
                           Authentication authentication, HttpRequest<?> request) {
        if (!format.equals("csv") && !format.equals("xlsx")) {
            throw ApiProblemException.notFound("format", "Exports are .csv or .xlsx.");
        }
        if (!List.of("figures", "ranking", "comments").contains(what)) {
            throw ApiProblemException.notFound("export", "No export named '" + what + "'.");
        }
        Caller caller = Caller.of(authentication).orElseThrow();
        String lang = RequestLocaleResolver.language(request);
        DashboardScope.Resolved resolved = scope.resolve(caller, agency, survey, period, from, to, sort, dir);
        ReportPeriod chosen = resolved.query().period();
        ExportTable table = switch (what) {
            case "figures" -> tables.figures(dashboards.build(resolved.agency(), resolved.query()), lang);
            case "ranking" -> tables.ranking(dashboards.build(resolved.agency(), resolved.query()), lang);
            default -> {
                Map<String, String> names = new HashMap<>();
                choices.of(caller).forEach(c -> names.put(c.agency().code(), c.agency().name(lang)));
                List<CommentsReport.Comment> all = new ArrayList<>();
                int page = 1;
                CommentsReport onePage;
                do {
                    onePage = comments.comments(resolved.agency(), resolved.query().survey(), chosen.from(), chosen.to(), q, page++, 1000);
                    all.addAll(onePage.comments());
                } while (!onePage.comments().isEmpty() && all.size() < Math.min(onePage.total(), MAX_COMMENTS));
                yield tables.comments(all, names, lang);
            }
        };
        String name = fileName(what, resolved.agency().code(), chosen, format);
        byte[] body = format.equals("csv") ? CsvFile.write(table) : XlsxFile.write(List.of(table));
        // Exports take data out of the system: who took what, for which scope and period, goes on the record.
        audit.record(Actor.of(authentication), format.equals("csv") ? AuditActions.EXPORT_CSV : AuditActions.EXPORT_XLSX,
                "agency:" + resolved.agency().code(), what + " survey=" + resolved.query().survey() + " period=" + chosen.label()
                        + " rows=" + table.rows().size() + (q == null || q.isBlank() ? "" : " search=" + q.strip()));
        return download(HttpResponse.ok(body), format.equals("csv") ? CSV : XLSX, name);
    }

    /** Admins only: every response of the survey in the agency subtree and period, streamed as CSV. */
    @Get("/responses.csv")
    HttpResponse<?> responses(@Nullable @QueryValue String agency, @Nullable @QueryValue String survey,
                              @Nullable @QueryValue String period, @Nullable @QueryValue String from,
                              @Nullable @QueryValue String to, Authentication authentication) {
        Caller caller = Caller.of(authentication).orElseThrow();
        // Checked here rather than with @Secured("ADMIN") so a reviewer gets the same problem+json 403 as for any export outside scope.
        if (!caller.is(Role.ADMIN)) {
            throw ApiProblemException.forbidden("Only administrators may download raw responses.");
        }
        DashboardScope.Resolved resolved = scope.resolve(caller, agency, survey, period, from, to, null, null);
        ReportPeriod chosen = resolved.query().period();
        audit.record(Actor.of(authentication), AuditActions.EXPORT_CSV, "agency:" + resolved.agency().code(),
                "responses survey=" + resolved.query().survey() + " period=" + chosen.label() + " (raw, streamed)");
        return download(HttpResponse.ok(raw.stream(resolved.agency(), resolved.query().survey(), chosen.from(), chosen.to())),
                CSV, fileName("responses", resolved.agency().code(), chosen, "csv"));
    }

    static String fileName(String what, String agencyCode, ReportPeriod period, String format) {
        String label = period.kind() == ReportPeriod.Kind.ALL ? "all" : period.label();
        return ("hailong-" + what + "-" + agencyCode + "-" + label).replaceAll("[^A-Za-z0-9._-]", "_") + "." + format;
    }

    static MutableHttpResponse<?> download(MutableHttpResponse<?> response, String type, String name) {
        return response.contentType(type)
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"; filename*=UTF-8''"
                        + URLEncoder.encode(name, StandardCharsets.UTF_8))
                .header("Cache-Control", "no-store");
    }
}
