package vn.hailong.support;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A MariaDB server of the test's own: its own data directory, port and socket under a temporary
 * folder, so a test may stop it, kill it and start it again without touching the shared server.
 * Needs the MariaDB server binaries ({@code mariadbd}, {@code mariadb-install-db}; Debian package
 * {@code mariadb-server}). Without them the test is skipped with the reason — except under CI
 * (env {@code CI} set), where that is a failure.
 */
public final class OwnMariaDb implements AutoCloseable {

    /** Generous: the tests run on small, loaded machines. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

    private final Path server;
    private final Path folder;
    private final Path dataDir;
    private final Path log;
    private final int port;
    private Process process;

    private OwnMariaDb(Path server, Path folder, int port) {
        this.server = server;
        this.folder = folder;
        this.dataDir = folder.resolve("data");
        this.log = folder.resolve("mariadbd.log");
        this.port = port;
    }

    /** Installs a fresh data directory (root without password) and starts the server on a free port. */
    public static OwnMariaDb start() {
        Optional<Path> server = find("mariadbd", "mysqld");
        Optional<Path> installer = find("mariadb-install-db", "mysql_install_db");
        if (server.isEmpty() || installer.isEmpty()) {
            String reason = "MariaDB server binaries not found (mariadbd and mariadb-install-db in PATH, /usr/sbin or /usr/bin):"
                    + " install the mariadb-server package to run the fault tests.";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(reason + " Under CI this is a failure, not a skip.");
            }
            Assumptions.abort(reason);
        }
        try {
            Path folder = Files.createTempDirectory("hailong-mariadb-");
            OwnMariaDb db = new OwnMariaDb(server.get(), folder, freePort());
            try {
                db.install(installer.get());
                db.startServer();
                return db;
            } catch (RuntimeException | Error e) {
                db.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public void createDatabase(String name) {
        execute("", "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }

    /** A new connection as root to {@code database} (empty: none); the caller closes it. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "root", "");
    }

    public void execute(String database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** SIGTERM: the server shuts down cleanly, closing every client connection. Waits until it is gone. */
    public void stop() {
        process.destroy();
        awaitExit();
    }

    /** SIGKILL: the server vanishes at once, as in a crash; InnoDB recovers on the next start. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** Starts the server again on the same port and data directory; returns once it accepts connections. */
    public void restart() {
        if (isRunning()) {
            throw new IllegalStateException("MariaDB is still running");
        }
        startServer();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        keepLog(log, "mariadbd-" + port + ".log");
        deleteQuietly(folder);
    }

    /** Copies a log of a process the tests ran to {@code target/fault-logs/}, where CI keeps it for a look after a failure. */
    static void keepLog(Path log, String name) {
        try {
            if (Files.exists(log)) {
                Path kept = Path.of("target", "fault-logs");
                Files.createDirectories(kept);
                Files.copy(log, kept.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException ignored) {
            // only a help for diagnosis
        }
    }

    private void install(Path installer) {
        List<String> command = new ArrayList<>(List.of(installer.toString(), "--no-defaults",
                "--datadir=" + dataDir, "--auth-root-authentication-method=normal", "--skip-test-db"));
        command.addAll(sizing());
        if (isRoot()) {
            command.add("--user=root");
        }
        run(command, folder.resolve("install.log"), Duration.ofSeconds(120));
    }

    private void startServer() {
        List<String> command = new ArrayList<>(List.of(server.toString(), "--no-defaults",
                "--datadir=" + dataDir,
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + folder.resolve("mariadbd.sock"),
                "--pid-file=" + folder.resolve("mariadbd.pid"),
                "--log-error=" + log,
                "--skip-log-bin",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_unicode_ci",
                // the production default (MySQL 8 has it), so sloppy GROUP BY fails here too
                "--sql-mode=ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION",
                "--max-connections=200"));
        command.addAll(sizing());
        if (isRoot()) {
            command.add("--user=root");
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("mariadbd.out").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited with " + process.exitValue() + ":\n" + tail(log));
            }
            try (Connection ignored = connect("")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            pause(Duration.ofMillis(200));
        }
        throw new IllegalStateException("mariadbd did not accept connections within " + START_TIMEOUT + ": " + last + "\n" + tail(log));
    }

    /** Small buffers and logs: a test server on a shared machine. */
    private static List<String> sizing() {
        return List.of("--innodb-buffer-pool-size=64M", "--innodb-log-file-size=16M");
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
                throw new IllegalStateException("mariadbd did not stop within " + STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void run(List<String> command, Path output, Duration timeout) {
        try {
            Process install = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!install.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                install.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within " + timeout);
            }
            if (install.exitValue() != 0) {
                throw new IllegalStateException(command + " failed with " + install.exitValue() + ":\n" + tail(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Optional<Path> find(String... names) {
        List<String> folders = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        folders.add("/usr/sbin");
        folders.add("/usr/bin");
        for (String name : names) {
            for (String dir : folders) {
                if (dir.isBlank()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no " + file + ")";
        }
    }

    /** A short pause between two looks at something awaited with a deadline. */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void deleteQuietly(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
