package vn.hailong.web;

import io.micronaut.context.MessageSource;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.Languages;
import vn.hailong.system.PageModel;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Phone by QR": a QR code that opens the phone questionnaire of one agency and survey, and a
 * printable A4 poster around it for the counter. Optionally the code carries a dossier
 * ({@code ?d=}), so a receipt can link to the rating of exactly that dossier.
 */
@Controller("/qr/{agencyCode}")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class QrPosterController {

    /** Posters change only when the public address does: let browsers and proxies keep the image a day. */
    static final String CACHE = "public, max-age=86400";
    /**
     * Without a configured address the image depends on the request's Host: a shared cache must not
     * hand one client's code to another (finding 5 of issue 11), a browser may still keep it.
     */
    static final String CACHE_PER_HOST = "private, max-age=86400";
    static final int MAX_DOSSIER = 64;
    static final int MAX_COUNTER = 80;

    private final AgencyTree agencies;
    private final SurveyCatalog surveys;
    private final PublicLinks links;
    private final MessageSource messages;
    private final Clock clock;

    QrPosterController(AgencyTree agencies, SurveyCatalog surveys, PublicLinks links, MessageSource messages, Clock clock) {
        this.clock = clock;
        this.agencies = agencies;
        this.surveys = surveys;
        this.links = links;
        this.messages = messages;
    }

    /** Survey codes never hold a dot (see the template rules), so {@code x.png} is always the image of survey x. */
    @Get("/{surveyCode:[^/.]+}.png")
    HttpResponse<?> png(String agencyCode, String surveyCode, @Nullable @QueryValue("d") String d, HttpRequest<?> request) {
        Optional<Agency> agency = agencies.byCode(agencyCode).filter(a -> a.active(clock.instant()));
        if (agency.isEmpty() || surveys.currentAt(surveyCode, agency.get().id()).isEmpty()) {
            return notFound(request);
        }
        String url = links.questionnaire(request, agency.get().code(), surveyCode, dossier(d));
        var response = HttpResponse.ok(QrCodes.png(url)).contentType("image/png");
        return links.configured() ? response.header(HttpHeaders.CACHE_CONTROL, CACHE)
                : response.header(HttpHeaders.CACHE_CONTROL, CACHE_PER_HOST).header(HttpHeaders.VARY, HttpHeaders.HOST);
    }

    @Get(value = "/{surveyCode:[^/.]+}", produces = "text/html")
    HttpResponse<?> poster(String agencyCode, String surveyCode, @Nullable @QueryValue("d") String d,
                           @Nullable @QueryValue("counter") String counter, HttpRequest<?> request) {
        Optional<Agency> agency = agencies.byCode(agencyCode).filter(a -> a.active(clock.instant()));
        Optional<Questionnaire> questionnaire = agency.flatMap(a -> surveys.currentAt(surveyCode, a.id()));
        if (agency.isEmpty() || questionnaire.isEmpty()) {
            return notFound(request);
        }
        String dossier = dossier(d);
        String counterLabel = counter(counter);
        Map<String, Object> model = PageModel.of(request);
        String lang = (String) model.get("lang");
        String otherLang = (String) model.get("otherLang");
        String code = agency.get().code();

        // The language switch must keep the dossier and the counter label.
        List<String> query = new ArrayList<>();
        if (dossier != null) {
            query.add("d=" + PublicLinks.encode(dossier));
        }
        if (counterLabel != null) {
            query.add("counter=" + PublicLinks.encode(counterLabel));
        }
        String self = "/qr/" + PublicLinks.encode(code) + "/" + PublicLinks.encode(surveyCode);
        String selfQuery = query.isEmpty() ? "" : "?" + String.join("&", query);
        model.put("path", self + selfQuery);

        model.put("agencyName", agency.get().name(lang));
        model.put("surveyTitle", questionnaire.get().definition().title().in(lang));
        model.put("counter", counterLabel);
        model.put("imageUrl", self + ".png" + (dossier == null ? "" : "?d=" + PublicLinks.encode(dossier)));
        model.put("url", links.questionnaire(request, code, surveyCode, dossier));
        model.put("privacyUrl", links.privacy(request));
        // Bilingual on paper whatever language staff print it in: the page's language first.
        model.put("invite", messages.getMessage("poster.invite", Languages.toLocale(lang)).orElse(""));
        model.put("inviteOther", messages.getMessage("poster.invite", Languages.toLocale(otherLang)).orElse(""));
        return HttpResponse.ok(new ModelAndView<>("web/poster", model));
    }

    private static HttpResponse<?> notFound(HttpRequest<?> request) {
        // Explicitly HTML, also for the .png route: a person who opens a broken image link reads why.
        return HttpResponse.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML_TYPE)
                .body(new ModelAndView<>("system/not-found", PageModel.of(request)));
    }

    /** The same limit the submission applies, so a code never links to a page that must refuse it. */
    private static @Nullable String dossier(@Nullable String d) {
        String dossier = d == null ? "" : d.strip();
        if (dossier.length() > MAX_DOSSIER) {
            throw ApiProblemException.badRequest("d", "at most " + MAX_DOSSIER + " characters");
        }
        return dossier.isEmpty() ? null : dossier;
    }

    private static @Nullable String counter(@Nullable String counter) {
        String label = counter == null ? "" : counter.strip();
        if (label.length() > MAX_COUNTER) {
            throw ApiProblemException.badRequest("counter", "at most " + MAX_COUNTER + " characters");
        }
        return label.isEmpty() ? null : label;
    }
}
