package vn.hailong.web;

import vn.hailong.response.AnswerRefusal;
import vn.hailong.response.FieldProblem;
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
import vn.hailong.response.Channel;
import vn.hailong.response.PublicClientLimits;
import vn.hailong.response.RecordOutcome;
import vn.hailong.response.ResponseRecorder;
import vn.hailong.response.Submission;
import vn.hailong.survey.QuestionType;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.system.OffsetTimes;
import vn.hailong.system.Refusal;
import vn.hailong.system.RefusalStatus;
import vn.hailong.system.PageModel;
import vn.hailong.system.QueryValues;

import java.time.Clock;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
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
    private final Clock clock;

    QuestionnaireController(AgencyTree agencies, SurveyCatalog surveys, ResponseRecorder recorder, PublicClientLimits clientLimits, Clock clock) {
        this.clock = clock;
        this.agencies = agencies;
        this.surveys = surveys;
        this.recorder = recorder;
        this.clientLimits = clientLimits;
    }

    @Get(produces = MediaType.TEXT_HTML)
    HttpResponse<?> form(String agencyCode, String surveyCode, @Nullable @QueryValue("d") String dossier, HttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        // A retired agency offers no new questionnaire (a form opened before is refused on sending).
        Optional<Agency> agency = agencies.byCode(agencyCode).filter(a -> a.active(clock.instant()));
        // A province's own questionnaire is offered at its agencies only (issue 15).
        Optional<Questionnaire> questionnaire = agency.flatMap(a -> surveys.currentAt(surveyCode, a.id()));
        if (agency.isEmpty() || questionnaire.isEmpty()) {
            return notFound(model);
        }
        fill(model, agency.get(), questionnaire.get(), UUID.randomUUID().toString(), dossier, OffsetDateTime.now(ZoneOffset.UTC).toString(),
                Map.of(), Map.of(), List.of());
        if (dossier != null && !dossier.isBlank()) {
            // A citizen who came by a dossier's QR code and switches language still rates that dossier.
            model.put("path", request.getPath() + "?d=" + enc(dossier));
        }
        if (paged(model, questionnaire.get())) {
            showPage(model, questionnaire.get(), Map.of(), 1);
        }
        return HttpResponse.ok(new ModelAndView<>("web/questionnaire", model));
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> submit(String agencyCode, String surveyCode, @Body Map<String, Object> form, HttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        String lang = (String) model.get("lang");
        Optional<Agency> agency = agencies.byCode(agencyCode);
        Optional<Questionnaire> found = version(form)
                .flatMap(v -> surveys.version(surveyCode, v)).or(() -> surveys.current(surveyCode))
                .filter(q -> agency.isEmpty() || surveys.offeredAt(q, agency.get().id()));
        if (agency.isEmpty() || found.isEmpty()) {
            return notFound(model);
        }
        Questionnaire questionnaire = found.get();
        Map<String, List<String>> entered = answers(form, questionnaire);
        String id = single(form, "id").filter(s -> !s.isBlank()).orElse(UUID.randomUUID().toString());
        String dossier = single(form, "dossier").orElse(null);
        String startedAt = single(form, "startedAt").orElse(null);
        String go = single(form, "go").orElse(QuestionnairePages.SEND);
        QuestionnaireForm shown = QuestionnaireForm.build(questionnaire, lang, entered, Map.of());
        boolean paged = QuestionnairePages.paged(shown, questionnaire.definition().elements().size());
        if (paged && !go.equals(QuestionnairePages.SEND)) {
            // Moving between pages stores nothing: it checks the page being left (forward only) and shows the next.
            int pages = shown.sections().size();
            int current = pageNumber(single(form, "page").orElse(""), pages, 0);
            int target = pageNumber(go, pages, Math.max(current, 1));
            Map<String, FieldProblem> invalid = target > current && current >= 1 && current <= pages
                    ? pageProblems(questionnaire, entered, QuestionnairePages.codesOf(shown, current)) : Map.of();
            int showing = invalid.isEmpty() ? target : current;
            fill(model, agency.get(), questionnaire, id, dossier, startedAt, entered, invalid, List.of());
            showPage(model, questionnaire, entered, showing);
            // private: the answers are this citizen's; kept in the browser's own history so that back shows them.
            return HttpResponse.status(invalid.isEmpty() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_ENTITY)
                    .header(HttpHeaders.CACHE_CONTROL, "private").body(new ModelAndView<>("web/questionnaire", model));
        }
        URI thanks = URI.create("/s/" + enc(agencyCode) + "/" + enc(surveyCode) + "/thanks?lang=" + lang);
        if (single(form, HONEYPOT).filter(s -> !s.isEmpty()).isPresent()) {
            // Only a bot fills the hidden field: it gets the same thank-you as a person, and nothing is stored.
            return HttpResponse.seeOther(thanks);
        }
        try {
            clientLimits.check(request);
        } catch (Refusal tooMany) {
            model.put("retryMinutes", (tooMany.retryAfterSeconds() + 59) / 60);
            return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(tooMany.retryAfterSeconds()))
                    .body(new ModelAndView<>("system/too-many", model));
        }
        try {
            RecordOutcome outcome = recorder.record(submission(id, agency.get().code(), questionnaire, lang, startedAt, entered)
                    .dossier(dossier).build(clock), null);
            if (outcome == RecordOutcome.STORED) {
                clientLimits.stored(request);
            }
        } catch (Refusal problem) {
            Map<String, FieldProblem> invalid = answerProblems(problem);
            fill(model, agency.get(), questionnaire, id, dossier, startedAt, entered, invalid, generalProblems(problem));
            if (paged) {
                // The page of the first marked answer, or the review page for a problem of the whole response.
                QuestionnaireForm marked = (QuestionnaireForm) model.get("form");
                int page = invalid.keySet().stream().mapToInt(code -> QuestionnairePages.pageOf(marked, code)).filter(p -> p > 0)
                        .findFirst().orElse(marked.sections().size() + 1);
                showPage(model, questionnaire, entered, page);
            }
            HttpStatus status = problem.kind() == Refusal.Kind.UNAVAILABLE ? HttpStatus.UNPROCESSABLE_ENTITY : RefusalStatus.of(problem);
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
    static Map<String, FieldProblem> answerProblems(Refusal problem) {
        return problem instanceof AnswerRefusal answers ? answers.byQuestion() : Map.of();
    }

    /**
     * The problems of the whole response, shown above the form as {@code form.problem.<name>}:
     * nothing rated, a dossier rated before, or the envelope field refused (id, survey, version...).
     */
    static List<String> generalProblems(Refusal problem) {
        if (problem instanceof AnswerRefusal answers) {
            return answers.nothingRated() ? List.of("answers") : List.of();
        }
        if (problem.code().equals("dossier.rated")) {
            return List.of("dossierRated");
        }
        return problem.reasons().stream().map(Refusal.Reason::field).toList();
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
        model.put("paged", false);
        model.put("shown", form.sections());
    }

    private static boolean paged(Map<String, Object> model, Questionnaire questionnaire) {
        return QuestionnairePages.paged((QuestionnaireForm) model.get("form"), questionnaire.definition().elements().size());
    }

    /**
     * Narrows a filled model to one page (1-based; pages + 1 is the review page): its section,
     * the other pages' answers as hidden fields, the progress, the buttons' targets, the time
     * estimate on the first page and the answers on the review page.
     */
    static void showPage(Map<String, Object> model, Questionnaire questionnaire, Map<String, List<String>> entered, int page) {
        QuestionnaireForm form = (QuestionnaireForm) model.get("form");
        int pages = form.sections().size();
        boolean review = page > pages;
        List<QuestionnaireForm.Section> shown = review ? List.of() : List.of(form.sections().get(page - 1));
        model.put("paged", true);
        model.put("shown", shown);
        model.put("page", page);
        model.put("pages", pages);
        model.put("review", review);
        model.put("previous", page - 1);
        model.put("next", page + 1);
        model.put("carried", QuestionnairePages.carried(form, shown, entered));
        // The language switch is a button of this form, so that the answers go with it.
        model.put("langInForm", true);
        if (page == 1) {
            model.put("estimate", QuestionnairePages.estimate(form));
        }
        if (review) {
            model.put("reviewParts", QuestionnairePages.review(form));
        }
        List<QuestionnaireForm.Item> marked = shown.stream().flatMap(s -> s.items().stream()).filter(QuestionnaireForm.Item::invalid).toList();
        model.put("invalidItems", marked);
        model.put("invalidCount", marked.size());
    }

    /** The rules' problems with the answers of one page's questions (the whole response is checked when sent). */
    private static Map<String, FieldProblem> pageProblems(Questionnaire questionnaire, Map<String, List<String>> entered, java.util.Set<String> codes) {
        Map<String, FieldProblem> invalid = new LinkedHashMap<>();
        ResponseRecorder.answerProblems(questionnaire, answerNodes(questionnaire, entered)).ifPresent(refused ->
                refused.byQuestion().forEach((code, problem) -> {
                    if (codes.contains(code)) {
                        invalid.put(code, problem);
                    }
                }));
        return invalid;
    }

    /** A page number from a form field: 1 to pages + 1 (the review page); {@code fallback} when it is none. */
    private static int pageNumber(String text, int pages, int fallback) {
        if (QuestionnairePages.REVIEW.equals(text)) {
            return pages + 1;
        }
        // a step of this form, not a request parameter: what is not one leaves the citizen where they were
        return QueryValues.whole("page", text, fallback, 1, pages + 1, new ArrayList<>());
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

    /**
     * The form as a submission on the web channel, with the answers as the API's answer values, so
     * both go through one set of rules; the caller adds a dossier or a rating code and builds it.
     */
    static Submission.Builder submission(String id, String agencyCode, Questionnaire questionnaire, String lang,
                                         @Nullable String startedAt, Map<String, List<String>> entered) {
        return Submission.of(id, questionnaire.code(), agencyCode, Channel.WEB, answerNodes(questionnaire, entered))
                .version(questionnaire.version()).language(lang).startedAt(startedAt(startedAt));
    }

    /**
     * When the form was opened, as this page wrote it in a hidden field; a value that is not a
     * time (only a hand-edited form sends one) is no start time at all rather than a refusal the
     * citizen could do nothing about.
     */
    private static @Nullable Instant startedAt(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetTimes.parse(text.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The entered answers as the API's answer values. */
    static Map<String, JsonNode> answerNodes(Questionnaire questionnaire, Map<String, List<String>> entered) {
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
        return answers;
    }

    static Optional<String> single(Map<String, Object> form, String name) {
        Object value = form.get(name);
        if (value instanceof Iterable<?> many) {
            var it = many.iterator();
            return it.hasNext() ? Optional.of(String.valueOf(it.next())) : Optional.empty();
        }
        return Optional.ofNullable(value).map(String::valueOf);
    }

    /**
     * The survey version the form was drawn for (its hidden field {@code version}); empty when it
     * is absent or no version number, and the current version is answered.
     */
    static Optional<Integer> version(Map<String, Object> form) {
        int version = QueryValues.whole("version", single(form, "version").orElse(null), 0, 1, Integer.MAX_VALUE, new ArrayList<>());
        return version == 0 ? Optional.empty() : Optional.of(version);
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
