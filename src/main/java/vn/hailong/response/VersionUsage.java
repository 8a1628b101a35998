package vn.hailong.response;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

/**
 * How many responses each survey version holds, for the admin templates page (here because the
 * response table is this feature's, TableOwnershipTest). One grouped count over
 * the response table: an index scan that grows with the data (seconds at 10 M responses), acceptable
 * for an admin page opened now and then; a rollup table would make it instant.
 */
@Singleton
public class VersionUsage {

    private final JdbcOperations jdbc;

    VersionUsage(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public Map<Long, Long> responsesByVersion() {
        return jdbc.prepareStatement("SELECT survey_version_id, COUNT(*) FROM response GROUP BY survey_version_id", statement -> {
            Map<Long, Long> counts = new HashMap<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getLong(1), rs.getLong(2));
                }
            }
            return counts;
        });
    }
}
