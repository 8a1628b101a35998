package vn.hailong.system;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI description generated at build time, served as api.md promises and as a readable
 * page. It cannot change while the app runs, so it is read and parsed once.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
class ApiDocsController {

    private static final String OPENAPI = "META-INF/swagger/hailong-v1.yml";

    private final String text;
    private final List<ApiOperations.Operation> operations;

    ApiDocsController() {
        try (InputStream in = ApiDocsController.class.getClassLoader().getResourceAsStream(OPENAPI)) {
            text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        operations = ApiOperations.read(text);
    }

    @Get(value = "/openapi.yml", produces = "application/yaml")
    HttpResponse<?> openApi() {
        return text.isEmpty() ? HttpResponse.notFound() : HttpResponse.ok(text).contentType("application/yaml");
    }

    @Get(value = "/api", produces = MediaType.TEXT_HTML)
    ModelAndView<Map<String, Object>> apiPage(HttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        model.put("operations", operations);
        return new ModelAndView<>("system/api", model);
    }
}
