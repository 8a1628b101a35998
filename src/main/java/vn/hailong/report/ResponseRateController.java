package vn.hailong.report;

import vn.hailong.system.Problem;
import vn.hailong.system.TokenRefusals;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import vn.hailong.account.Caller;
import vn.hailong.agency.Agency;
import vn.hailong.dossier.ServedCounts;
import vn.hailong.system.FieldError;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The response rate from the dossier system's served dossiers (issue 13 §4): dossiers returned
 * in the period, how many of them were rated by their code, and the responses dated in the period.
 */
@Controller("/api/v1/reports")
@Secured({"ADMIN", "REVIEWER"})
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Reports")
@SecurityRequirement(name = "bearer")
@TokenRefusals
@ReportRefusals
class ResponseRateController {

    private final ReportAccess access;
    private final ServedCounts served;
    private final TransactionOperations<Connection> transactions;

    ResponseRateController(ReportAccess access, ServedCounts served, TransactionOperations<Connection> transactions) {
        this.access = access;
        this.served = served;
        this.transactions = transactions;
    }

    @Serdeable
    record ResponseRate(String agency, @Nullable LocalDate from, @Nullable LocalDate to, long servedDossiers, long ratedDossiers,
                        long responses, @Nullable Double rate) {
    }

    @Get("/response-rate")
    @Operation(summary = "Served dossiers (from the dossier system), rated dossiers and responses of an agency and those below it",
            description = "servedDossiers: dossiers returned in [from, to] (return day in the agency's zone); ratedDossiers: those of "
                    + "them rated with their rating code; responses: every response dated in [from, to]; rate = ratedDossiers / "
                    + "servedDossiers (null without served dossiers). Read from rollups: purging old dossier rows changes nothing.")
    @ApiResponse(responseCode = "200", description = "The figures", content = @Content(examples = @ExampleObject(value = """
            {"agency": "BN", "from": "2026-11-01", "to": "2026-11-30", "servedDossiers": 1200, "ratedDossiers": 420,
             "responses": 515, "rate": 0.35}""")))
    ResponseRate rate(@Nullable @QueryValue String agency, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                      Authentication authentication) {
        List<FieldError> errors = new ArrayList<>();
        ReportFilter request = ReportParameters.of(agency, null, from, to).read(ReportParameters.Defaults.api(), errors);
        Agency target = access.visible("agency", request.agency(), Caller.of(authentication).orElse(null));
        ServedCounts.Counts counts = served.of(target.id(), request.from(), request.to());
        long responses = responses(target.id(), request.from(), request.to());
        Double rate = counts.served() == 0 ? null : (double) counts.rated() / counts.served();
        return new ResponseRate(target.code(), request.from(), request.to(), counts.served(), counts.rated(), responses, rate);
    }

    private long responses(long agencyId, @Nullable LocalDate from, @Nullable LocalDate to) {
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement("""
                    SELECT COUNT(*) FROM agency_closure c JOIN response r ON r.agency_id = c.descendant_id
                    WHERE c.ancestor_id = ? AND r.submitted_date >= ? AND r.submitted_date <= ? AND r.excluded_at IS NULL""")) {
                select.setLong(1, agencyId);
                select.setObject(2, from == null ? LocalDate.of(1900, 1, 1) : from);
                select.setObject(3, to == null ? LocalDate.of(9999, 12, 31) : to);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
