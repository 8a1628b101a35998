package vn.hailong.survey;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.serde.ObjectMapper;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.hailong.system.Hashing;

import java.time.Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * At start-up: reads every template (shipped in the jar under survey-templates/, plus the folder
 * HAILONG_TEMPLATES_DIR, whose files replace shipped ones of the same name), validates all of
 * them, and stores versions not seen before. Any broken file, or a stored version whose file
 * changed without a new version number, stops start-up with a message naming file, line and problem.
 */
@Context
public class TemplateImporter {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateImporter.class);
    static final String CLASSPATH_FOLDER = "survey-templates";

    private final SurveyVersionRepository versions;
    private final ObjectMapper json;
    private final String externalFolder;
    private final Clock clock;

    TemplateImporter(SurveyVersionRepository versions, ObjectMapper json,
                     @Value("${hailong.templates-dir:}") String externalFolder, Clock clock) {
        this.clock = clock;
        this.versions = versions;
        this.json = json;
        this.externalFolder = externalFolder;
    }

    @PostConstruct
    void importAll() {
        Map<String, String> files = readFiles();
        List<TemplateProblem> problems = new ArrayList<>();
        List<Parsed> parsed = new ArrayList<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            try {
                parsed.add(new Parsed(file.getKey(), TemplateParser.parse(file.getKey(), file.getValue())));
            } catch (TemplateException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new TemplateException(problems);
        }
        for (Parsed template : parsed) {
            store(template, null);
        }
    }

    /**
     * Stores a checked template as a new version — the files at start-up (national: {@code agencyId}
     * null) and uploads (TemplateUpload) alike — and returns it; a version stored before with the
     * same content is returned as it is, with different content it is a problem of the file.
     */
    SurveyVersion store(Parsed template, @io.micronaut.core.annotation.Nullable Long agencyId) {
        SurveyDefinition definition = template.definition();
        String canonical = canonicalJson(definition);
        String checksum = Hashing.sha256(canonical);
        var stored = versions.findByCodeAndVersion(definition.code(), definition.version());
        if (stored.isPresent()) {
            if (!stored.get().checksum().equals(checksum)) {
                throw new TemplateException(List.of(new TemplateProblem(template.file(), 1, "version",
                        definition.code() + " version " + definition.version()
                                + " is already stored with different content; a changed questionnaire needs a new"
                                + " version number (set version: " + (definition.version() + 1) + " or higher)")));
            }
            return stored.get();
        }
        SurveyVersion saved = versions.save(new SurveyVersion(null, definition.code(), definition.version(), definition.title().vi(),
                definition.title().en(), canonical, checksum, template.file(), clock.instant(), null, agencyId));
        LOG.info("Stored survey {} version {} from {}", definition.code(), definition.version(), template.file());
        return saved;
    }

    String canonicalJson(SurveyDefinition definition) {
        try {
            return json.writeValueAsString(definition);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** File name → content; external files replace shipped files of the same name. */
    private Map<String, String> readFiles() {
        Map<String, String> files = new TreeMap<>();
        URL shipped = TemplateImporter.class.getClassLoader().getResource(CLASSPATH_FOLDER);
        if (shipped != null) {
            readShipped(shipped, files);
        }
        if (externalFolder != null && !externalFolder.isBlank()) {
            Path folder = Path.of(externalFolder);
            if (!Files.isDirectory(folder)) {
                throw new TemplateException(List.of(new TemplateProblem(externalFolder, 1, "(folder)",
                        "HAILONG_TEMPLATES_DIR is not a folder")));
            }
            readFolder(folder, files, folder.toString() + "/");
        }
        return files;
    }

    private void readShipped(URL url, Map<String, String> files) {
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    readFolder(jar.getPath(CLASSPATH_FOLDER), files, CLASSPATH_FOLDER + "/");
                }
            } else {
                readFolder(Path.of(uri), files, CLASSPATH_FOLDER + "/");
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("Cannot read the shipped survey templates", e);
        }
    }

    private void readFolder(Path folder, Map<String, String> files, String label) {
        try (Stream<Path> paths = Files.list(folder)) {
            for (Path path : paths.filter(p -> p.getFileName().toString().endsWith(".yml")).sorted().toList()) {
                String name = path.getFileName().toString();
                files.keySet().removeIf(key -> key.endsWith("/" + name));
                files.put(label + name, Files.readString(path, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read survey templates in " + folder, e);
        }
    }

    record Parsed(String file, SurveyDefinition definition) {
    }
}
