package vn.hailong.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;

import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.system.PageModel;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class HomeController {

    private static final int MAX_LISTED = 300;

    private final AgencyTree agencies;
    private final SurveyCatalog surveys;
    private final Clock clock;

    HomeController(AgencyTree agencies, SurveyCatalog surveys, Clock clock) {
        this.clock = clock;
        this.agencies = agencies;
        this.surveys = surveys;
    }

    /** Public start page: every centre with a link to its questionnaire, for people and for the demo. */
    @Get(produces = MediaType.TEXT_HTML)
    ModelAndView<Map<String, Object>> home(HttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        List<Agency> listed = new ArrayList<>();
        Instant now = clock.instant();
        for (Agency root : agencies.children(null)) {
            for (Agency agency : agencies.subtree(root.id())) {
                if (listed.size() < MAX_LISTED && agency.active(now)) {
                    listed.add(agency);
                }
            }
        }
        model.put("agencies", listed);
        model.put("surveys", surveys.published());
        // Each centre lists the questionnaires offered there: a province's own only in that province (issue 15).
        Map<String, List<vn.hailong.survey.SurveyVersion>> offered = new java.util.HashMap<>();
        for (Agency agency : listed) {
            offered.put(agency.code(), surveys.published().stream().filter(v -> surveys.offeredAt(v, agency.id())).toList());
        }
        model.put("surveysOf", offered);
        return new ModelAndView<>("web/home", model);
    }
}
