package vn.hailong.system;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Map;

/**
 * Connector/J settings for the submission path, on every MySQL/MariaDB datasource (not on the
 * embedded H2, which rejects unknown settings). Each saves network round trips per submission:
 * <ul>
 *   <li>{@code rewriteBatchedStatements}: a response's ~20 answer rows go as one multi-row INSERT,
 *       not one statement each;</li>
 *   <li>{@code useLocalSessionState}: the driver remembers auto-commit and read-only instead of
 *       asking or re-setting them on every transaction;</li>
 *   <li>{@code cachePrepStmts}: the few statements of the hot path are parsed once per connection.</li>
 * </ul>
 * A value given in the JDBC URL or in {@code datasources.*.data-source-properties} wins.
 * Measured effect: docs/benchmarks.md, "Submissions".
 */
@Singleton
final class MysqlDriverSettings implements BeanCreatedEventListener<DatasourceConfiguration> {

    static final Map<String, String> SETTINGS = Map.of(
            "rewriteBatchedStatements", "true",
            "useLocalSessionState", "true",
            "cachePrepStmts", "true",
            "prepStmtCacheSize", "250",
            "prepStmtCacheSqlLimit", "2048");

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration configuration = event.getBean();
        String url = configuration.getUrl();
        if (url == null) {
            return configuration;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:mysql:") && !lower.startsWith("jdbc:mariadb:")) {
            return configuration;
        }
        SETTINGS.forEach((key, value) -> {
            boolean inUrl = lower.contains(key.toLowerCase(Locale.ROOT) + "=");
            if (!inUrl && !configuration.getDataSourceProperties().containsKey(key)) {
                configuration.addDataSourceProperty(key, value);
            }
        });
        return configuration;
    }
}
