package vn.hailong.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged application ({@code target/hailong-*.jar}, built by {@code ./mvnw package} before the
 * integration tests run) started as a separate operating-system process, so a test can stop it
 * with SIGTERM or kill it with SIGKILL as an orchestrator or a crash would. The jar is copied to a
 * temporary folder first: a rebuild while the process runs does not disturb it.
 */
public final class AppProcess implements AutoCloseable {

    /** Generous: a cold JVM start with migrations on a loaded 2-core machine. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Path folder;
    private final Path jar;
    private final int port;
    private final Map<String, String> properties;
    /** Environment variables, as operators configure the app (README, compose file, manifests); empty: properties only. */
    private final Map<String, String> environment;
    /** Started by deploy/hailong (the launcher of the README, the image and the manifests) instead of a small test JVM. */
    private final boolean launcher;
    private final HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private int starts;

    private AppProcess(Path folder, Path jar, int port, Map<String, String> properties, Map<String, String> environment,
                       boolean launcher) {
        this.launcher = launcher;
        this.folder = folder;
        this.jar = jar;
        this.port = port;
        this.properties = properties;
        this.environment = environment;
    }

    /**
     * Starts the application with these configuration properties (passed as system properties) on a
     * free loopback port, and returns once {@code /health/readiness} answers 200.
     */
    public static AppProcess start(Map<String, String> properties) {
        return start(properties, Map.of());
    }

    /**
     * The environment an operator gives a copy on the test server's database {@code url} (as
     * {@code DATASOURCES_DEFAULT_*}); a mutable map for the test to add its own settings to.
     */
    public static Map<String, String> databaseEnvironment(String url) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DATASOURCES_DEFAULT_URL", url);
        env.put("DATASOURCES_DEFAULT_USERNAME", TestDatabase.username());
        env.put("DATASOURCES_DEFAULT_PASSWORD", TestDatabase.password());
        return env;
    }

    /**
     * Starts the application configured only through these environment variables, as an operator
     * does: the test's own variables are not passed on, and the loopback address, port and data
     * folder are set as {@code MICRONAUT_SERVER_HOST}, {@code MICRONAUT_SERVER_PORT} and
     * {@code HAILONG_DATA_DIR} unless the map names them.
     */
    public static AppProcess startWithEnvironment(Map<String, String> environment) {
        return start(Map.of(), environment, false);
    }

    /**
     * As {@link #startWithEnvironment}, but started the way operators start it: by {@code deploy/hailong}
     * with the JVM options of {@code deploy/jvm.options} and the class-data archive beside the jar
     * (the launcher execs the JVM, so {@link #pid} is the JVM's).
     */
    public static AppProcess startWithLauncher(Map<String, String> environment) {
        return start(Map.of(), environment, true);
    }

    /** The jar this process runs (a copy in its own folder). */
    public Path jar() {
        return jar;
    }

    /** Everything the process logged so far. */
    public String log() {
        try {
            return Files.exists(logFile()) ? Files.readString(logFile()) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AppProcess start(Map<String, String> properties, Map<String, String> environment) {
        return start(properties, environment, false);
    }

    private static AppProcess start(Map<String, String> properties, Map<String, String> environment, boolean launcher) {
        try {
            Path folder = Files.createTempDirectory("hailong-app-");
            Path jar = folder.resolve("hailong.jar");
            Files.copy(packagedJar(), jar, StandardCopyOption.REPLACE_EXISTING);
            int port = environment.containsKey("MICRONAUT_SERVER_PORT")
                    ? Integer.parseInt(environment.get("MICRONAUT_SERVER_PORT")) : OwnMariaDb.freePort();
            AppProcess app = new AppProcess(folder, jar, port, new LinkedHashMap<>(properties), new LinkedHashMap<>(environment), launcher);
            try {
                app.launch();
                return app;
            } catch (RuntimeException | Error e) {
                app.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, as a crash or an out-of-memory kill: nothing runs after it. Waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(60));
    }

    /** SIGTERM, as Kubernetes sends when it stops a pod. Does not wait. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to end; true if it ended in time. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the application again on the same port (after {@link #kill} or {@link #terminate}). */
    public void restart() {
        if (isAlive()) {
            throw new IllegalStateException("the application is still running");
        }
        launch();
    }

    /** Starts the application again with some environment variables changed (after {@link #kill}). */
    public void restart(Map<String, String> changedEnvironment) {
        environment.putAll(changedEnvironment);
        restart();
    }

    /** The status of {@code GET path}, or -1 when no HTTP answer came (refused, reset, timed out). */
    public int status(String path) {
        try {
            return probe.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The value of a gauge or counter on {@code /prometheus} (summed over its label sets), or -1
     * when the application did not answer or does not report it.
     */
    public double metric(String name) {
        try {
            String text = probe.send(HttpRequest.newBuilder(uri("/prometheus")).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double sum = -1;
            for (String line : text.split("\n")) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    sum = Math.max(sum, 0) + Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last lines the application logged (for failure messages). */
    public String logTail() {
        return OwnMariaDb.tail(logFile());
    }

    /** Stops the process and keeps its log as {@code target/fault-logs/app-<pid>.log} for a look after a failure. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(30));
        }
        OwnMariaDb.keepLog(logFile(), "app-" + (process == null ? "none" : process.pid()) + ".log");
        OwnMariaDb.deleteQuietly(folder);
    }

    private void launch() {
        starts++;
        List<String> command = new ArrayList<>();
        if (launcher) {
            command.addAll(List.of(Path.of("deploy", "hailong").toAbsolutePath().toString(), jar.toString()));
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // a small, quick-starting JVM: the machine is shared
            command.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        if (!launcher && environment.isEmpty()) {
            Map<String, String> all = new LinkedHashMap<>(properties);
            all.put("micronaut.server.host", "127.0.0.1");
            all.put("micronaut.server.port", Integer.toString(port));
            all.put("hailong.data-dir", folder.resolve("data").toString());
            all.forEach((key, value) -> command.add("-D" + key + "=" + value));
        } else {
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("HAILONG_") || name.startsWith("MICRONAUT_")
                    || name.startsWith("DATASOURCES_") || name.startsWith("TEST_JDBC_") || name.equals("JAVA_TOOL_OPTIONS")
                    || name.equals("JAVA_OPTS"));
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("MICRONAUT_SERVER_HOST", "127.0.0.1");
            env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
            env.put("HAILONG_DATA_DIR", folder.resolve("data").toString());
            env.putAll(environment);
        }
        if (!launcher) {
            command.addAll(List.of("-jar", jar.toString()));
        }
        try {
            process = builder.directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the application exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (status("/health/readiness") == 200) {
                return;
            }
            OwnMariaDb.pause(Duration.ofMillis(250));
        }
        throw new IllegalStateException("the application was not ready within " + START_TIMEOUT + " (start " + starts + "):\n" + logTail());
    }

    private Path logFile() {
        return folder.resolve("app.log");
    }

    private static Path packagedJar() throws IOException {
        Path target = Path.of("target");
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            // Exactly the jar the build names hailong-<version>.jar: a stray -shaded/-sources/-tests jar beside it
            // (left by another build) must never be the one the process tests start.
            return files.filter(p -> p.getFileName().toString().matches("hailong-[0-9][^-]*(-SNAPSHOT)?\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No packaged application in target/: the fault tests run the"
                            + " jar that `./mvnw package` builds; run them through `./mvnw verify`."));
        }
    }
}
