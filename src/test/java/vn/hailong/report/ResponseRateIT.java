package vn.hailong.report;

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

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/v1/reports/response-rate against counts this test keeps itself while it sends random
 * served dossiers (some returned, some still open, in two communes and on several days), rates
 * some of them by code and submits other responses; then the same figures after every dossier
 * row was purged (rollups only).
 */
@MicronautTest(transactional = false) // the purge must commit: its effect is read through another connection
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResponseRateIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;
    String admin;
    final Map<String, long[]> expected = new LinkedHashMap<>(); // "agency|day" → served, rated
    final Map<String, Long> responsesByAgencyDay = new LinkedHashMap<>();

    @BeforeAll
    void feed() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "BN", null);
        api.agency(admin, "BN-X1", "BN");
        api.agency(admin, "BN-X2", "BN");
        Random random = new Random(13);
        List<Map<String, Object>> dossiers = new ArrayList<>();
        List<String[]> returned = new ArrayList<>(); // agency, day
        for (int i = 0; i < 120; i++) {
            String agency = random.nextBoolean() ? "BN-X1" : "BN-X2";
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("code", "RR-" + i);
            d.put("agency", agency);
            d.put("procedure", Map.of("code", "P" + random.nextInt(3)));
            d.put("counter", "Q" + random.nextInt(4));
            if (random.nextInt(4) > 0) {
                String day = LocalDate.of(2026, 11, 10 + random.nextInt(5)).toString();
                // 23:30 in Hà Nội is still that day there (16:30 UTC)
                d.put("returnedAt", day + "T23:30:00+07:00");
                returned.add(new String[] {agency, day});
                expected.computeIfAbsent(agency + "|" + day, k -> new long[2])[0]++;
            } else {
                returned.add(null);
            }
            dossiers.add(d);
        }
        JsonNode results = api.post("/api/v1/dossiers:batch", Map.of("dossiers", dossiers), admin).json().get("results");
        for (int i = 0; i < dossiers.size(); i++) {
            JsonNode code = results.get(i).get("ratingCode");
            if (returned.get(i) != null && random.nextInt(3) == 0) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("id", java.util.UUID.randomUUID().toString());
                body.put("survey", "one-stop-rating");
                body.put("channel", "web");
                body.put("submittedAt", "2026-11-20T10:00:00+07:00");
                body.put("ratingCode", code.getStringValue());
                body.put("answers", Map.of("rating", 2 + random.nextInt(2)));
                assertThat(api.post("/api/v1/responses", body, null).status()).isEqualTo(201);
                expected.get(returned.get(i)[0] + "|" + returned.get(i)[1])[1]++;
                responsesByAgencyDay.merge(returned.get(i)[0] + "|2026-11-20", 1L, Long::sum);
            }
        }
        for (int i = 0; i < 7; i++) {
            Map<String, Object> plain = Api.submission("BN-X2", Map.of("E1.1", 4));
            plain.put("submittedAt", "2026-11-21T09:00:00+07:00");
            assertThat(api.post("/api/v1/responses", plain, admin).status()).isEqualTo(201);
            responsesByAgencyDay.merge("BN-X2|2026-11-21", 1L, Long::sum);
        }
    }

    private long sum(String agencyPrefix, String from, String to, int which) {
        return expected.entrySet().stream().filter(e -> e.getKey().startsWith(agencyPrefix))
                .filter(e -> {
                    String day = e.getKey().substring(e.getKey().indexOf('|') + 1);
                    return day.compareTo(from) >= 0 && day.compareTo(to) <= 0;
                }).mapToLong(e -> e.getValue()[which]).sum();
    }

    private long responses(String agencyPrefix, String from, String to) {
        return responsesByAgencyDay.entrySet().stream().filter(e -> e.getKey().startsWith(agencyPrefix))
                .filter(e -> {
                    String day = e.getKey().substring(e.getKey().indexOf('|') + 1);
                    return day.compareTo(from) >= 0 && day.compareTo(to) <= 0;
                }).mapToLong(Map.Entry::getValue).sum();
    }

    private void assertFigures(String agency, String from, String to) {
        Api.Reply reply = api.get("/api/v1/reports/response-rate?agency=" + agency + "&from=" + from + "&to=" + to, admin);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        String prefix = agency.equals("BN") ? "BN-" : agency + "|";
        long served = sum(prefix, from, to, 0);
        long rated = sum(prefix, from, to, 1);
        assertThat(reply.json().get("servedDossiers").getLongValue()).as(agency + " " + from + ".." + to).isEqualTo(served);
        assertThat(reply.json().get("ratedDossiers").getLongValue()).isEqualTo(rated);
        assertThat(reply.json().get("responses").getLongValue()).isEqualTo(responses(prefix, from, to));
        if (served == 0) {
            assertThat(reply.json().get("rate") == null || reply.json().get("rate").isNull()).isTrue();
        } else {
            assertThat(reply.json().get("rate").getDoubleValue()).isEqualTo((double) rated / served);
        }
    }

    /**
     * The Slovin target of a custom date range comes from the served dossiers the dossier system sent
     * (counted per day), where typed-in counts (per month, quarter or year) cannot give one.
     */
    @Test
    void aCustomRangeTakesItsSampleTargetFromTheServedDossiers() {
        long served = sum("BN-", "2026-11-10", "2026-11-12", 0);
        assertThat(served).isPositive();
        long target = (long) Math.ceil(served / (1 + served * 0.05 * 0.05) - 1e-9);
        Api.Reply csv = api.get("/reports/export/figures.csv?agency=BN&survey=one-stop-rating&period=custom&from=2026-11-10&to=2026-11-12&lang=en", admin);
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).anyMatch(l -> l.contains("Sample target (Slovin)") && l.matches(".*[,;]\"?" + target + "\"?[,;]*$"));
        assertThat(lines).anyMatch(l -> l.contains("Dossiers handled") && l.matches(".*[,;]\"?" + served + "\"?[,;]*$"));
    }

    @Test
    void figuresAreExactForEveryAgencyAndRange() {
        assertThat(sum("BN-", "2026-11-01", "2026-11-30", 0)).isPositive();
        assertThat(sum("BN-", "2026-11-01", "2026-11-30", 1)).isPositive();
        for (String agency : List.of("BN", "BN-X1", "BN-X2")) {
            assertFigures(agency, "2026-11-01", "2026-11-30");
            assertFigures(agency, "2026-11-11", "2026-11-12");
            assertFigures(agency, "2026-11-14", "2026-11-21");
            assertFigures(agency, "2026-12-01", "2026-12-31");
        }
    }

    @Inject
    vn.hailong.dossier.DossierPurge purge;

    @Test
    void purgingEveryDossierRowChangesNoFigure() {
        assertThat(vn.hailong.support.Rows.count("SELECT COUNT(*) FROM served_dossier")).isEqualTo(120);
        assertThat(purge.purgeOlderThan(java.time.Instant.now().plusSeconds(60))).isEqualTo(120);
        assertThat(vn.hailong.support.Rows.count("SELECT COUNT(*) FROM served_dossier")).isZero();
        for (String agency : List.of("BN", "BN-X1", "BN-X2")) {
            assertFigures(agency, "2026-11-01", "2026-11-30");
            assertFigures(agency, "2026-11-14", "2026-11-21");
        }
    }

    @Test
    void aReviewerOfASiblingIsRefused() {
        String reviewer = api.reviewer(admin, "rev-rate", "BN-X1");
        assertThat(api.get("/api/v1/reports/response-rate?agency=BN-X2", reviewer).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/reports/response-rate?agency=BN-X1", reviewer).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/reports/response-rate", reviewer).status()).isEqualTo(400);
    }
}
