package vn.hailong.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import io.micronaut.http.HttpHeaders;
import vn.hailong.response.PublicClientLimits;
import vn.hailong.response.RecordOutcome;
import vn.hailong.response.ResponseRecorder;
import vn.hailong.survey.QuestionType;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.FieldError;
import vn.hailong.system.PageModel;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The citizen's questionnaire page (phone or touch screen): plain HTML form, posted through the
 * same {@link ResponseRecorder} as the API, then Post/Redirect/Get to a thank-you page. The
 * response id is fixed when the form opens, so a double tap or a refresh stores it once.
 */
@Controller("/s/{agencyCode}/{surveyCode}")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class QuestionnaireController {

    /** The honeypot field of the form (see questionnaire.html). */
    static final String HONEYPOT = "website";

    private final AgencyTree agencies;
    private final SurveyCatalog surveys;
    private final ResponseRecorder recorder;
    private final PublicClientLimits clientLimits;

    QuestionnaireController(AgencyTree agencies, SurveyCatalog surveys, ResponseRecorder recorder, PublicClientLimits clientLimits) {
        this.agencies = agencies;
        this.surveys = surveys;
        this.recorder = recorder;
        this.clientLimits = clientLimits;
    }

    @Get(produces = MediaType.TEXT_HTML)
    HttpResponse<?> form(String agencyCode, String surveyCode, @Nullable @QueryValue("d") String dossier, HttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        // A retired agency offers no new questionnaire (a form opened before is refused on sending).
        Optional<Agency> agency = agencies.byCode(agencyCode).filter(a -> a.active(Instant.now()));
        Optional<Questionnaire> questionnaire = surveys.current(surveyCode);
        if (agency.isEmpty() || questionnaire.isEmpty()) {
            return notFound(model);
        }
        fill(model, agency.get(), questionnaire.get(), UUID.randomUUID().toString(), dossier, OffsetDateTime.now(ZoneOffset.UTC).toString(),
                Map.of(), Map.of(), List.of());
        if (dossier != null && !dossier.isBlank()) {
            // A citizen who came by a dossier's QR code and switches language still rates that dossier.
            model.put("path", request.getPath() + "?d=" + enc(dossier));
        }
        return HttpResponse.ok(new ModelAndView<>("web/questionnaire", model));
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> submit(String agencyCode, String surveyCode, @Body Map<String, Object> form, HttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        String lang = (String) model.get("lang");
        Optional<Agency> agency = agencies.byCode(agencyCode);
        Optional<Questionnaire> found = single(form, "version").flatMap(this::number)
                .flatMap(v -> surveys.version(surveyCode, v)).or(() -> surveys.current(surveyCode));
        if (agency.isEmpty() || found.isEmpty()) {
            return notFound(model);
        }
        Questionnaire questionnaire = found.get();
        Map<String, List<String>> entered = answers(form, questionnaire);
        String id = single(form, "id").filter(s -> !s.isBlank()).orElse(UUID.randomUUID().toString());
        String dossier = single(form, "dossier").orElse(null);
        String startedAt = single(form, "startedAt").orElse(null);
        URI thanks = URI.create("/s/" + enc(agencyCode) + "/" + enc(surveyCode) + "/thanks?lang=" + lang);
        if (single(form, HONEYPOT).filter(s -> !s.isEmpty()).isPresent()) {
            // Only a bot fills the hidden field: it gets the same thank-you as a person, and nothing is stored.
            return HttpResponse.seeOther(thanks);
        }
        try {
            clientLimits.check(request);
        } catch (ApiProblemException tooMany) {
            model.put("retryMinutes", (tooMany.retryAfterSeconds() + 59) / 60);
            return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(tooMany.retryAfterSeconds()))
                    .body(new ModelAndView<>("system/too-many", model));
        }
        try {
            RecordOutcome outcome = recorder.record(submission(id, agency.get(), questionnaire, lang, dossier, startedAt, entered), null);
            if (outcome == RecordOutcome.STORED) {
                clientLimits.stored(request);
            }
        } catch (ApiProblemException problem) {
            Map<String, FieldProblem> invalid = answerProblems(problem);
            List<String> general = new ArrayList<>();
            for (FieldError error : problem.errors()) {
                if (!error.field().startsWith("answers.")) {
                    general.add(error.field());
                }
            }
            if (problem.status() == HttpStatus.CONFLICT && general.contains("dossier")) {
                general = List.of("dossierRated");
            }
            fill(model, agency.get(), questionnaire, id, dossier, startedAt, entered, invalid, general);
            HttpStatus status = problem.status().getCode() >= 500 ? HttpStatus.UNPROCESSABLE_ENTITY : problem.status();
            return HttpResponse.status(status).body(new ModelAndView<>("web/questionnaire", model));
        }
        return HttpResponse.seeOther(thanks);
    }

    @Get(value = "/thanks", produces = MediaType.TEXT_HTML)
    HttpResponse<?> thanks(String agencyCode, String surveyCode, HttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        Optional<Agency> agency = agencies.byCode(agencyCode);
        if (agency.isEmpty()) {
            return notFound(model);
        }
        model.put("agency", agency.get());
        model.put("agencyName", agency.get().name((String) model.get("lang")));
        model.put("againUrl", "/s/" + enc(agencyCode) + "/" + enc(surveyCode) + "?lang=" + model.get("lang"));
        return HttpResponse.ok(new ModelAndView<>("web/thanks", model));
    }

    /** The refusal's answer problems by question code, in the order given: what the form marks. */
    static Map<String, FieldProblem> answerProblems(ApiProblemException problem) {
        Map<String, FieldProblem> invalid = new LinkedHashMap<>();
        for (FieldError error : problem.errors()) {
            if (error.field().startsWith("answers.")) {
                invalid.put(error.field().substring("answers.".length()), FieldProblem.of(error.message()));
            }
        }
        return invalid;
    }

    static void fill(Map<String, Object> model, Agency agency, Questionnaire questionnaire, String id, @Nullable String dossier,
                       @Nullable String startedAt, Map<String, List<String>> entered, Map<String, FieldProblem> invalid, List<String> problems) {
        String lang = (String) model.get("lang");
        QuestionnaireForm form = QuestionnaireForm.build(questionnaire, lang, entered, invalid);
        model.put("form", form);
        // The error summary: one link per marked question, in page order.
        model.put("invalidItems", form.sections().stream().flatMap(s -> s.items().stream()).filter(QuestionnaireForm.Item::invalid).toList());
        model.put("agencyName", agency.name(lang));
        model.put("action", "/s/" + enc(agency.code()) + "/" + enc(questionnaire.code()));
        model.put("id", id);
        model.put("version", questionnaire.version());
        model.put("dossier", dossier == null ? "" : dossier);
        model.put("startedAt", startedAt == null ? "" : startedAt);
        model.put("invalidCount", invalid.size());
        model.put("problems", problems);
    }

    private static HttpResponse<?> notFound(Map<String, Object> model) {
        return HttpResponse.status(HttpStatus.NOT_FOUND).body(new ModelAndView<>("system/not-found", model));
    }

    /** Form fields {@code a.<code>} → entered values, in questionnaire order. */
    static Map<String, List<String>> answers(Map<String, Object> form, Questionnaire questionnaire) {
        Map<String, List<String>> entered = new LinkedHashMap<>();
        for (Map.Entry<String, Object> field : form.entrySet()) {
            if (!field.getKey().startsWith("a.")) {
                continue;
            }
            List<String> values = new ArrayList<>();
            if (field.getValue() instanceof Iterable<?> many) {
                many.forEach(v -> values.add(String.valueOf(v)));
            } else if (field.getValue() != null) {
                values.add(String.valueOf(field.getValue()));
            }
            values.removeIf(v -> v.isBlank());
            if (!values.isEmpty()) {
                entered.put(field.getKey().substring(2), values);
            }
        }
        return entered;
    }

    /** The form as an API submission, so both go through one set of rules. */
    static JsonNode submission(String id, Agency agency, Questionnaire questionnaire, String lang, @Nullable String dossier,
                                       @Nullable String startedAt, Map<String, List<String>> entered) {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> answer : entered.entrySet()) {
            String code = answer.getKey();
            var question = questionnaire.questions().get(code);
            QuestionType type = question == null ? (questionnaire.isCriterion(code) ? QuestionType.SCALE : QuestionType.TEXT) : question.type();
            List<String> values = answer.getValue();
            JsonNode node = switch (type) {
                case SCALE -> values.get(0).matches("\\d{1,2}") ? JsonNode.createNumberNode(Integer.parseInt(values.get(0)))
                        : JsonNode.createStringNode(values.get(0));
                case MULTI_CHOICE -> JsonNode.createArrayNode(values.stream().map(JsonNode::createStringNode).toList());
                default -> JsonNode.createStringNode(values.get(0));
            };
            answers.put(code, node);
        }
        Map<String, JsonNode> body = new LinkedHashMap<>();
        body.put("id", JsonNode.createStringNode(id));
        body.put("survey", JsonNode.createStringNode(questionnaire.code()));
        body.put("surveyVersion", JsonNode.createNumberNode(questionnaire.version()));
        body.put("agency", JsonNode.createStringNode(agency.code()));
        body.put("channel", JsonNode.createStringNode("web"));
        body.put("language", JsonNode.createStringNode(lang));
        if (startedAt != null && !startedAt.isBlank()) {
            body.put("startedAt", JsonNode.createStringNode(startedAt));
        }
        if (dossier != null && !dossier.isBlank()) {
            body.put("dossier", JsonNode.createStringNode(dossier));
        }
        body.put("answers", JsonNode.createObjectNode(answers));
        return JsonNode.createObjectNode(body);
    }

    static Optional<String> single(Map<String, Object> form, String name) {
        Object value = form.get(name);
        if (value instanceof Iterable<?> many) {
            var it = many.iterator();
            return it.hasNext() ? Optional.of(String.valueOf(it.next())) : Optional.empty();
        }
        return Optional.ofNullable(value).map(String::valueOf);
    }

    private Optional<Integer> number(String text) {
        try {
            return Optional.of(Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
