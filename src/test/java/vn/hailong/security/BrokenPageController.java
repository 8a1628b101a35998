package vn.hailong.security;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;

import java.util.Map;

/** A page whose template fails while rendering; only in the test that asks for it. */
@Controller("/test/broken")
@Secured(SecurityRule.IS_ANONYMOUS)
@Requires(property = "hailong.test.broken-page", value = "true")
class BrokenPageController {

    @Get
    ModelAndView<Map<String, Object>> broken() {
        return new ModelAndView<>("test/broken", Map.of());
    }
}
