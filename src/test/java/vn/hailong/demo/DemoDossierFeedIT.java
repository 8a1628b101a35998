package vn.hailong.demo;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 "Demo data": the app started in the {@code demo} environment (application-demo.yml, as
 * {@code ./mvnw mn:run} starts it), here over the test database, feeds its dossier-system data
 * (DemoDossiers: a few hundred served dossiers with procedures, counters and officers, some rated
 * by code). Its demo reviewer then sees one-stop breakdowns by procedure, counter and officer and a
 * response rate of the served dossiers over the demo's 60 days.
 */
@MicronautTest(environments = "demo")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoDossierFeedIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;
    String reviewer;
    String from;
    String to;

    @Override
    public Map<String, String> extraProperties() {
        try {
            return Map.of("hailong.data-dir", Files.createTempDirectory("hailong-demo-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    void login() {
        api = new Api(client, json);
        reviewer = api.login(DemoData.REVIEWER, DemoData.REVIEWER_PASSWORD);
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));
        from = today.minusDays(60).toString();
        // the dossiers were returned on the 60 days before today; the demo rates them today
        to = today.toString();
    }

    @Test
    void theFeedIsAFewHundredDossiersWithProceduresCountersAndOfficers() {
        long dossiers = Rows.count("SELECT COUNT(*) FROM served_dossier");
        assertThat(dossiers).isBetween(100L, 1000L);
        for (String column : List.of("procedure_id", "counter_id", "officer_id")) {
            assertThat(Rows.count("SELECT COUNT(DISTINCT " + column + ") FROM served_dossier")).as(column).isGreaterThan(1);
        }
    }

    @Test
    void theDemoShowsABreakdownByProcedureCounterAndOfficer() {
        for (String by : List.of("procedure", "counter", "officer")) {
            Api.Reply reply = api.get("/api/v1/reports/breakdown?agency=" + DemoData.PROVINCE + "&survey=one-stop-rating&from=" + from
                    + "&to=" + to + "&by=" + by, reviewer);
            assertThat(reply.status()).as(by + ": " + reply.body()).isEqualTo(200);
            List<JsonNode> rows = new ArrayList<>();
            reply.json().values().forEach(rows::add);
            List<JsonNode> named = rows.stream().filter(r -> r.get("key") != null && !r.get("key").isNull()).toList();
            assertThat(named).as(by + " rows with a key").hasSizeGreaterThan(1);
            Set<String> keys = new HashSet<>();
            for (JsonNode row : named) {
                // counters and officers are registered per agency: Q1 of DEMO-X1 is not Q1 of DEMO-X2
                JsonNode agency = row.get("agency");
                String scoped = (agency == null || agency.isNull() ? "" : agency.getStringValue() + "|") + row.get("key").getStringValue();
                assertThat(keys.add(scoped)).as(by + " row once: " + scoped).isTrue();
                if (!by.equals("counter")) { // the demo feed names its procedures and officers, its counters are codes only
                    assertThat(row.get("name").getStringValue()).as(by + " name").isNotBlank();
                }
                assertThat(row.get("responses").getLongValue()).as(by + " " + row.get("key").getStringValue()).isPositive();
            }
        }
    }

    @Test
    void theDemoShowsAResponseRateOfTheServedDossiers() {
        Api.Reply reply = api.get("/api/v1/reports/response-rate?agency=" + DemoData.PROVINCE + "&from=" + from + "&to=" + to, reviewer);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        long served = reply.json().get("servedDossiers").getLongValue();
        long rated = reply.json().get("ratedDossiers").getLongValue();
        double rate = reply.json().get("rate").getDoubleValue();
        assertThat(served).isPositive();
        assertThat(rated).isPositive().isLessThanOrEqualTo(served);
        assertThat(rate).isGreaterThan(0).isLessThanOrEqualTo(1).isEqualTo((double) rated / served);
        // the feed's dossiers were all returned within the 60 days: every one is served
        assertThat(served).isEqualTo(Rows.count("SELECT COUNT(*) FROM served_dossier WHERE returned_at IS NOT NULL"));
    }
}
