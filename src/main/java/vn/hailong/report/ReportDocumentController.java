package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.account.Caller;
import vn.hailong.audit.Actor;
import vn.hailong.audit.AuditActions;
import vn.hailong.audit.AuditLog;
import vn.hailong.system.RequestLocaleResolver;

/**
 * The report document (issue 15 §1) for the dashboard's agency, survey and period parameters, as
 * Word ({@code report.docx}) or PDF ({@code report.pdf}), in the reader's language; the same scope
 * rules as every export, and on the audit log like them.
 */
@Controller("/reports/export")
@Secured({"ADMIN", "REVIEWER"})
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class ReportDocumentController {

    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    static final String PDF = "application/pdf";

    private final DashboardScope scope;
    private final ReportDocuments documents;
    private final ReportDocx docx;
    private final ReportPdf pdf;
    private final AuditLog audit;

    ReportDocumentController(DashboardScope scope, ReportDocuments documents, ReportDocx docx, ReportPdf pdf, AuditLog audit) {
        this.scope = scope;
        this.documents = documents;
        this.docx = docx;
        this.pdf = pdf;
        this.audit = audit;
    }

    @Get("/report.docx")
    HttpResponse<?> word(@Nullable @QueryValue String agency, @Nullable @QueryValue String survey,
                         @Nullable @QueryValue String period, @Nullable @QueryValue String from,
                         @Nullable @QueryValue String to, Authentication authentication, HttpRequest<?> request) {
        ReportDocument doc = build(agency, survey, period, from, to, authentication, request);
        byte[] body = docx.write(doc);
        record(doc, AuditActions.EXPORT_DOCX, authentication);
        return ExportController.download(HttpResponse.ok(body), DOCX, name(doc, "docx"));
    }

    @Get("/report.pdf")
    HttpResponse<?> pdf(@Nullable @QueryValue String agency, @Nullable @QueryValue String survey,
                        @Nullable @QueryValue String period, @Nullable @QueryValue String from,
                        @Nullable @QueryValue String to, Authentication authentication, HttpRequest<?> request) {
        ReportDocument doc = build(agency, survey, period, from, to, authentication, request);
        byte[] body = pdf.write(doc, request);
        record(doc, AuditActions.EXPORT_PDF, authentication);
        return ExportController.download(HttpResponse.ok(body), PDF, name(doc, "pdf"));
    }

    private ReportDocument build(@Nullable String agency, @Nullable String survey, @Nullable String period, @Nullable String from,
                                 @Nullable String to, Authentication authentication, HttpRequest<?> request) {
        Caller caller = Caller.of(authentication).orElseThrow();
        DashboardScope.Resolved resolved = scope.resolve(caller, ReportParameters.of(agency, survey, from, to).withPeriod(period), null, null);
        return documents.build(resolved.agency(), resolved.query(), RequestLocaleResolver.language(request), scope.today());
    }

    /** Like every export: who took which report, for which scope and period, goes on the record. */
    private void record(ReportDocument doc, String action, Authentication authentication) {
        Dashboard d = doc.dashboard();
        audit.record(Actor.of(authentication), action, "agency:" + d.agency().code(), "report survey=" + d.survey()
                + " period=" + d.period().label() + " lang=" + doc.lang() + " responses=" + d.report().responses()
                + " annex=" + doc.annex().size());
    }

    private static String name(ReportDocument doc, String format) {
        return ExportController.fileName("report", doc.agency().code(), doc.dashboard().period(), format);
    }
}
