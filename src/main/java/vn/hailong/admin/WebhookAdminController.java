package vn.hailong.admin;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.outbox.Webhooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The webhooks and their delivery logs (issue 14): which hooks are active or paused after failures
 * in a row, and for each its newest deliveries with status, attempts and last error — what an admin
 * looks at when a province's relay stops receiving. Created, resumed and removed through the API
 * ({@code /api/v1/webhooks}), whose rules and audit rows this page does not repeat.
 */
@Controller("/admin/webhooks")
@Secured(vn.hailong.agency.AgencyScope.NATIONAL) // the national administrator only (issue 15)
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class WebhookAdminController {

    /** The newest deliveries shown per hook; the API gives up to 200. */
    private static final int LOG_ROWS = 20;

    private final Webhooks webhooks;

    WebhookAdminController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Get(produces = MediaType.TEXT_HTML)
    ModelAndView<Map<String, Object>> list(HttpRequest<?> request) {
        Map<String, Object> model = AdminForms.model(request, "webhooks");
        Map<Webhooks.Hook, List<Webhooks.Attempted>> logs = new LinkedHashMap<>();
        for (Webhooks.Hook hook : webhooks.list()) {
            logs.put(hook, webhooks.deliveries(hook.id(), LOG_ROWS));
        }
        model.put("hooks", logs);
        return new ModelAndView<>("admin/webhooks", model);
    }
}
