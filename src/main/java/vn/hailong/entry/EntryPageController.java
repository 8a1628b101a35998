package vn.hailong.entry;

import java.time.Clock;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
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
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.agency.AgencyTree;
import vn.hailong.audit.Actor;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.survey.SurveyVersion;
import vn.hailong.system.PageModel;

import java.net.URI;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The paper entry pages (/entry, issue 15): the rounds the caller may key and a form to open one;
 * a round's keying form, its counts and its mismatches; a mismatch side by side with the form a
 * third account resolves it with. Plain HTML forms with the CSRF field, Post/Redirect/Get after
 * every change, refusals per field in the page's language and nothing stored.
 */
@Controller("/entry")
@Secured({"ADMIN", "DATA_ENTRY"})
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class EntryPageController {

    private static final Set<String> DONE = Set.of("created", EntryStore.COUNTED, EntryStore.WAITING, EntryStore.MISMATCH, "resolved");

    private final DoubleKeying keying;
    private final EntryAccess access;
    private final AgencyTree agencies;
    private final SurveyCatalog surveys;

    private final Clock clock;

    EntryPageController(DoubleKeying keying, EntryAccess access, AgencyTree agencies, SurveyCatalog surveys, Clock clock) {
        this.clock = clock;
        this.keying = keying;
        this.access = access;
        this.agencies = agencies;
        this.surveys = surveys;
    }

    @Get(produces = MediaType.TEXT_HTML)
    HttpResponse<?> rounds(Authentication authentication, HttpRequest<?> request) {
        return HttpResponse.ok(new ModelAndView<>("entry/rounds", roundsModel(authentication, request, Map.of(), null)));
    }

    @Post(value = "/rounds", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> create(@Body Map<String, Object> form, Authentication authentication, HttpRequest<?> request) {
        try {
            long id = keying.createRound(form, authentication);
            return redirect("/entry/rounds/" + id + "?done=created", request);
        } catch (EntryRefused refused) {
            return HttpResponse.status(refused.status())
                    .body(new ModelAndView<>("entry/rounds", roundsModel(authentication, request, refused.typed(), refused)));
        }
    }

    @Get(value = "/rounds/{id:[0-9]+}", produces = MediaType.TEXT_HTML)
    HttpResponse<?> round(@PathVariable long id, @Nullable @QueryValue String done, @Nullable @QueryValue String sheet,
                          Authentication authentication, HttpRequest<?> request) {
        try {
            EntryRound round = keying.round(id, authentication);
            Map<String, Object> model = roundModel(round, authentication, request, Map.of(), null);
            if (done != null && DONE.contains(done)) {
                model.put("done", done);
                model.put("doneSheet", sheet != null && sheet.matches("[0-9]{1,6}") ? sheet : "");
            }
            return HttpResponse.ok(new ModelAndView<>("entry/round", model));
        } catch (EntryRefused refused) {
            return notFound(refused, request);
        }
    }

    @Post(value = "/rounds/{id:[0-9]+}/sheets", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> key(@PathVariable long id, @Body Map<String, Object> form, Authentication authentication, HttpRequest<?> request) {
        EntryRound round;
        try {
            round = keying.round(id, authentication);
        } catch (EntryRefused refused) {
            return notFound(refused, request);
        }
        try {
            DoubleKeying.Outcome outcome = keying.key(round, form, authentication);
            return redirect("/entry/rounds/" + id + "?done=" + outcome.status() + "&sheet=" + outcome.sheetNo(), request);
        } catch (EntryRefused refused) {
            return HttpResponse.status(refused.status())
                    .body(new ModelAndView<>("entry/round", roundModel(round, authentication, request, refused.typed(), refused)));
        }
    }

    @Get(value = "/rounds/{id:[0-9]+}/sheets/{sheetNo:[0-9]+}", produces = MediaType.TEXT_HTML)
    HttpResponse<?> sheet(@PathVariable long id, @PathVariable("sheetNo") long number, Authentication authentication,
                          HttpRequest<?> request) {
        int sheetNo = sheetNumber(number);
        try {
            EntryRound round = keying.round(id, authentication);
            return HttpResponse.ok(new ModelAndView<>("entry/sheet", sheetModel(round, sheetNo, authentication, request, null, null)));
        } catch (EntryRefused refused) {
            return notFound(refused, request);
        }
    }

    @Post(value = "/rounds/{id:[0-9]+}/sheets/{sheetNo:[0-9]+}/resolve", consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = MediaType.TEXT_HTML)
    HttpResponse<?> resolve(@PathVariable long id, @PathVariable("sheetNo") long number, @Body Map<String, Object> form,
                            Authentication authentication, HttpRequest<?> request) {
        int sheetNo = sheetNumber(number);
        EntryRound round;
        try {
            round = keying.round(id, authentication);
            if (keying.sheet(round, sheetNo).isEmpty()) {
                throw new EntryRefused(io.micronaut.http.HttpStatus.NOT_FOUND, EntryProblem.of("sheetNo", "entry.error.noSheet", String.valueOf(sheetNo)));
            }
        } catch (EntryRefused refused) {
            return notFound(refused, request);
        }
        try {
            keying.resolve(round, sheetNo, form, authentication);
            return redirect("/entry/rounds/" + id + "?done=resolved&sheet=" + sheetNo, request);
        } catch (EntryRefused refused) {
            return HttpResponse.status(refused.status()).body(new ModelAndView<>("entry/sheet",
                    sheetModel(round, sheetNo, authentication, request, refused.typed(), refused)));
        }
    }

    /** A sheet number from the path; 0 (never a sheet) when it is beyond any sheet number. */
    private static int sheetNumber(long number) {
        return number > TypedSheet.MAX_SHEET_NO ? 0 : (int) number;
    }

    private Map<String, Object> base(Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        model.put("username", authentication.getName());
        return model;
    }

    private Map<String, Object> roundsModel(Authentication authentication, HttpRequest<?> request, Map<String, String> typed,
                                            @Nullable EntryRefused refused) {
        Map<String, Object> model = base(authentication, request);
        model.put("path", "/entry");
        model.put("rounds", keying.visibleRounds(authentication));
        Long scope = access.scope(authentication).orElse(null);
        model.put("agencies", scope == null ? agencies.outline().stream().map(AgencyTree.Node::agency).toList() : agencies.subtree(scope));
        model.put("surveys", surveys.published().stream().map(SurveyVersion::code).distinct().toList());
        model.put("typed", typed);
        problems(model, refused, null);
        return model;
    }

    private Map<String, Object> roundModel(EntryRound round, Authentication authentication, HttpRequest<?> request,
                                           Map<String, String> typed, @Nullable EntryRefused refused) {
        Map<String, Object> model = base(authentication, request);
        String lang = (String) model.get("lang");
        Questionnaire questionnaire = keying.questionnaire(round);
        PaperLayout layout = PaperLayout.of(questionnaire, lang);
        // the language switch of a refused form opens the round's page (the form's own path takes posts only)
        model.put("path", "/entry/rounds/" + round.id());
        model.put("round", round);
        model.put("surveyTitle", questionnaire.definition().title().in(lang));
        model.put("layout", layout);
        Map<String, String> values = new LinkedHashMap<>(typed);
        values.putIfAbsent("date", TypedSheet.SHOWN_DATE.format(LocalDate.now(clock.withZone(round.agency().zone()))));
        model.put("typed", values);
        model.put("waiting", keying.sheets(round, EntryStore.WAITING));
        model.put("mismatches", keying.sheets(round, EntryStore.MISMATCH));
        problems(model, refused, layout);
        return model;
    }

    private Map<String, Object> sheetModel(EntryRound round, int sheetNo, Authentication authentication, HttpRequest<?> request,
                                           @Nullable Map<String, String> typed, @Nullable EntryRefused refused) {
        Map<String, Object> model = base(authentication, request);
        String lang = (String) model.get("lang");
        Questionnaire questionnaire = keying.questionnaire(round);
        PaperLayout layout = PaperLayout.of(questionnaire, lang);
        EntryStore.Sheet sheet = keying.sheet(round, sheetNo).orElseThrow(() ->
                new EntryRefused(io.micronaut.http.HttpStatus.NOT_FOUND, EntryProblem.of("sheetNo", "entry.error.noSheet", String.valueOf(sheetNo))));
        // A sheet waiting for its second keying shows no values: the second typist must read the paper, not the first keying.
        List<EntryStore.Keying> keyings = EntryStore.WAITING.equals(sheet.status()) ? List.of()
                : sheet.keyings().stream().filter(k -> k.purpose().equals(EntryStore.KEY)).toList();
        model.put("path", "/entry/rounds/" + round.id() + "/sheets/" + sheetNo);
        model.put("round", round);
        model.put("layout", layout);
        model.put("sheet", sheet);
        model.put("first", keyings.isEmpty() ? null : keyings.get(0));
        model.put("second", keyings.size() < 2 ? null : keyings.get(1));
        model.put("mayResolve", EntryStore.MISMATCH.equals(sheet.status())
                && keyings.stream().noneMatch(k -> k.keyedBy().equals(Actor.of(authentication).name())));
        // The resolving form starts from what both keyings agree on; where they differ it is left for the third person.
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> differ = new HashSet<>();
        if (keyings.size() >= 2) {
            EntryStore.Keying a = keyings.get(0);
            EntryStore.Keying b = keyings.get(1);
            if (a.date().equals(b.date())) {
                values.put("date", TypedSheet.SHOWN_DATE.format(a.date()));
            } else {
                differ.add("date");
            }
            for (PaperLayout.Field field : layout.fields()) {
                String x = a.fields().getOrDefault(field.code(), "");
                String y = b.fields().getOrDefault(field.code(), "");
                if (x.equals(y)) {
                    values.put(field.name(), x);
                } else {
                    differ.add(field.name());
                }
            }
        }
        if (typed != null) {
            values.putAll(typed);
        }
        model.put("typed", values);
        model.put("differ", differ);
        model.put("shownDate", TypedSheet.SHOWN_DATE);
        problems(model, refused, layout);
        return model;
    }

    /** The refusal's problems for the page: each with the label of its field (sheet number, date, question N). */
    private static void problems(Map<String, Object> model, @Nullable EntryRefused refused, @Nullable PaperLayout layout) {
        if (refused == null) {
            return;
        }
        Map<String, Integer> numbers = new LinkedHashMap<>();
        if (layout != null) {
            layout.fields().forEach(f -> numbers.put(f.name(), f.number()));
        }
        model.put("problems", refused.problems().stream().map(p -> new ShownProblem(p, numbers.get(p.field()))).toList());
        model.put("invalid", refused.problems().stream().map(EntryProblem::field).toList());
        model.put("firstInvalid", refused.problems().get(0).field());
    }

    /** A problem as listed on the page; {@code question} is the number of the question it marks, if it marks one. */
    record ShownProblem(EntryProblem problem, @Nullable Integer question) {
    }

    private static HttpResponse<?> notFound(EntryRefused refused, HttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        return HttpResponse.status(refused.status()).body(new ModelAndView<>("system/not-found", model));
    }

    private static HttpResponse<?> redirect(String path, HttpRequest<?> request) {
        return HttpResponse.seeOther(URI.create(path + (path.contains("?") ? "&" : "?") + "lang=" + PageModel.of(request).get("lang")));
    }
}
