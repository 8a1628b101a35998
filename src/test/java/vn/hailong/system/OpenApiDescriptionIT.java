package vn.hailong.system;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.RawHttp;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 item 16: the OpenAPI description served at /openapi.yml holds every operation to the
 * same bar, new ones included: an example for every request body and for every answer (problem+json
 * for errors), 401 for every operation behind the bearer scheme, 400/413/415 for every JSON
 * body, 400 for every number in a path, the bearer scheme itself and a servers entry. And a
 * browser, which asks for text/html, gets the text shown inline instead of a download.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDescriptionIT implements DatabaseTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    /** Answers without a body: nothing to give an example of. */
    private static final Set<String> NO_BODY = Set.of("204", "304");

    @Inject
    EmbeddedServer server;

    RawHttp http;
    Map<String, Object> document;

    @BeforeAll
    void read() {
        http = new RawHttp(server.getPort());
        HttpResponse<String> yaml = http.get("/openapi.yml", "Accept", "application/yaml");
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
        document = new Yaml(new LoaderOptions()).load(yaml.body());
    }

    @Test
    void everyRequestBodyAndEveryAnswerHasAnExample() {
        List<String> missing = new ArrayList<>();
        int operations = 0;
        int answers = 0;
        for (var path : map(document.get("paths")).entrySet()) {
            for (var method : map(path.getValue()).entrySet()) {
                if (!METHODS.contains(method.getKey())) {
                    continue;
                }
                operations++;
                String op = method.getKey().toUpperCase() + " " + path.getKey();
                Map<String, Object> operation = map(method.getValue());
                if (operation.get("requestBody") != null) {
                    missing.addAll(withoutExample(op + " request body", map(map(operation.get("requestBody")).get("content"))));
                }
                Map<String, Object> responses = map(operation.get("responses"));
                assertThat(responses).as(op + " answers").isNotEmpty();
                for (var response : responses.entrySet()) {
                    answers++;
                    String status = String.valueOf(response.getKey());
                    Map<String, Object> content = map(map(response.getValue()).get("content"));
                    if (NO_BODY.contains(status)) {
                        assertThat(content).as(op + " " + status + " has no body").isEmpty();
                        continue;
                    }
                    if (content.isEmpty()) {
                        missing.add(op + " " + status + ": no content");
                        continue;
                    }
                    missing.addAll(withoutExample(op + " " + status, content));
                    if (status.startsWith("4") || status.startsWith("5")) {
                        if (!content.containsKey(Problem.MEDIA_TYPE)) {
                            missing.add(op + " " + status + ": not application/problem+json");
                        }
                    }
                }
            }
        }
        assertThat(operations).as("operations described").isGreaterThanOrEqualTo(41);
        assertThat(answers).isGreaterThan(operations);
        assertThat(missing).as("request bodies and answers without an example").isEmpty();
    }

    @Test
    void everyOperationDescribesTheRefusalsItGives() {
        List<String> missing = new ArrayList<>();
        for (var path : map(document.get("paths")).entrySet()) {
            for (var method : map(path.getValue()).entrySet()) {
                if (!METHODS.contains(method.getKey())) {
                    continue;
                }
                String op = method.getKey().toUpperCase() + " " + path.getKey();
                Map<String, Object> operation = map(method.getValue());
                Map<String, Object> responses = map(operation.get("responses"));
                Object security = operation.get("security");
                if (security != null) {
                    assertThat(String.valueOf(security)).as(op + " security").contains("bearer");
                    for (String status : List.of("401")) {
                        if (!responses.containsKey(status)) {
                            missing.add(op + " " + status);
                        }
                    }
                }
                if (operation.get("requestBody") != null) {
                    for (String status : List.of("400", "413", "415")) {
                        if (!responses.containsKey(status)) {
                            missing.add(op + " " + status);
                        }
                    }
                }
                boolean numberInPath = operation.get("parameters") instanceof List<?> parameters && parameters.stream()
                        .map(OpenApiDescriptionIT::map)
                        .anyMatch(p -> "path".equals(p.get("in")) && "integer".equals(map(p.get("schema")).get("type")));
                if (numberInPath && !responses.containsKey("400")) {
                    missing.add(op + " 400 (a path number that is not one)");
                }
                if (responses.keySet().stream().noneMatch(s -> String.valueOf(s).startsWith("2"))) {
                    missing.add(op + " success answer");
                }
            }
        }
        assertThat(missing).as("answers an operation gives but does not describe").isEmpty();
    }

    @Test
    void describesTheBearerSchemeAndAServer() {
        Map<String, Object> bearer = map(map(map(document.get("components")).get("securitySchemes")).get("bearer"));
        assertThat(bearer).containsEntry("type", "http").containsEntry("scheme", "bearer").containsEntry("bearerFormat", "JWT");
        assertThat(String.valueOf(bearer.get("description"))).contains("/api/v1/login");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> servers = (List<Map<String, Object>>) document.get("servers");
        assertThat(servers).isNotEmpty();
        assertThat(servers.get(0)).containsEntry("url", "/");
    }

    @Test
    void aBrowserGetsTheDescriptionAsTextShownInline() {
        for (String accept : List.of("text/html", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")) {
            HttpResponse<String> shown = http.get("/openapi.yml", "Accept", accept);

            assertThat(shown.statusCode()).as(accept).isEqualTo(200);
            assertThat(shown.headers().firstValue("Content-Type").orElse("")).as(accept).isEqualTo("text/plain;charset=utf-8");
            assertThat(shown.headers().firstValue("Content-Disposition").orElse("")).as(accept).startsWith("inline");
            assertThat(shown.headers().firstValue("Vary").orElse("")).as(accept).containsIgnoringCase("Accept");
            assertThat(shown.body()).as(accept).startsWith("openapi:").contains("Đã gọi lại cho công dân");
        }
        assertThat(http.get("/openapi.yml").headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
    }

    private static List<String> withoutExample(String what, Map<String, Object> content) {
        List<String> missing = new ArrayList<>();
        if (content.isEmpty()) {
            missing.add(what + ": no content");
        }
        for (var media : content.entrySet()) {
            Map<String, Object> type = map(media.getValue());
            boolean binary = "binary".equals(map(type.get("schema")).get("format"));
            if (!binary && type.get("example") == null && map(type.get("examples")).isEmpty()) {
                missing.add(what + " (" + media.getKey() + ")");
            }
        }
        return missing;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
