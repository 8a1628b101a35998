package vn.hailong.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.system.PageModel;

import java.util.Map;

/**
 * The privacy notice citizens reach from the questionnaire, the kiosk start screen and the QR
 * poster: what a response holds, why, who reads it, how long it is kept, that every profile
 * question is optional and the survey anonymous (Nghị định 13/2023/NĐ-CP). The text lives in the
 * messages files, so it follows the reader's language like every other page.
 */
@Controller("/privacy")
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
class PrivacyController {

    @Get(produces = MediaType.TEXT_HTML)
    ModelAndView<Map<String, Object>> notice(HttpRequest<?> request) {
        return new ModelAndView<>("web/privacy", PageModel.of(request));
    }
}
