package vn.hailong.system;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.DatabaseTest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The Connector/J settings of the submission path reach the MySQL pool, and the pool still works. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MysqlDriverSettingsIT implements DatabaseTest {

    @Inject
    ApplicationContext context;

    @Inject
    DataSource dataSource;

    @Override
    public Map<String, String> extraProperties() {
        // An operator's explicit choice wins over the default.
        return Map.of("datasources.default.data-source-properties.prepStmtCacheSize", "64");
    }

    @Test
    void mysqlPoolGetsTheRoundTripSavingSettingsUnlessSetExplicitly() throws Exception {
        DatasourceConfiguration configuration = context.getBean(DatasourceConfiguration.class, Qualifiers.byName("default"));

        assertThat(configuration.getDataSourceProperties())
                .containsEntry("rewriteBatchedStatements", "true")
                .containsEntry("useLocalSessionState", "true")
                .containsEntry("cachePrepStmts", "true")
                .containsEntry("prepStmtCacheSize", "64");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }
}
