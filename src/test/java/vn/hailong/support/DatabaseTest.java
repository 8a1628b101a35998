package vn.hailong.support;

import io.micronaut.test.support.TestPropertyProvider;

import java.util.HashMap;
import java.util.Map;

/**
 * Base of tests that run the whole application (HTTP server on 127.0.0.1, random port) against
 * the test database. Each test class starts from an empty, freshly migrated schema.
 */
public interface DatabaseTest extends TestPropertyProvider {

    String ADMIN = "admin";
    String ADMIN_PASSWORD = "test-admin-password";

    @Override
    default Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>();
        TestDatabase.properties().forEach((key, value) -> properties.put(key, String.valueOf(value)));
        properties.put("flyway.datasources.default.clean-schema", "true");
        properties.put("flyway.datasources.default.clean-disabled", "false");
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.put("micronaut.server.port", "-1");
        properties.put("hailong.admin.username", ADMIN);
        properties.put("hailong.admin.password", ADMIN_PASSWORD);
        properties.put("hailong.bcrypt-cost", "4");
        properties.putAll(extraProperties());
        return properties;
    }

    default Map<String, String> extraProperties() {
        return Map.of();
    }
}
