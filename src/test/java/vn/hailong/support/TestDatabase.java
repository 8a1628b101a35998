package vn.hailong.support;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The MySQL-compatible server the database tests run against, in this order:
 * <ol>
 *   <li>{@code TEST_JDBC_URL} (+ {@code TEST_JDBC_USERNAME}, {@code TEST_JDBC_PASSWORD}): an external
 *       server, e.g. the MariaDB that {@code .ci/run} prepares where there is no Docker;</li>
 *   <li>Docker available: a MySQL 8.4 container from Testcontainers, shared by all test classes;</li>
 *   <li>neither: the tests are skipped with the reason, except under CI (env {@code CI} set),
 *       where a missing database fails the run instead of silently skipping.</li>
 * </ol>
 * Never H2: the SQL must be proven on the servers production uses.
 */
public final class TestDatabase {

    private static Map<String, Object> properties;

    private TestDatabase() {
    }

    /** Datasource properties for the application under test; the schema is dropped and migrated afresh. */
    public static synchronized Map<String, Object> properties() {
        if (properties == null) {
            properties = locate();
        }
        return properties;
    }

    public static synchronized String url() {
        return (String) properties().get("datasources.default.url");
    }

    public static String username() {
        return (String) properties().get("datasources.default.username");
    }

    public static String password() {
        return (String) properties().get("datasources.default.password");
    }

    /**
     * A fresh, empty database named after the test database plus {@code suffix}, on the same server
     * (dropped first if a previous run left it); returns its JDBC URL. For a test that starts the
     * packaged application on its own schema (its first start creates the admin, for example).
     */
    public static String sibling(String suffix) {
        String url = url();
        URI uri = URI.create(url.substring("jdbc:".length()));
        String database = uri.getPath().replaceFirst("^/", "");
        String name = database + "_" + suffix;
        try (Connection c = DriverManager.getConnection(url, username(), password());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + name + "`");
            s.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the database " + name, e);
        }
        return url.replaceFirst("/" + Pattern.quote(database) + "(?=\\?|$)", "/" + name);
    }

    /** Drops a database made by {@link #sibling}. */
    public static void dropSibling(String suffix) {
        String url = url();
        String database = URI.create(url.substring("jdbc:".length())).getPath().replaceFirst("^/", "");
        try (Connection c = DriverManager.getConnection(url, username(), password());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + database + "_" + suffix + "`");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> locate() {
        String url = System.getenv("TEST_JDBC_URL");
        String username = System.getenv().getOrDefault("TEST_JDBC_USERNAME", "root");
        String password = System.getenv().getOrDefault("TEST_JDBC_PASSWORD", "");
        if (url == null || url.isBlank()) {
            if (dockerAvailable()) {
                MySQLContainer<?> mysql = new MySQLContainer<>("mysql:8.4")
                        .withDatabaseName("hailong_test")
                        .withCommand("--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci");
                mysql.start();
                url = mysql.getJdbcUrl();
                username = mysql.getUsername();
                password = mysql.getPassword();
            } else {
                String reason = "No database for the database tests: set TEST_JDBC_URL (see README) or start Docker.";
                if (System.getenv("CI") != null) {
                    throw new IllegalStateException(reason + " Under CI this is a failure, not a skip.");
                }
                Assumptions.abort(reason);
            }
        }
        Map<String, Object> map = new HashMap<>();
        map.put("datasources.default.url", url);
        map.put("datasources.default.username", username);
        map.put("datasources.default.password", password);
        map.put("datasources.default.driver-class-name", "com.mysql.cj.jdbc.Driver");
        // MySQL 8 has ONLY_FULL_GROUP_BY by default, MariaDB does not: turn it on so sloppy SQL fails here.
        map.put("datasources.default.connection-init-sql",
                "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES')");
        return map;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
