package vn.hailong.flag;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.audit.Actor;
import vn.hailong.system.FieldError;
import vn.hailong.system.PageModel;
import vn.hailong.system.QueryValues;
import vn.hailong.system.RequestLocaleResolver;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin's review of suspicious responses: confirm (the response leaves the figures), dismiss
 * (it stays), or revert either decision. Every decision is audited.
 */
@Controller("/admin/flags")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class FlagPageController {

    private static final int PAGE_SIZE = 50;
    private static final Set<String> STATES = Set.of("open", "confirmed", "dismissed", "all");

    private final FlagReview review;
    private final FlagDecisions decisions;

    FlagPageController(FlagReview review, FlagDecisions decisions) {
        this.review = review;
        this.decisions = decisions;
    }

    @Get(produces = MediaType.TEXT_HTML)
    HttpResponse<?> page(@Nullable @QueryValue String state, @Nullable @QueryValue String page,
                         @Nullable @QueryValue String done, HttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        String shown = state == null || state.isBlank() ? "open" : state.strip();
        model.put("state", shown);
        model.put("states", List.of("open", "confirmed", "dismissed", "all"));
        model.put("done", "1".equals(done));
        List<FieldError> problems = new ArrayList<>();
        if (!STATES.contains(shown)) {
            problems.add(new FieldError("state", "must be one of open, confirmed, dismissed, all"));
        }
        int number = QueryValues.page("page", page, problems);
        if (!problems.isEmpty()) {
            model.put("problems", problems);
            return HttpResponse.status(HttpStatus.BAD_REQUEST).body(new ModelAndView<>("flag/flags", model));
        }
        FlagReview.Page found = review.find("all".equals(shown) ? null : shown, number, PAGE_SIZE);
        model.put("items", found.items());
        model.put("total", found.total());
        model.put("page", number);
        model.put("hasPrevious", number > 1);
        model.put("hasNext", found.hasNext());
        return HttpResponse.ok(new ModelAndView<>("flag/flags", model));
    }

    @Post(value = "/{id}/confirm", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> confirm(@PathVariable String id, Authentication authentication, HttpRequest<?> request) {
        return decide(id, FlagDecisions.Decision.CONFIRM, authentication, request);
    }

    @Post(value = "/{id}/dismiss", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> dismiss(@PathVariable String id, Authentication authentication, HttpRequest<?> request) {
        return decide(id, FlagDecisions.Decision.DISMISS, authentication, request);
    }

    @Post(value = "/{id}/revert", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> revert(@PathVariable String id, Authentication authentication, HttpRequest<?> request) {
        return decide(id, FlagDecisions.Decision.REVERT, authentication, request);
    }

    private HttpResponse<?> decide(String id, FlagDecisions.Decision decision, Authentication authentication,
                                   HttpRequest<?> request) {
        long flagId;
        try {
            flagId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return problem(HttpStatus.NOT_FOUND, "id", "no such flag", request);
        }
        FlagDecisions.Outcome outcome = decisions.decide(flagId, decision, Actor.of(authentication));
        return switch (outcome) {
            case NOT_FOUND -> problem(HttpStatus.NOT_FOUND, "id", "no such flag", request);
            case NOT_ALLOWED -> problem(HttpStatus.CONFLICT, "state", "this decision does not apply to the flag's current state", request);
            case DONE -> {
                String back = request.getParameters().get("back");
                String state = back != null && STATES.contains(back) ? back : "open";
                yield HttpResponse.seeOther(URI.create("/admin/flags?state=" + URLEncoder.encode(state, StandardCharsets.UTF_8)
                        + "&done=1&lang=" + RequestLocaleResolver.language(request)));
            }
        };
    }

    private static HttpResponse<?> problem(HttpStatus status, String field, String message, HttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        model.put("path", "/admin/flags");
        model.put("state", "open");
        model.put("states", List.of("open", "confirmed", "dismissed", "all"));
        model.put("problems", List.of(new FieldError(field, message)));
        return HttpResponse.status(status).body(new ModelAndView<>("flag/flags", model));
    }
}
