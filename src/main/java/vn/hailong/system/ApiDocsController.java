package vn.hailong.system;

import io.micronaut.http.HttpHeaders;
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
import java.util.Properties;

/**
 * The OpenAPI description generated at build time, served as api.md promises, and the browsable
 * reference at {@code /api}: Swagger UI from its webjar on this site (no CDN), started by
 * {@code /static/js/api-docs.js} (the CSP allows no inline script). It cannot change while the app
 * runs, so it is read and parsed once; the operations table stays as the page's no-JavaScript view.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
class ApiDocsController {

    private static final String OPENAPI = "META-INF/swagger/hailong-v1.yml";
    /** Written into the webjar by its build: the version is in pom.xml only, the page follows it. */
    private static final String SWAGGER_UI_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    /** RFC 9512's media type; browsers download it, so a browser (it asks for text/html) gets text/plain. */
    static final String YAML = "application/yaml;charset=utf-8";
    static final String SHOWN_AS_TEXT = "text/plain;charset=utf-8";

    private final String text;
    private final List<ApiOperations.Operation> operations;
    private final String swaggerUi;

    ApiDocsController() {
        try (InputStream in = ApiDocsController.class.getClassLoader().getResourceAsStream(OPENAPI)) {
            text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        operations = ApiOperations.read(text);
        swaggerUi = "/webjars/swagger-ui/" + swaggerUiVersion() + "/";
    }

    private static String swaggerUiVersion() {
        Properties pom = new Properties();
        try (InputStream in = ApiDocsController.class.getClassLoader().getResourceAsStream(SWAGGER_UI_POM)) {
            if (in == null) {
                throw new IllegalStateException("Swagger UI webjar missing from the classpath (" + SWAGGER_UI_POM + ")");
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }

    /**
     * YAML for tools; for a browser (it asks for text/html) the same text as text/plain, shown inline
     * rather than downloaded (Chromium and Firefox save application/yaml to disk).
     */
    @Get(value = "/openapi.yml", produces = MediaType.ALL)
    HttpResponse<?> openApi(HttpRequest<?> request) {
        if (text.isEmpty()) {
            return HttpResponse.notFound();
        }
        boolean browser = request.getHeaders().accept().stream()
                .anyMatch(type -> MediaType.TEXT_HTML.equals(type.getName()) || MediaType.TEXT_PLAIN.equals(type.getName()));
        return HttpResponse.ok(text)
                .contentType(browser ? SHOWN_AS_TEXT : YAML)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"openapi.yml\"")
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT);
    }

    @Get(value = "/api", produces = MediaType.TEXT_HTML)
    ModelAndView<Map<String, Object>> apiPage(HttpRequest<?> request) {
        Map<String, Object> model = PageModel.of(request);
        model.put("operations", operations);
        model.put("swaggerUi", swaggerUi);
        return new ModelAndView<>("system/api", model);
    }
}
