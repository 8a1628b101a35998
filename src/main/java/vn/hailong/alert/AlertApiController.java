package vn.hailong.alert;

import vn.hailong.system.IdRefusal;
import vn.hailong.system.TokenRefusals;
import vn.hailong.system.BodyRefusals;
import vn.hailong.system.Problem;
import io.micronaut.core.annotation.Nullable;
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
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.system.ApiProblemException;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The follow-up inbox over the API: cases, acknowledged then resolved with a note. */
@Controller("/api/v1/alerts")
@Secured({"ADMIN", "REVIEWER"})
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Follow-up")
@SecurityRequirement(name = "bearer")
@TokenRefusals
class AlertApiController {

    private static final String CASE_EXAMPLE = "{\"id\": 12, \"agency\": \"BN-X1\", \"rule\": 7, \"kind\": \"not-satisfied\", "
            + "\"status\": \"open\", \"openedAt\": \"2026-12-02T02:00:05Z\", \"deadline\": \"2026-12-04T02:00:05Z\", "
            + "\"overdue\": false, \"owner\": null, \"responses\": 3, \"note\": null, \"figures\": \"rating=1; reason: long-wait\"}";

    private final TransactionOperations<Connection> transactions;
    private final Cases cases;
    private final CaseActions actions;
    private final AlertAccess access;
    private final AgencyTree agencies;
    private final Clock clock;

    AlertApiController(TransactionOperations<Connection> transactions, Cases cases, CaseActions actions, AlertAccess access,
                       AgencyTree agencies, Clock clock) {
        this.transactions = transactions;
        this.cases = cases;
        this.actions = actions;
        this.access = access;
        this.agencies = agencies;
        this.clock = clock;
    }

    @Get
    @Operation(summary = "Cases of an agency and the agencies below it (all the caller may see when no agency is given), newest first",
            responses = @ApiResponse(responseCode = "200", description = "cases", content = @Content(examples = @ExampleObject(value = "[" + CASE_EXAMPLE + "]"))))
    @ApiResponse(responseCode = "400", description = "status is not open, acknowledged or resolved", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/400", "title": "Bad Request", "status": 400, "detail": "must be open, acknowledged or resolved",
      "errors": [{"field": "status", "message": "must be open, acknowledged or resolved"}]}""")))
    @ApiResponse(responseCode = "404", description = "No agency with the code given", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "No agency with code 'BN-X9'.",
      "errors": [{"field": "agency", "message": "No agency with code 'BN-X9'."}]}""")))
    List<CaseView> list(@Nullable @QueryValue String agency, @Nullable @QueryValue String status, Authentication authentication) {
        if (status != null && !List.of(AlertCase.OPEN, AlertCase.ACKNOWLEDGED, AlertCase.RESOLVED).contains(status)) {
            throw ApiProblemException.badRequest("status", "must be open, acknowledged or resolved");
        }
        Long scope = access.scope(authentication);
        if (agency != null && !agency.isBlank()) {
            Agency chosen = agencies.byCode(agency).orElseThrow(() ->
                    ApiProblemException.notFound("agency", "No agency with code '" + agency + "'."));
            access.check(authentication, chosen);
            scope = chosen.id();
        }
        Long within = scope;
        Instant now = clock.instant();
        return transactions.executeRead(s -> cases.list(s.getConnection(), within, status)).stream()
                .map(c -> CaseView.of(c, now)).toList();
    }

    @Get("/{id}")
    @Operation(summary = "One case with the ids of its linked responses (the first 1000)")
    @ApiResponse(responseCode = "200", description = "The case and its responses", content = @Content(examples = @ExampleObject(value = "{\"alert\": "
            + CASE_EXAMPLE + ", \"responseIds\": [\"0b6f3c1e-5d2a-4f7e-9a41-6c2d8e1f0a37\", \"5e0c9b7d-2a41-4c3e-8f16-9b0a7d3e2c58\"]}")))
    @ApiResponse(responseCode = "404", description = "No case with that id the caller may see", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "Không có cảnh báo số 71.",
      "errors": [{"field": "id", "message": "Không có cảnh báo số 71."}]}""")))
    @IdRefusal
    CaseDetail show(@PathVariable long id, Authentication authentication) {
        AlertCase found = actions.visible(id, authentication);
        List<String> responses = transactions.executeRead(s -> cases.responseIds(s.getConnection(), id, 1000));
        return new CaseDetail(CaseView.of(found, clock.instant()), responses);
    }

    @Post("/{id}:acknowledge")
    @Operation(summary = "Acknowledge an open case: the caller becomes its owner",
            responses = @ApiResponse(responseCode = "200", description = "acknowledged", content = @Content(examples = @ExampleObject(value = CASE_EXAMPLE))))
    @ApiResponse(responseCode = "404", description = "No case with that id the caller may see", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "Không có cảnh báo số 71.",
      "errors": [{"field": "id", "message": "Không có cảnh báo số 71."}]}""")))
    @ApiResponse(responseCode = "409", description = "The case is no longer open; nothing changed", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/409", "title": "Conflict", "status": 409, "detail": "Cảnh báo này không còn ở trạng thái mới (có thể người khác vừa tiếp nhận); không có gì thay đổi.",
      "errors": [{"field": "status", "message": "Cảnh báo này không còn ở trạng thái mới (có thể người khác vừa tiếp nhận); không có gì thay đổi."}]}""")))
    @IdRefusal
    CaseView acknowledge(@PathVariable long id, Authentication authentication) {
        return CaseView.of(actions.acknowledge(id, authentication), clock.instant());
    }

    @Post("/{id}:resolve")
    @Operation(summary = "Resolve a case; a note saying what was done is required",
            requestBody = @RequestBody(content = @Content(examples = @ExampleObject(value = "{\"note\": \"Đã gọi lại cho công dân, bổ sung cán bộ quầy 3.\"}"))))
    @ApiResponse(responseCode = "200", description = "resolved", content = @Content(examples = @ExampleObject(value = CASE_EXAMPLE)))
    @ApiResponse(responseCode = "422", description = "No note (or one over 2000 characters), in the request's language; nothing changed",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(value = "{\"type\": \"https://hailong.vn/problems/422\", "
                    + "\"title\": \"Unprocessable Entity\", \"status\": 422, \"detail\": \"Kết quả xử lý: bắt buộc. Hãy ghi rõ đã làm gì trước khi đóng cảnh báo.\", "
                    + "\"errors\": [{\"field\": \"note\", \"message\": \"Kết quả xử lý: bắt buộc. Hãy ghi rõ đã làm gì trước khi đóng cảnh báo.\"}]}")))
    @ApiResponse(responseCode = "404", description = "No case with that id the caller may see", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "Không có cảnh báo số 71.",
      "errors": [{"field": "id", "message": "Không có cảnh báo số 71."}]}""")))
    @ApiResponse(responseCode = "409", description = "The case is already resolved; nothing changed", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/409", "title": "Conflict", "status": 409, "detail": "Cảnh báo này đã được xử lý xong; không có gì thay đổi.",
      "errors": [{"field": "status", "message": "Cảnh báo này đã được xử lý xong; không có gì thay đổi."}]}""")))
    @BodyRefusals
    CaseView resolve(@PathVariable long id, @Body Resolution body, Authentication authentication) {
        return CaseView.of(actions.resolve(id, authentication, body.note()), clock.instant());
    }

    @Serdeable
    record Resolution(@Nullable String note) {
    }

    @Serdeable
    record CaseDetail(CaseView alert, List<String> responseIds) {
    }
}
