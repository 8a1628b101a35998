package vn.hailong.system;

import io.micronaut.context.env.DefaultPropertyPlaceholderResolver;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import io.micronaut.core.convert.ConversionService;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration files never put a placeholder inside another placeholder's default. Micronaut's
 * parser ends a placeholder at its first closing brace, so {@code ${A:x-${B}}} with A set resolves to
 * A's value, then B's, then a stray brace: exactly how HAILONG_JWT_SECRET became a different key in
 * every process (issue 11).
 */
class ConfigurationFilesTest {

    static final Path RESOURCES = Path.of("src/main/resources");
    /** "${" followed, before its first "}", by another "${". */
    static final Pattern NESTED = Pattern.compile("\\$\\{[^}]*\\$\\{");

    @Test
    void noPlaceholderNestsInsideAnother() throws IOException {
        List<String> nested = new ArrayList<>();
        try (Stream<Path> files = Files.list(RESOURCES)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (!line.stripLeading().startsWith("#") && NESTED.matcher(line).find()) {
                        nested.add(file.getFileName() + ":" + (i + 1) + ": " + line.strip());
                    }
                }
            }
        }
        assertThat(nested).as("placeholders nested in a default").isEmpty();
    }

    /** The parser behaviour the rule above guards against, so the rule is dropped only if Micronaut changes. */
    @Test
    void micronautEndsAPlaceholderAtItsFirstClosingBrace() {
        PropertySourcePropertyResolver resolver = new PropertySourcePropertyResolver(ConversionService.SHARED);
        resolver.addPropertySource(PropertySource.of("test", Map.of(
                "outer", "set-value",
                "nested", "${outer:generated-${inner}${inner}}",
                "inner", "INNER")));
        // the shape of the former JWT secret: the set value, then one more placeholder, then a stray brace
        assertThat(resolver.getProperty("nested", String.class)).contains("set-valueINNER}");
        assertThat(new DefaultPropertyPlaceholderResolver(resolver, ConversionService.SHARED)
                .buildSegments("${outer:generated-${inner}${inner}}")).hasSize(3);
    }

    @Test
    void everyEnvironmentPlaceholderHasAtMostOneLevel() throws IOException {
        // Every ${NAME:default} in application.yml whose NAME is an environment variable: the default is plain text.
        Matcher matcher = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):([^}]*)}").matcher(Files.readString(RESOURCES.resolve("application.yml")));
        int seen = 0;
        while (matcher.find()) {
            seen++;
            assertThat(matcher.group(2)).as(matcher.group(1)).doesNotContain("${");
        }
        assertThat(seen).as("environment placeholders found").isGreaterThan(20);
    }
}
