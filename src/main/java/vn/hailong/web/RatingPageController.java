package vn.hailong.web;

import java.time.Clock;

import vn.hailong.response.FieldProblem;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.dossier.RatingCodeGuard;
import vn.hailong.dossier.RatingCodes;
import vn.hailong.response.ResponseRecorder;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.system.Refusal;
import vn.hailong.system.PageModel;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The receipt's link {@code /r/{ratingCode}} (issue 13 §3): the agency's one-stop rating with the
 * dossier's procedure, counter and officer attached, then an offer of the full SIPAS
 * questionnaire. A used code shows "already rated" and stores nothing, an unknown one a 404 page;
 * both count against the address's guessing limit (per copy, as the other public limits).
 */
@Controller("/r/{code}")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class RatingPageController {

    static final String SURVEY = "one-stop-rating";
    static final String FULL_SURVEY = "sipas-2017";

    private final RatingCodes codes;
    private final AgencyTree agencies;
    private final SurveyCatalog surveys;
    private final ResponseRecorder recorder;
    private final RatingCodeGuard guard;

    private final Clock clock;

    RatingPageController(RatingCodes codes, AgencyTree agencies, SurveyCatalog surveys, ResponseRecorder recorder,
                         RatingCodeGuard guard, Clock clock) {
        this.clock = clock;
        this.codes = codes;
        this.agencies = agencies;
        this.surveys = surveys;
        this.recorder = recorder;
        this.guard = guard;
    }

    @Get(produces = MediaType.TEXT_HTML)
    HttpResponse<?> form(String code, HttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        Optional<HttpResponse<?>> tooMany = tooMany(request, model);
        if (tooMany.isPresent()) {
            return tooMany.get();
        }
        Optional<RatingCodes.RatedDossier> dossier = codes.find(code);
        Optional<Agency> agency = dossier.flatMap(d -> agencies.byId(d.agencyId()));
        Optional<Questionnaire> questionnaire = surveys.current(SURVEY);
        if (dossier.isEmpty() || agency.isEmpty() || questionnaire.isEmpty()) {
            return unknown(request, model);
        }
        if (dossier.get().used()) {
            return rated(request, model, agency.get(), true);
        }
        show(model, code, dossier.get(), agency.get(), questionnaire.get(), UUID.randomUUID().toString(),
                OffsetDateTime.now(ZoneOffset.UTC).toString(), Map.of(), Map.of(), List.of());
        return HttpResponse.ok(new ModelAndView<>("web/questionnaire", model)).header("Cache-Control", "no-store");
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> submit(String code, @Body Map<String, Object> form, HttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        Optional<HttpResponse<?>> tooMany = tooMany(request, model);
        if (tooMany.isPresent()) {
            return tooMany.get();
        }
        Optional<RatingCodes.RatedDossier> dossier = codes.find(code);
        Optional<Agency> agency = dossier.flatMap(d -> agencies.byId(d.agencyId()));
        Optional<Questionnaire> questionnaire = QuestionnaireController.version(form)
                .flatMap(v -> surveys.version(SURVEY, v)).or(() -> surveys.current(SURVEY));
        if (dossier.isEmpty() || agency.isEmpty() || questionnaire.isEmpty()) {
            return unknown(request, model);
        }
        if (QuestionnaireController.single(form, QuestionnaireController.HONEYPOT).filter(s -> !s.isEmpty()).isPresent()) {
            return HttpResponse.seeOther(URI.create("/r/" + QuestionnaireController.enc(code) + "?lang=" + model.get("lang")));
        }
        String lang = (String) model.get("lang");
        Map<String, List<String>> entered = QuestionnaireController.answers(form, questionnaire.get());
        String id = QuestionnaireController.single(form, "id").filter(s -> !s.isBlank()).orElse(UUID.randomUUID().toString());
        String startedAt = QuestionnaireController.single(form, "startedAt").orElse(null);
        try {
            // The rating code names the dossier, and so the agency: none is given.
            recorder.record(QuestionnaireController.submission(id, "", questionnaire.get(), lang, startedAt, entered)
                    .ratingCode(code).build(clock), null);
        } catch (Refusal problem) {
            if (problem.kind() == Refusal.Kind.CONFLICT) {
                return rated(request, model, agency.get(), true);
            }
            show(model, code, dossier.get(), agency.get(), questionnaire.get(), id, startedAt, entered,
                    QuestionnaireController.answerProblems(problem), List.of());
            return HttpResponse.status(HttpStatus.UNPROCESSABLE_ENTITY).body(new ModelAndView<>("web/questionnaire", model));
        }
        return HttpResponse.seeOther(URI.create("/r/" + QuestionnaireController.enc(code) + "/thanks?lang=" + lang));
    }

    @Get(value = "/thanks", produces = MediaType.TEXT_HTML)
    HttpResponse<?> thanks(String code, HttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        Optional<Agency> agency = codes.find(code).flatMap(d -> agencies.byId(d.agencyId()));
        if (agency.isEmpty()) {
            // Only ever reached by the redirect after a rating: no guess to count.
            return HttpResponse.status(HttpStatus.NOT_FOUND).body(new ModelAndView<>("web/rating-unknown", model));
        }
        return rated(request, model, agency.get(), false);
    }

    private void show(Map<String, Object> model, String code, RatingCodes.RatedDossier dossier, Agency agency, Questionnaire questionnaire,
                      String id, String startedAt, Map<String, List<String>> entered, Map<String, FieldProblem> invalid, List<String> problems) {
        QuestionnaireController.fill(model, agency, questionnaire, id, null, startedAt, entered, invalid, problems);
        model.put("action", "/r/" + QuestionnaireController.enc(code));
        model.put("ratingCode", RatingCodes.normalize(code).map(RatingCodes::grouped).orElse(code));
        model.put("procedureName", dossier.procedureName());
        model.put("counterName", dossier.counterName());
        model.put("officerName", dossier.officerName());
    }

    /** "Thank you" after the rating, or "already rated" for a used code; both offer the full questionnaire. */
    private HttpResponse<?> rated(HttpRequest<?> request, Map<String, Object> model, Agency agency, boolean already) {
        if (already) {
            miss(request);
        }
        String lang = (String) model.get("lang");
        model.put("agencyName", agency.name(lang));
        model.put("already", already);
        model.put("fullUrl", "/s/" + QuestionnaireController.enc(agency.code()) + "/" + FULL_SURVEY + "?lang=" + lang);
        return HttpResponse.ok(new ModelAndView<>("web/rated", model)).header("Cache-Control", "no-store");
    }

    private HttpResponse<?> unknown(HttpRequest<?> request, Map<String, Object> model) {
        miss(request);
        return HttpResponse.status(HttpStatus.NOT_FOUND).body(new ModelAndView<>("web/rating-unknown", model));
    }

    private void miss(HttpRequest<?> request) {
        guard.miss(request);
    }

    private Optional<HttpResponse<?>> tooMany(HttpRequest<?> request, Map<String, Object> model) {
        OptionalLong wait = guard.retryAfterSeconds(request);
        if (wait.isEmpty()) {
            return Optional.empty();
        }
        model.put("retryMinutes", (wait.getAsLong() + 59) / 60);
        return Optional.of(HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(wait.getAsLong()))
                .body(new ModelAndView<>("system/too-many", model)));
    }
}
