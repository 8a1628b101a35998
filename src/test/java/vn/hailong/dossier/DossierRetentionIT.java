package vn.hailong.dossier;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;
import vn.hailong.support.SettableClock;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention purge as the scheduler runs it, at instants set through the app's clock bean: a
 * served dossier is kept until it is {@code hailong.dossiers.retention-months} old on that clock,
 * then deleted, and its served count stays.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DossierRetentionIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    SettableClock clock;

    @Inject
    DossierPurge purge;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("hailong.test.settable-clock", "true", "hailong.dossiers.retention-months", "2",
                "hailong.dossiers.purge-initial-delay", "1h");
    }

    @Test
    void aDossierIsPurgedOnlyOnceItsRetentionHasPassedOnTheAppsClock() {
        Api api = new Api(client, json);
        String admin = api.adminToken();
        api.agency(admin, "RT", null);
        Map<String, Object> dossier = DossierBatchIT.dossier("H01.RT-0001", "RT", "2026-11-21T10:30:00+07:00");
        assertThat(api.post("/api/v1/dossiers:batch", Map.of("dossiers", List.of(dossier)), admin).status()).isEqualTo(200);
        long served = Rows.count("SELECT COALESCE(SUM(served), 0) FROM dossier_served_day");
        assertThat(served).isEqualTo(1);

        purge.scheduled();
        assertThat(Rows.count("SELECT COUNT(*) FROM served_dossier")).isEqualTo(1);

        clock.advance(Duration.ofDays(55)); // under two months after the row was written
        purge.scheduled();
        assertThat(Rows.count("SELECT COUNT(*) FROM served_dossier")).isEqualTo(1);

        clock.advance(Duration.ofDays(10)); // past two months
        purge.scheduled();
        assertThat(Rows.count("SELECT COUNT(*) FROM served_dossier")).isZero();
        assertThat(Rows.count("SELECT COALESCE(SUM(served), 0) FROM dossier_served_day")).isEqualTo(served);
    }
}
