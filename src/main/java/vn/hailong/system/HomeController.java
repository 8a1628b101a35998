package vn.hailong.system;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.Map;

@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class HomeController {

    private static final int MAX_LISTED = 300;
    private static final String OPENAPI = "META-INF/swagger/hailong-v1.yml";

    private final vn.hailong.agency.AgencyTree agencies;
    private final vn.hailong.survey.SurveyCatalog surveys;

    HomeController(vn.hailong.agency.AgencyTree agencies, vn.hailong.survey.SurveyCatalog surveys) {
        this.agencies = agencies;
        this.surveys = surveys;
    }

    /** Public start page: every centre with a link to its questionnaire, for people and for the demo. */
    @Get
    ModelAndView<Map<String, Object>> home(HttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        java.util.List<vn.hailong.agency.Agency> listed = new java.util.ArrayList<>();
        for (vn.hailong.agency.Agency root : agencies.children(null)) {
            for (vn.hailong.agency.Agency agency : agencies.subtree(root.id())) {
                if (listed.size() < MAX_LISTED) {
                    listed.add(agency);
                }
            }
        }
        model.put("agencies", listed);
        model.put("surveys", surveys.published());
        return new ModelAndView<>("system/home", model);
    }

    /** A readable list of the API's operations, from the generated OpenAPI description. */
    @Get("/api")
    io.micronaut.http.HttpResponse<?> apiPage(HttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        model.put("operations", ApiOperations.read(openApiText()));
        return io.micronaut.http.HttpResponse.ok(new ModelAndView<>("system/api", model));
    }

    private static String openApiText() {
        var resource = HomeController.class.getClassLoader().getResource(OPENAPI);
        if (resource == null) {
            return "";
        }
        try (var in = resource.openStream()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The OpenAPI description under the stable name api.md promises. */
    @Get(value = "/openapi.yml", produces = "application/yaml")
    io.micronaut.http.HttpResponse<?> openApi() {
        String text = openApiText();
        return text.isEmpty() ? io.micronaut.http.HttpResponse.notFound()
                : io.micronaut.http.HttpResponse.ok(text).contentType("application/yaml");
    }
}
