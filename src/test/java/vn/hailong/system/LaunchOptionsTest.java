package vn.hailong.system;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM options are named in one place, {@code deploy/jvm.options}, and every packaged run goes
 * through the launcher that reads it: the README's run, the container image and the Kubernetes
 * manifests. No other of these files names a JVM option of its own (a second set would drift: the
 * manifests once ran with a heap of 60 %, the image with 75 %). {@code PackagedLaunchIT} starts the
 * jar through the launcher and reads the options back from the running JVM.
 */
class LaunchOptionsTest {

    static final Path OPTIONS = Path.of("deploy/jvm.options");
    /** A JVM tuning option on a command line or in a list: -Xmx…, -Xms…, -Xss…, -XX:… */
    static final Pattern JVM_OPTION = Pattern.compile("(?<![\\w-])-(Xm[sxn][0-9]|Xss[0-9]|XX:)[^\\s\"',\\]]*");

    /** The options of the file: one a line, # starts a comment. */
    static List<String> options() throws IOException {
        return Files.readAllLines(OPTIONS).stream()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .toList();
    }

    @Test
    void theOptionsAreSizedFromTheMemoryTheJvmSeesNotFixed() throws IOException {
        List<String> options = options();
        assertThat(options).allMatch(o -> o.startsWith("-X"), "only JVM options");
        assertThat(options).anyMatch(o -> o.startsWith("-XX:MaxRAMPercentage="));
        assertThat(options).anyMatch(o -> o.startsWith("-XX:InitialRAMPercentage="));
        assertThat(options).as("no fixed heap size: percentages of the container limit instead")
                .noneMatch(o -> o.matches("-Xm[sx].*|-XX:(Max|Initial|Min)HeapSize=.*|-XX:MaxRAM=.*"));
        assertThat(options).contains("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void theImageRunsTheLauncherWithTheOptionsFile() throws IOException {
        String dockerfile = Files.readString(Path.of("deploy/Dockerfile"));
        assertThat(dockerfile).contains("COPY deploy/hailong deploy/jvm.options /app/");
        assertThat(dockerfile).contains("ENTRYPOINT [\"/app/hailong\"]");
        assertThat(dockerfile).as("the class-data archive is made at image build").contains("/app/hailong archive /app/hailong.jar");
        assertThat(ownJvmOptions(dockerfile)).as("JVM options named in the Dockerfile itself")
                .isEmpty();
    }

    @Test
    void theKubernetesManifestsRunTheImagesLauncherWithoutOptionsOfTheirOwn() throws IOException {
        String deployment = Files.readString(Path.of("deploy/kubernetes/base/deployment.yaml"));
        assertThat(deployment).containsPattern("command:\\s*\\n\\s*- /app/hailong\\s*\\n");
        try (var files = Files.walk(Path.of("deploy/kubernetes"))) {
            for (Path file : files.filter(f -> f.toString().matches(".*\\.ya?ml")).toList()) {
                String text = Files.readString(file);
                assertThat(ownJvmOptions(text)).as("JVM options in " + file).isEmpty();
                assertThat(text).as(file + " starts java itself").doesNotContainPattern("-\\s+java\\s*\\n|JAVA_TOOL_OPTIONS");
            }
        }
    }

    @Test
    void theReadmesPackagedRunsUseTheLauncher() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).contains("deploy/hailong").contains("deploy/jvm.options");
        assertThat(readme).as("a packaged run with java -jar and its own options")
                .doesNotContainPattern("(?m)^java (-D\\S+ )*-jar target/");
        assertThat(ownJvmOptions(readme)).isEmpty();
    }

    @Test
    void theLauncherReadsTheOptionsFileAndTheArchive() throws IOException {
        String launcher = Files.readString(Path.of("deploy/hailong"));
        assertThat(Files.isExecutable(Path.of("deploy/hailong"))).isTrue();
        assertThat(launcher).contains("$here/jvm.options").contains("@\"$options\"")
                .contains("-XX:SharedArchiveFile=").contains("-XX:ArchiveClassesAtExit=");
    }

    /** The JVM tuning options a text names ({@code -Xshare:dump} in the image build is a command, not one). */
    static List<String> ownJvmOptions(String text) {
        Matcher m = JVM_OPTION.matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }
}
