package vn.hailong.system;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The three-node Galera cluster of {@code deploy/galera/cluster.sh}, started under a temporary folder,
 * for {@link GaleraClusterIT}: the script and node files the README points developers to are the ones
 * tested. Without the packages the test is skipped with the reason, except under CI, where it fails.
 */
final class GaleraCluster implements AutoCloseable {

    static final Path SCRIPT = Path.of("deploy", "galera", "cluster.sh");
    private static final Path PROVIDER = Path.of("/usr/lib/galera/libgalera_smm.so");

    private final Path folder;

    private GaleraCluster(Path folder) {
        this.folder = folder;
    }

    static GaleraCluster start() {
        String missing = !Files.exists(PROVIDER) ? "galera-4 (" + PROVIDER + ")"
                : !Files.isExecutable(Path.of("/usr/bin/mariabackup")) ? "mariadb-backup"
                : !Files.isExecutable(Path.of("/usr/sbin/mariadbd")) ? "mariadb-server" : null;
        if (missing != null) {
            String reason = "Galera test needs " + missing + " (.ci/run installs galera-4, mariadb-backup, rsync)";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(reason + "; under CI this is a failure, not a skip.");
            }
            Assumptions.abort(reason);
        }
        for (int node = 1; node <= 3; node++) {
            for (int port : List.of(sqlPort(node), 34570 + node, 34580 + node, 34590 + node)) {
                try (ServerSocket ignored = new ServerSocket(port)) {
                    // free
                } catch (IOException e) {
                    throw new IllegalStateException("port " + port + " of deploy/galera/node" + node + ".cnf is in use", e);
                }
            }
        }
        try {
            GaleraCluster cluster = new GaleraCluster(Files.createTempDirectory("hailong-galera-"));
            try {
                cluster.script(Duration.ofMinutes(4), "start");
                return cluster;
            } catch (RuntimeException | Error e) {
                cluster.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int sqlPort(int node) {
        return 34060 + node;
    }

    String jdbcUrl(int node, String database) {
        return "jdbc:mysql://127.0.0.1:" + sqlPort(node) + "/" + database;
    }

    Connection connect(int node, String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(node, database), "root", "");
    }

    void execute(int node, String sql) {
        try (Connection c = connect(node, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    long count(int node, String database, String sql) {
        try (Connection c = connect(node, database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " on node " + node + ": " + e.getMessage(), e);
        }
    }

    /** SIGKILL of the node's mariadbd, as a crash: no clean leave from the group. */
    void kill(int node) throws Exception {
        long pid = Long.parseLong(Files.readString(folder.resolve("node" + node).resolve("mariadbd.pid")).trim());
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("node " + node + " not running"));
        process.destroyForcibly();
        process.onExit().get(60, TimeUnit.SECONDS);
    }

    /** Starts the node again with the script (which restarts it once if its state transfer aborts); returns once it is Synced. */
    void rejoin(int node) {
        script(Duration.ofMinutes(6), "start-node", Integer.toString(node));
    }

    private void script(Duration timeout, String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of(SCRIPT.toString(), arguments[0], folder.toString()));
        command.addAll(List.of(arguments).subList(1, arguments.length));
        try {
            Path log = folder.resolve("cluster-sh.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            script(Duration.ofMinutes(2), "stop");
        } catch (RuntimeException ignored) {
            // the folder goes anyway; a stuck node is killed with it below
        }
        for (int node = 1; node <= 3; node++) {
            Path log = folder.resolve("node" + node).resolve("mariadbd.log");
            try {
                if (Files.exists(log)) {
                    Path kept = Path.of("target", "fault-logs");
                    Files.createDirectories(kept);
                    Files.copy(log, kept.resolve("galera-node" + node + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException ignored) {
                // only a help for diagnosis
            }
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary folder
        }
    }

    static Instant now() {
        return Instant.now();
    }
}
