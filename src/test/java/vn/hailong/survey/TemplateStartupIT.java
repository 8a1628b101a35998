package vn.hailong.survey;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.BeanRegistration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Templates at start-up, as an operator meets them: the application itself is started (and
 * restarted) with a templates folder, against the test database. A broken file or a changed file
 * under an old version number must stop the start with a message that says where and what.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateStartupIT implements DatabaseTest {

    static final String OLD_E11 = "There are enough seats in the waiting area.";
    static final String NEW_E11 = "There are enough chairs for everyone in the waiting area.";
    /** The questionnaires shipped in survey-templates/, each stored with its version 1 on a fresh database. */
    static final List<String> SHIPPED = List.of("legal-evaluation", "one-stop-rating", "sipas-2017", "sipas-2023");
    /**
     * The checksum sipas-2017 version 1 was released with. Databases in use hold it; if the stored
     * form of a definition changed (say, a new template key serialised as null or false), every
     * existing installation would refuse to start with "already stored with different content".
     */
    static final String SIPAS_2017_V1_CHECKSUM = "3b46beb6e07c128c656f95490c69c7c1caad526c42ca0da47ee0eee7aace6b79";
    /** The same for one-stop-rating version 1, now shipped as one-stop-rating-v1.yml beside version 2. */
    static final String ONE_STOP_V1_CHECKSUM = "8950528bac0d6c2f3797e883b4fc2d9f634f742197939f026d12f5da42f758dc";

    @Test
    void everyShippedTemplateIsStoredAndSipas2017KeepsItsReleasedChecksum() {
        start(null, true).close();

        List<String> stored = new ArrayList<>();
        for (String code : SHIPPED) {
            if (Rows.count("SELECT COUNT(*) FROM survey_version WHERE code = '" + code + "' AND version = 1") == 1) {
                stored.add(code);
            }
        }
        assertThat(stored).containsExactlyElementsOf(SHIPPED);
        // plus one-stop-rating version 2 (the reason "not-given", issue 12 item 5)
        assertThat(Rows.count("SELECT COUNT(*) FROM survey_version WHERE code = 'one-stop-rating' AND version = 2")).isEqualTo(1);
        assertThat(Rows.count("SELECT COUNT(*) FROM survey_version")).isEqualTo(SHIPPED.size() + 1);
        assertThat(Rows.text("SELECT checksum FROM survey_version WHERE code = 'sipas-2017' AND version = 1"))
                .isEqualTo(SIPAS_2017_V1_CHECKSUM);
        assertThat(Rows.text("SELECT checksum FROM survey_version WHERE code = 'one-stop-rating' AND version = 1"))
                .isEqualTo(ONE_STOP_V1_CHECKSUM);
    }

    @Test
    void brokenTemplateStopsStartUpNamingFileLineAndProblem(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("broken.yml"), """
                code: broken
                version: 1
                title: {vi: "Phiếu hỏng", en: "Broken form"}
                scales:
                  - code: s5
                    options:
                      - {value: 1, label: {vi: "Kém", en: "Poor"}}
                      - {value: 0, label: {vi: "Tốt", en: "Good"}, satisfied: true}
                indexScale: s5
                elements:
                  - code: E1
                    title: {vi: "Tiếp cận", en: "Access"}
                    criteria:
                      - code: E1.1
                        text: {en: "Enough seats"}
                """, StandardCharsets.UTF_8);

        Throwable failure = catchThrowable(() -> start(folder, true).close());

        assertThat(failure).as("start-up with a broken template").isNotNull();
        String messages = chain(failure);
        assertThat(messages).contains(folder.resolve("broken.yml") + ":8")
                .contains("scales[0].options[1].value): must be from 1 to 9, got 0")
                .contains(folder.resolve("broken.yml") + ":15")
                .contains("missing 'vi'");
        assertThat(causes(failure)).anyMatch(TemplateException.class::isInstance);
        // what the start-up log shows first: the outermost message already says where and what
        assertThat(failure.getMessage()).contains(folder.resolve("broken.yml") + ":8").contains("missing 'vi'");
        // all files are checked before any is stored: not even the valid shipped one went in
        assertThat(Rows.count("SELECT COUNT(*) FROM survey_version")).isZero();
    }

    @Test
    void newVersionInTheTemplatesFolderBecomesCurrentAndTheOldVersionStaysReadable(@TempDir Path folder) throws IOException {
        String answeredOnV1;
        try (EmbeddedServer first = start(null, true); HttpClient client = HttpClient.create(first.getURL())) {
            Api api = api(first, client);
            assertThat(api.get("/api/v1/surveys/sipas-2017", null).text("version")).isEqualTo("1");
            api.agency(api.adminToken(), "HN", null);
            Map<String, Object> response = Api.submission("HN", Map.of("E1.1", 5));
            assertThat(api.post("/api/v1/responses", response, null).status()).isEqualTo(201);
            answeredOnV1 = (String) response.get("id");
        }
        Files.writeString(folder.resolve("sipas-2017.yml"), shippedSipas()
                .replaceFirst("(?m)^version: 1$", "version: 2")
                .replace(OLD_E11, NEW_E11), StandardCharsets.UTF_8);

        try (EmbeddedServer second = start(folder, false); HttpClient client = HttpClient.create(second.getURL())) {
            Api api = api(second, client);

            Api.Reply current = api.get("/api/v1/surveys/sipas-2017", null);
            assertThat(current.status()).isEqualTo(200);
            assertThat(current.text("version")).isEqualTo("2");
            assertThat(firstCriterionText(current.json())).isEqualTo(NEW_E11);

            Api.Reply old = api.get("/api/v1/surveys/sipas-2017/versions/1", null);
            assertThat(old.status()).isEqualTo(200);
            assertThat(old.text("version")).isEqualTo("1");
            assertThat(firstCriterionText(old.json())).isEqualTo(OLD_E11);

            Api.Reply list = api.get("/api/v1/surveys", null);
            List<String> listed = new ArrayList<>();
            list.json().values().forEach(v -> listed.add(v.get("code").getStringValue() + "@" + v.get("version").getIntValue()));
            // one entry per survey, each at its current version: sipas-2017 now at 2
            assertThat(listed).containsExactly("legal-evaluation@1", "one-stop-rating@2", "sipas-2017@2", "sipas-2023@1");

            // new submissions default to the current version; the old response still points at version 1
            Map<String, Object> response = Api.submission("HN", Map.of("E1.1", 4));
            assertThat(api.post("/api/v1/responses", response, null).status()).isEqualTo(201);
            assertThat(Rows.count("SELECT COUNT(*) FROM response r JOIN survey_version v ON v.id = r.survey_version_id "
                    + "WHERE r.id = '" + response.get("id") + "' AND v.version = 2")).isEqualTo(1);
            assertThat(Rows.count("SELECT COUNT(*) FROM response r JOIN survey_version v ON v.id = r.survey_version_id "
                    + "WHERE r.id = '" + answeredOnV1 + "' AND v.version = 1")).isEqualTo(1);
        }
        assertThat(Rows.count("SELECT COUNT(*) FROM survey_version WHERE code = 'sipas-2017'")).isEqualTo(2);
    }

    @Test
    void changingAStoredVersionWithoutBumpingItStopsStartUp(@TempDir Path folder) throws IOException {
        start(null, true).close();
        start(null, false).close(); // restarting with the same files is fine
        String storedChecksum = Rows.text("SELECT checksum FROM survey_version WHERE code = 'sipas-2017' AND version = 1");
        Files.writeString(folder.resolve("sipas-2017.yml"), shippedSipas().replace(OLD_E11, NEW_E11), StandardCharsets.UTF_8);

        Throwable failure = catchThrowable(() -> start(folder, false).close());

        assertThat(failure).as("start-up with version 1 changed in place").isNotNull();
        assertThat(chain(failure)).contains(folder.resolve("sipas-2017.yml").toString())
                .contains("sipas-2017 version 1 is already stored with different content")
                .contains("needs a new version number (set version: 2 or higher)");
        assertThat(Rows.count("SELECT COUNT(*) FROM survey_version")).isEqualTo(SHIPPED.size() + 1); // + one-stop-rating v2
        assertThat(Rows.count("SELECT COUNT(*) FROM survey_version WHERE code = 'sipas-2017'")).isEqualTo(1);
        assertThat(Rows.text("SELECT checksum FROM survey_version WHERE code = 'sipas-2017' AND version = 1")).isEqualTo(storedChecksum);
        assertThat(Rows.count("SELECT COUNT(*) FROM survey_version WHERE definition LIKE '%" + NEW_E11 + "%'")).isZero();
    }

    // --- helpers ---

    /**
     * Runs the whole application; {@code freshSchema} drops and migrates the test database first.
     * Like {@code ApplicationContext.run(EmbeddedServer.class, ...)}, but a start that fails is
     * closed, so its connection pool does not outlive it on the shared database server.
     */
    private EmbeddedServer start(Path templatesDir, boolean freshSchema) {
        Map<String, Object> properties = new HashMap<>(getProperties());
        properties.put("flyway.datasources.default.clean-schema", String.valueOf(freshSchema));
        properties.put("datasources.default.maximum-pool-size", "4");
        if (templatesDir != null) {
            properties.put("hailong.templates-dir", templatesDir.toString());
        }
        ApplicationContext context = ApplicationContext.builder().properties(properties).environments("test").build();
        try {
            context.start();
            return context.getBean(EmbeddedServer.class).start();
        } catch (RuntimeException e) {
            closeAfterFailedStart(context);
            throw e;
        }
    }

    /**
     * A context whose start failed is not "running", so stop() does nothing and its connection
     * pool would stay open on the shared database server: close the pools it created directly.
     */
    private static void closeAfterFailedStart(ApplicationContext context) {
        try {
            for (BeanRegistration<DataSource> registration : context.getActiveBeanRegistrations(DataSource.class)) {
                DataSource dataSource = registration.getBean();
                if (dataSource.isWrapperFor(Closeable.class)) {
                    dataSource.unwrap(Closeable.class).close();
                }
            }
        } catch (RuntimeException | IOException | SQLException ignored) {
            // best effort: the start failure is what the test is about
        }
        context.close();
    }

    private static Api api(EmbeddedServer server, HttpClient client) {
        return new Api(client, server.getApplicationContext().getBean(JsonMapper.class));
    }

    private static String firstCriterionText(JsonNode definition) {
        return definition.get("elements").get(0).get("criteria").get(0).get("text").get("en").getStringValue();
    }

    private static String shippedSipas() throws IOException {
        return TemplateParserTest.shippedSipas();
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable t = failure; t != null && !causes.contains(t); t = t.getCause()) {
            causes.add(t);
        }
        return causes;
    }

    private static String chain(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        causes(failure).forEach(t -> messages.append(t.getMessage()).append('\n'));
        return messages.toString();
    }
}
