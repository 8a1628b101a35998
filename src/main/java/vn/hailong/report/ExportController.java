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
import vn.hailong.system.FieldError;
import vn.hailong.system.RequestLocaleResolver;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Downloads of what the dashboard shows, for the same agency, survey and period parameters as
 * {@code /reports}: figures, ranking, comments and the breakdown by a dossier dimension (with the same
 * {@code by} and filter parameters as the page) as CSV (UTF-8 with BOM) or XLSX, and, for
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
    private final DimensionBreakdowns breakdowns;

    ExportController(Dashboards dashboards, DashboardScope scope, ExportTables tables, CommentReports comments,
                     AgencyChoices choices, RawResponseExport raw, AuditLog audit, DimensionBreakdowns breakdowns) {
        this.audit = audit;
        this.breakdowns = breakdowns;
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
                           @Nullable @QueryValue String by, @Nullable @QueryValue String procedure,
                           @Nullable @QueryValue String field, @Nullable @QueryValue String counter,
                           @Nullable @QueryValue String officer, @Nullable @QueryValue String channel,
                           @Nullable @QueryValue String question, @Nullable @QueryValue String rating,
                           Authentication authentication, HttpRequest<?> request) {
        if (!format.equals("csv") && !format.equals("xlsx")) {
            throw ApiProblemException.notFound("format", "Exports are .csv or .xlsx.");
        }
        if (!List.of("figures", "ranking", "comments", "breakdown").contains(what)) {
            throw ApiProblemException.notFound("export", "No export named '" + what + "'.");
        }
        Caller caller = Caller.of(authentication).orElseThrow();
        String lang = RequestLocaleResolver.language(request);
        Dimension dimension = what.equals("breakdown") ? DashboardController.breakdownDimension(by) : null;
        ReportParameters parameters = ReportParameters.of(agency, survey, from, to).withPeriod(period);
        // Only the breakdown is narrowed by the dossier dimensions (the other exports are the dashboard's, which is not).
        DashboardScope.Resolved resolved = scope.resolve(caller, what.equals("breakdown")
                ? parameters.withDimensions(procedure, field, counter, officer, channel) : parameters, sort, dir);
        DimensionFilter filter = resolved.query().filter().dimensions();
        ReportPeriod chosen = resolved.query().period();
        ExportTable table = switch (what) {
            case "breakdown" -> tables.breakdown(breakdowns.of(resolved.agency(), resolved.query(), dimension), lang);
            case "figures" -> tables.figures(dashboards.build(resolved.agency(), resolved.query()), lang);
            case "ranking" -> tables.ranking(dashboards.build(resolved.agency(), resolved.query()), lang);
            default -> {
                Map<String, String> names = new HashMap<>();
                choices.of(caller).forEach(c -> names.put(c.agency().code(), c.agency().name(lang)));
                List<FieldError> errors = new ArrayList<>();
                String band = CommentFilter.rating(rating, errors);
                if (!errors.isEmpty()) {
                    throw ReportParameters.refusal(errors);
                }
                List<CommentsReport.Comment> all = comments.comments(resolved.agency(), new CommentFilter(resolved.query().survey(),
                        chosen.from(), chosen.to(), CommentFilter.blankToNull(q), CommentFilter.blankToNull(question), band),
                        1, MAX_COMMENTS).comments();
                yield tables.comments(all, names, lang);
            }
        };
        String name = fileName(dimension == null ? what : what + "-" + dimension.value(), resolved.agency().code(), chosen, format);
        byte[] body = format.equals("csv") ? CsvFile.write(table) : XlsxFile.write(List.of(table));
        // Exports take data out of the system: who took what, for which scope and period, goes on the record.
        audit.record(Actor.of(authentication), format.equals("csv") ? AuditActions.EXPORT_CSV : AuditActions.EXPORT_XLSX,
                "agency:" + resolved.agency().code(), what + " survey=" + resolved.query().survey() + " period=" + chosen.label()
                        + " rows=" + table.rows().size() + (q == null || q.isBlank() ? "" : " search=" + q.strip())
                        + (dimension == null ? "" : " by=" + dimension.value() + filterNote(filter))
                        + (question == null || question.isBlank() ? "" : " question=" + question.strip())
                        + (rating == null || rating.isBlank() ? "" : " rating=" + rating.strip()));
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
        DashboardScope.Resolved resolved = scope.resolve(caller, ReportParameters.of(agency, survey, from, to).withPeriod(period), null, null);
        ReportPeriod chosen = resolved.query().period();
        audit.record(Actor.of(authentication), AuditActions.EXPORT_CSV, "agency:" + resolved.agency().code(),
                "responses survey=" + resolved.query().survey() + " period=" + chosen.label() + " (raw, streamed)");
        return download(HttpResponse.ok(raw.stream(resolved.agency(), resolved.query().survey(), chosen.from(), chosen.to())),
                CSV, fileName("responses", resolved.agency().code(), chosen, "csv"));
    }

    private static String filterNote(DimensionFilter filter) {
        StringBuilder note = new StringBuilder();
        filter.parameters().forEach((name, value) -> note.append(' ').append(name).append('=').append(value));
        return note.toString();
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
