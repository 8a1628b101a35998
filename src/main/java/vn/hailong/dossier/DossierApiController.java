package vn.hailong.dossier;

import vn.hailong.system.TokenRefusals;
import vn.hailong.system.BodyRefusals;
import vn.hailong.system.Problem;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.util.HttpHostResolver;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import vn.hailong.account.Caller;
import vn.hailong.system.ApiProblemException;

import java.util.ArrayList;
import java.util.List;

/** Served dossiers from the dossier system (issue 13 §2). */
@Controller("/api/v1")
@Secured({"ADMIN", "INTEGRATION"})
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Dossiers")
@SecurityRequirement(name = "bearer")
@TokenRefusals
class DossierApiController {

    static final int MAX_BATCH = 500;

    private final DossierIngest ingest;
    private final HttpHostResolver hosts;
    private final String publicUrl;

    DossierApiController(DossierIngest ingest, HttpHostResolver hosts, @Value("${hailong.public-url:}") @Nullable String publicUrl) {
        this.ingest = ingest;
        this.hosts = hosts;
        this.publicUrl = publicUrl == null ? "" : publicUrl.strip().replaceAll("/+$", "");
    }

    @Post(value = "/dossiers:batch", consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Send up to 500 served dossiers; one result per item, idempotent per (agency, code)",
            description = "An integration key may send dossiers of its agency and those below it. `ratingCode` (and its "
                    + "`ratingUrl`, also the target of `/qr/r/{ratingCode}.png`) appears once `returnedAt` is set; the same "
                    + "dossier sent again gets the same code. The dossier number is stored only as a keyed hash.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "one returned dossier", value = """
            {"dossiers": [{"code": "H01.23-261120-0042", "agency": "BN-X1",
              "procedure": {"code": "1.004227", "name": "Đăng ký khai sinh"}, "field": "Hộ tịch",
              "counter": "Q3", "officer": {"code": "cb-0142", "name": "Nguyễn Văn A"}, "channel": "direct",
              "receivedAt": "2026-11-20T08:10:00+07:00", "dueAt": "2026-11-22T17:00:00+07:00",
              "returnedAt": "2026-11-21T10:30:00+07:00"}]}""")))
    @ApiResponse(responseCode = "200", description = "One result per item: created, updated, unchanged or rejected (with errors)",
            content = @Content(examples = @ExampleObject(value = """
            {"results": [{"code": "H01.23-261120-0042", "status": "created", "errors": null,
              "ratingCode": "7K3M-Q9TX-2HPD", "ratingUrl": "https://hailong.example.gov.vn/r/7K3M-Q9TX-2HPD"},
             {"code": "H01.23-261120-0043", "status": "rejected", "errors": [{"field": "returnedAt", "message": "is before receivedAt"}],
              "ratingCode": null, "ratingUrl": null}]}""")))
    @ApiResponse(responseCode = "422", description = "No list of dossiers, or more than 500; nothing stored", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(value = """
            {"type": "https://hailong.vn/problems/422", "title": "Unprocessable Entity", "status": 422, "detail": "The request has invalid fields.",
      "errors": [{"field": "dossiers", "message": "at most 500 dossiers per batch, got 612"}]}""")))
    @BodyRefusals
    BatchResult batch(@Body JsonNode body, Authentication authentication, HttpRequest<?> request) {
        JsonNode items = body == null || !body.isObject() ? null : body.get("dossiers");
        if (items == null || !items.isArray()) {
            throw ApiProblemException.invalid("dossiers", "must be a list of dossiers");
        }
        if (items.size() > MAX_BATCH) {
            throw ApiProblemException.invalid("dossiers", "at most " + MAX_BATCH + " dossiers per batch, got " + items.size());
        }
        List<JsonNode> list = new ArrayList<>();
        items.values().forEach(list::add);
        String base = publicUrl.isEmpty() ? hosts.resolve(request).replaceAll("/+$", "") : publicUrl;
        List<DossierIngest.Result> results = new ArrayList<>();
        for (DossierIngest.Result r : ingest.ingest(list, Caller.of(authentication).orElse(null))) {
            results.add(r.ratingCode() == null ? r
                    : new DossierIngest.Result(r.code(), r.status(), r.errors(), r.ratingCode(), base + "/r/" + r.ratingCode()));
        }
        return new BatchResult(results);
    }

    @Serdeable
    record BatchResult(List<DossierIngest.Result> results) {
    }
}
