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

import java.util.Map;

/** The administrator's start page: links to agencies, accounts, kiosks and questionnaires. */
@Controller("/admin")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class AdminHomeController {

    @Get(produces = MediaType.TEXT_HTML)
    ModelAndView<Map<String, Object>> home(HttpRequest<?> request) {
        return new ModelAndView<>("admin/home", AdminForms.model(request, "home"));
    }
}
