package vn.hailong.response;

import vn.hailong.system.BodyRefusals;
import vn.hailong.system.Problem;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import vn.hailong.account.Caller;
import vn.hailong.account.Role;
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.Refusal;
import vn.hailong.system.RefusalStatus;
import vn.hailong.system.FieldError;
import vn.hailong.system.StrictJson;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

@Controller("/api/v1")
@Secured(SecurityRule.IS_ANONYMOUS) // who may submit depends on the channel: see ResponseRecorder
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Responses")
class ResponseApiController {

    static final int MAX_BATCH = 500;

    private final ResponseRecorder recorder;
    private final SubmissionReader reader;
    private final PublicClientLimits clientLimits;
    private final StrictJson json;

    ResponseApiController(ResponseRecorder recorder, SubmissionReader reader, PublicClientLimits clientLimits, StrictJson json) {
        this.recorder = recorder;
        this.reader = reader;
        this.clientLimits = clientLimits;
        this.json = json;
    }

    @Post(value = "/responses", consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit one response (idempotent on its id)",
            description = "Channels `web` and `phone`: anyone. `kiosk`: a KIOSK token, for its agency and those below it. "
                    + "`paper`: an ADMIN token, or a DATA_ENTRY token for its agency and those below it (issue 15). "
                    + "`portal`: an ADMIN token or an integration key (its agency's subtree). A DATA_ENTRY token submits `paper` only.")
    @RequestBody(content = @Content(schema = @Schema(implementation = SubmissionDoc.class), examples = {
            @ExampleObject(name = "kiosk, sipas-2017", value = """
                    {"id": "d9abb0a5-7d6a-4f23-b15c-c21fe5342a27", "survey": "sipas-2017", "surveyVersion": 1, "agency": "BN-X1", "channel": "kiosk", "language": "vi", "startedAt": "2026-12-02T02:10:00Z", "submittedAt": "2026-12-02T02:13:40Z", "answers": {"E1.1": 4, "E1.2": 5, "E2.1": 3, "ageBand": "35-49", "comment": "Cán bộ hướng dẫn tận tình, nhưng phải chờ hơi lâu."}}"""),
            @ExampleObject(name = "paper sheet typed in (DATA_ENTRY token)", value = """
                    {"id": "5d1c0f3a-8e2b-3c41-9f6d-0a7b2c3d4e5f", "survey": "sipas-2017", "agency": "BN-X1", "channel": "paper", "submittedAt": "2026-11-18T00:00:00+07:00", "answers": {"E1.1": 4, "E2.1": 5, "improve": ["E1", "E3"]}}"""),
            @ExampleObject(name = "phone, one-stop rating of a dossier", value = """
                    {"id": "5e0c9b7d-2a41-4c3e-8f16-9b0a7d3e2c58", "survey": "one-stop-rating", "agency": "BN-X1", "channel": "web", "language": "vi", "dossier": "7K3M-Q9TX-2HPD", "answers": {"rating": 1, "reason": ["long-wait"]}}""")}))
    @ApiResponse(responseCode = "201", description = "Stored now", content = @Content(examples = @ExampleObject(value = """
            {"id": "d9abb0a5-7d6a-4f23-b15c-c21fe5342a27", "status": "stored"}""")))
    @ApiResponse(responseCode = "200", description = "Stored before with the same content (replay); nothing changed", content = @Content(examples = @ExampleObject(value = """
            {"id": "d9abb0a5-7d6a-4f23-b15c-c21fe5342a27", "status": "stored"}""")))
    @ApiResponse(responseCode = "401", description = "Channel kiosk, paper or portal without a token", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/401", "title": "Unauthorized", "status": 401, "detail": "Channel 'kiosk' needs a KIOSK token."}""")))
    @ApiResponse(responseCode = "403", description = "The token may not submit this (another channel — a DATA_ENTRY token: paper only — or an agency outside the scope of a kiosk, integration key or DATA_ENTRY token)", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/403", "title": "Forbidden", "status": 403, "detail": "Channel 'kiosk' is only for KIOSK tokens."}""")))
    @ApiResponse(responseCode = "409", description = "The id holds a different response, or the dossier was rated already; nothing stored",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = {
                @ExampleObject(name = "different content, same id", value = """
                        {"type": "https://hailong.vn/problems/409", "title": "Conflict", "status": 409, "detail": "A different response was already stored with id d9abb0a5-7d6a-4f23-b15c-c21fe5342a27.", "errors": [{"field": "id", "message": "A different response was already stored with id d9abb0a5-7d6a-4f23-b15c-c21fe5342a27."}]}"""),
                @ExampleObject(name = "dossier rated already", value = """
                        {"type": "https://hailong.vn/problems/409", "title": "Conflict", "status": 409, "detail": "This dossier has already been rated in survey one-stop-rating.", "errors": [{"field": "dossier", "message": "This dossier has already been rated in survey one-stop-rating."}]}""")}))
    @ApiResponse(responseCode = "422", description = "Invalid fields, each named in errors[] (a time before 2000-01-01 or more than 5 minutes ahead, a number out of range, no scale answer at all...), or JSON that is not strict: malformed UTF-8, a lone surrogate, a key twice in one object, anything after the object; nothing stored",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = {
                @ExampleObject(name = "answer off the scale", value = """
                        {"type": "https://hailong.vn/problems/422", "title": "Unprocessable Entity", "status": 422, "detail": "The request has invalid fields.", "errors": [{"field": "answers.E1.1", "message": "must be one of 1, 2, 3, 4, 5, or null for no answer"}]}"""),
                @ExampleObject(name = "no scale answer", value = """
                        {"type": "https://hailong.vn/problems/422", "title": "Unprocessable Entity", "status": 422, "detail": "The request has invalid fields.", "errors": [{"field": "answers", "message": "must rate at least one question on a scale (a criterion or the overall rating); an empty response is not stored"}]}""")}))
    @ApiResponse(responseCode = "429", description = "Too many submissions from this kiosk or client lately; see Retry-After", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/429", "title": "Too Many Requests", "status": 429, "detail": "Too many responses from this device or network. Try again later."}""")))
    @BodyRefusals
    HttpResponse<Receipt> submit(@Body byte[] bytes, @Nullable Authentication authentication, HttpRequest<?> request) {
        JsonNode body = json.read(bytes);
        Caller caller = Caller.of(authentication).orElse(null);
        Submission submission = readLimited(body, caller, request);
        RecordOutcome outcome = recordLimited(submission, caller, request);
        Receipt receipt = new Receipt(submission.id(), "stored");
        return outcome == RecordOutcome.STORED ? HttpResponse.created(receipt) : HttpResponse.ok(receipt);
    }

    @Post(value = "/responses:batch", consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit up to 500 responses (an offline kiosk's queue); one result per item")
    @RequestBody(content = @Content(schema = @Schema(implementation = BatchDoc.class), examples = @ExampleObject(value = """
            {"responses": [{"id": "d9abb0a5-7d6a-4f23-b15c-c21fe5342a27", "survey": "sipas-2017", "surveyVersion": 1, "agency": "BN-X1", "channel": "kiosk", "language": "vi", "startedAt": "2026-12-02T02:10:00Z", "submittedAt": "2026-12-02T02:13:40Z", "answers": {"E1.1": 4, "E1.2": 5, "E2.1": 3, "ageBand": "35-49", "comment": "Cán bộ hướng dẫn tận tình, nhưng phải chờ hơi lâu."}},
              {"id": "0b6f3c1e-5d2a-4f7e-9a41-6c2d8e1f0a37", "survey": "sipas-2017", "agency": "BN-X1", "channel": "kiosk", "answers": {"E1.1": 9}}]}""")))
    @ApiResponse(responseCode = "200", description = "One result per item, in order: stored, duplicate or rejected (with code and errors; code 429 and a Retry-After header when a public client sent too many)", content = @Content(examples = @ExampleObject(value = """
            {"results": [{"id": "d9abb0a5-7d6a-4f23-b15c-c21fe5342a27", "status": "stored"}, {"id": "0b6f3c1e-5d2a-4f7e-9a41-6c2d8e1f0a37", "status": "rejected", "code": 422, "detail": "The request has invalid fields.", "errors": [{"field": "answers.E1.1", "message": "must be one of 1, 2, 3, 4, 5, or null for no answer"}]}]}""")))
    @ApiResponse(responseCode = "401", description = "Channel kiosk or portal without a token", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/401", "title": "Unauthorized", "status": 401, "detail": "Channel 'kiosk' needs a KIOSK token."}""")))
    @ApiResponse(responseCode = "422", description = "Not a list of at most 500 responses, or JSON that is not strict (see POST /responses); nothing stored", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/422", "title": "Unprocessable Entity", "status": 422, "detail": "The request has invalid fields.",
      "errors": [{"field": "responses", "message": "at most 500 responses per batch, got 612"}]}""")))
    @BodyRefusals
    HttpResponse<BatchResult> batch(@Body byte[] bytes, @Nullable Authentication authentication, HttpRequest<?> request) {
        JsonNode body = json.read(bytes);
        JsonNode items = body == null || !body.isObject() ? null : body.get("responses");
        if (items == null || !items.isArray()) {
            throw ApiProblemException.invalid("responses", "must be a list of responses");
        }
        if (items.size() > MAX_BATCH) {
            throw ApiProblemException.invalid("responses", "at most " + MAX_BATCH + " responses per batch, got " + items.size());
        }
        Caller caller = Caller.of(authentication).orElse(null);
        // Items that count against a public client's limits go one after the other (each must see
        // the one before); the others are handed over together and may share transactions.
        List<JsonNode> list = new ArrayList<>();
        items.values().forEach(list::add);
        List<CompletableFuture<RecordOutcome>> outcomes = new ArrayList<>();
        for (JsonNode item : list) {
            try {
                outcomes.add(limited(item, caller)
                        ? CompletableFuture.completedFuture(recordLimited(readLimited(item, caller, request), caller, request))
                        : recorder.submit(reader.read(item), caller));
            } catch (Refusal refused) {
                outcomes.add(CompletableFuture.failedFuture(refused));
            }
        }
        List<ItemResult> results = new ArrayList<>();
        long retryAfter = 0;
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            JsonNode idNode = item.isObject() ? item.get("id") : null;
            String id = idNode != null && idNode.isString() ? idNode.getStringValue().toLowerCase(java.util.Locale.ROOT) : null;
            try {
                RecordOutcome outcome = ResponseRecorder.await(outcomes.get(i));
                results.add(new ItemResult(id, outcome == RecordOutcome.STORED ? "stored" : "duplicate", null, null, null));
            } catch (Refusal e) {
                if (e.retryAfterSeconds() != null) {
                    retryAfter = Math.max(retryAfter, e.retryAfterSeconds());
                }
                results.add(new ItemResult(id, "rejected", RefusalStatus.of(e).getCode(), e.getMessage(),
                        e.errors().isEmpty() ? null : e.errors()));
            }
        }
        var response = HttpResponse.status(HttpStatus.OK).body(new BatchResult(results));
        // Items refused with 429 are worth sending again: say when.
        return retryAfter > 0 ? response.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter)) : response;
    }

    /** Anonymous (and reviewer) web/phone submissions count against the per-client limits; staff channels do not. */
    private static boolean limited(JsonNode body, @Nullable Caller caller) {
        JsonNode channel = body != null && body.isObject() ? body.get("channel") : null;
        return channel != null && channel.isString()
                && Channel.fromWord(channel.getStringValue()).map(c -> limited(c, caller)).orElse(false);
    }

    private static boolean limited(Channel channel, @Nullable Caller caller) {
        return PublicClientLimits.isPublic(channel) && (caller == null || !(caller.is(Role.ADMIN) || caller.is(Role.KIOSK)));
    }

    /**
     * Reads the submission, after a public client's limits were checked: a client over its limit
     * is told so (429) before anything about its JSON.
     */
    private Submission readLimited(JsonNode body, @Nullable Caller caller, HttpRequest<?> request) {
        if (limited(body, caller)) {
            clientLimits.check(request);
        }
        return reader.read(body);
    }

    /** Records a submission read by {@link #readLimited}; a stored one counts against a public client's limits. */
    private RecordOutcome recordLimited(Submission submission, @Nullable Caller caller, HttpRequest<?> request) {
        RecordOutcome outcome = recorder.record(submission, caller);
        if (outcome == RecordOutcome.STORED && limited(submission.channel(), caller)) {
            clientLimits.stored(request);
        }
        return outcome;
    }

    @Serdeable
    record Receipt(String id, String status) {
    }

    @Serdeable
    record ItemResult(@Nullable String id, String status, @Nullable Integer code, @Nullable String detail,
                      @Nullable List<FieldError> errors) {
    }

    @Serdeable
    record BatchResult(List<ItemResult> results) {
    }

    /** Documentation shape of a batch. */
    @Serdeable
    @Schema(name = "SubmissionBatch")
    record BatchDoc(List<SubmissionDoc> responses) {
    }

    /** Documentation shape of a submission (the endpoint reads the JSON tree itself to name bad fields). */
    @Serdeable
    @Schema(name = "Submission")
    record SubmissionDoc(String id, String survey, @Nullable Integer surveyVersion, String agency, String channel,
                         @Nullable String language, @Nullable String startedAt, @Nullable String submittedAt,
                         @Nullable String dossier,
                         @Schema(description = "question code → integer on its scale, option code, list of option codes, text, or null")
                         java.util.Map<String, Object> answers) {
    }
}
