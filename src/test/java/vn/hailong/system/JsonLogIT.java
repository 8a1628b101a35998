package vn.hailong.system;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.TestDatabase;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged application ({@code java -jar}, as the container runs it) with
 * {@code HAILONG_LOG_FORMAT=json}: every line it prints is one JSON object, and the access line of a
 * request carries that request's id. Runs after {@code package}, against the test database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonLogIT {

    static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    final List<String> lines = new CopyOnWriteArrayList<>();
    Process app;

    @AfterAll
    void stop() throws InterruptedException {
        if (app != null) {
            app.destroy();
            if (!app.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    @Test
    void jsonLinesCarryTheRequestId() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar().toString());
        builder.environment().put("HAILONG_LOG_FORMAT", "json");
        builder.environment().put("MICRONAUT_SERVER_HOST", "127.0.0.1");
        builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        builder.environment().put("DATASOURCES_DEFAULT_URL", TestDatabase.url());
        builder.environment().put("DATASOURCES_DEFAULT_USERNAME", TestDatabase.username());
        builder.environment().put("DATASOURCES_DEFAULT_PASSWORD", TestDatabase.password());
        builder.environment().put("DATASOURCES_DEFAULT_MAXIMUM_POOL_SIZE", "2");
        builder.environment().put("HAILONG_JWT_SECRET", "json-log-test-secret-0123456789-abcdefghijkl");
        builder.redirectErrorStream(true);
        app = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI surveys = URI.create("http://127.0.0.1:" + port + "/api/v1/surveys");
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        HttpResponse<String> response = null;
        while (response == null) {
            assertThat(app.isAlive()).as("the app exited: %s", lines).isTrue();
            assertThat(Instant.now()).as("started within %s: %s", START_TIMEOUT, lines).isBefore(deadline);
            try {
                response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(surveys).header("X-Request-Id", "json-log-test-42").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Request-Id")).hasValue("json-log-test-42");

        JsonMapper json = JsonMapper.createDefault();
        JsonNode access = null;
        for (int i = 0; i < 100 && access == null; i++) {
            for (String line : lines) {
                JsonNode node = json.readValue(line, JsonNode.class);
                JsonNode mdc = node.get("mdc");
                if (mdc != null && mdc.get("requestId") != null
                        && "json-log-test-42".equals(mdc.get("requestId").getStringValue())) {
                    access = node;
                }
            }
            Thread.sleep(100);
        }
        assertThat(access).as("a log line with the request id in %s", lines).isNotNull();
        assertThat(access.get("loggerName").getStringValue()).isEqualTo("hailong.access");
        assertThat(access.get("level").getStringValue()).isEqualTo("INFO");
        assertThat(access.get("formattedMessage").getStringValue()).startsWith("GET /api/v1/surveys 200 ");
        // Every line, start-up included, is a JSON object: a collector never sees a stray text line.
        assertThat(lines).isNotEmpty().allSatisfy(line ->
                assertThat(json.readValue(line, JsonNode.class).isObject()).as(line).isTrue());
    }

    /** The runnable jar that {@code package} built (not the thin "original-" one). */
    static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Paths.get("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("hailong-[^/]*\\.jar"))
                    .filter(p -> !p.getFileName().toString().matches(".*-(sources|javadoc|tests)\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/hailong-*.jar: run through `./mvnw verify`"));
        }
    }
}
