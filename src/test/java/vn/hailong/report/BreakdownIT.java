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
import vn.hailong.report.BreakdownFixture.Sent;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;


import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.hailong.report.BreakdownFixture.PROCEDURE_NAMES;
import static org.assertj.core.api.Assertions.within;

/**
 * GET /api/v1/reports/breakdown as an integrator feeds it: served dossiers through the batch API,
 * then sipas-2017 responses submitted with their rating codes (and some without, which no
 * breakdown counts). Every row is checked against figures this test computes from the answers it
 * sent, with the method's per-respondent formulas (docs/method.md §3, §4, §6.2) rather than the
 * count form the application uses: responses, index and interval exact, and null below the
 * minimum sample (30 in tests).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BreakdownIT implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;
    String admin;

    List<Sent> sent;

    @BeforeAll
    void feed() {
        api = new Api(client, json);
        admin = api.adminToken();
        sent = BreakdownFixture.feed(api, admin, 160);
    }

    /** A row as this test expects it: figures from the answers, by the per-respondent formulas. */
    record Expected(String key, String agency, long responses, Double index, Double low, Double high) {
    }

    static Expected expected(String key, String agency, List<Sent> responses) {
        Map<String, long[]> counts = new LinkedHashMap<>(); // criterion → n, S
        for (Sent s : responses) {
            s.answers().forEach((criterion, value) -> {
                if (value != null) {
                    long[] c = counts.computeIfAbsent(criterion, k -> new long[2]);
                    c[0]++;
                    c[1] += value >= 4 ? 1 : 0;
                }
            });
        }
        Map<String, Double> criterionIndex = new HashMap<>();
        counts.forEach((criterion, c) -> criterionIndex.put(criterion, 100.0 * c[1] / c[0]));
        Map<String, List<String>> byElement = new LinkedHashMap<>();
        criterionIndex.keySet().stream().sorted().forEach(k -> byElement.computeIfAbsent(k.substring(0, k.indexOf('.')),
                e -> new ArrayList<>()).add(k));
        double sum = 0;
        for (List<String> criteria : byElement.values()) {
            sum += criteria.stream().mapToDouble(criterionIndex::get).average().orElseThrow();
        }
        int elements = byElement.size();
        double index = sum / elements;
        Map<String, Double> weight = new HashMap<>();
        byElement.values().forEach(criteria -> criteria.forEach(k -> weight.put(k, 1.0 / (elements * criteria.size()))));
        long m = 0;
        double squares = 0;
        for (Sent s : responses) {
            double phi = 0;
            boolean any = false;
            for (Map.Entry<String, Integer> answer : s.answers().entrySet()) {
                if (answer.getValue() == null) {
                    continue;
                }
                any = true;
                String k = answer.getKey();
                double y = answer.getValue() >= 4 ? 100 : 0;
                phi += weight.get(k) * (y - criterionIndex.get(k)) / counts.get(k)[0];
            }
            if (any) {
                m++;
                squares += phi * phi;
            }
        }
        double half = 1.96 * Math.sqrt((double) m / (m - 1) * squares);
        return new Expected(key, agency, responses.size(), index, Math.max(0, index - half), Math.min(100, index + half));
    }

    private List<Expected> expectedRows(Predicate<Sent> scope, Function<Sent, String> key, boolean perAgency) {
        Map<List<String>, List<Sent>> groups = new LinkedHashMap<>();
        for (Sent s : sent) {
            if (scope.test(s)) {
                groups.computeIfAbsent(java.util.Arrays.asList(perAgency ? s.agency() : null, key.apply(s)), k -> new ArrayList<>()).add(s);
            }
        }
        List<Expected> rows = new ArrayList<>();
        groups.forEach((k, list) -> rows.add(expected(k.get(1), k.get(0), list)));
        return rows;
    }

    private JsonNode breakdown(String query, String token) {
        Api.Reply reply = api.get("/api/v1/reports/breakdown?survey=sipas-2017&" + query, token);
        assertThat(reply.status()).as(query + ": " + reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.getStringValue();
    }

    /** Compares every row, and that the order is: sufficient rows by index (highest first), then the rest. */
    private void assertRows(JsonNode rows, List<Expected> expected) {
        assertThat(rows.size()).as(rows.toString()).isEqualTo(expected.size());
        Set<List<String>> seen = new LinkedHashSet<>();
        Double previous = null;
        boolean insufficientSeen = false;
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            String key = text(row, "key");
            String agency = text(row, "agency");
            Expected want = expected.stream().filter(e -> Objects.equals(e.key(), key) && Objects.equals(e.agency(), agency))
                    .findFirst().orElseThrow(() -> new AssertionError("unexpected row " + row));
            assertThat(seen.add(java.util.Arrays.asList(agency, key))).isTrue();
            assertThat(row.get("responses").getLongValue()).as(key).isEqualTo(want.responses());
            boolean sufficient = want.responses() >= 30;
            assertThat(row.get("sufficientSample").getBooleanValue()).as(key).isEqualTo(sufficient);
            if (sufficient) {
                assertThat(insufficientSeen).as("sufficient rows come first").isFalse();
                double index = row.get("index").getDoubleValue();
                assertThat(index).as(key + " index").isCloseTo(want.index(), within(1e-4));
                assertThat(row.get("ci95").get(0).getDoubleValue()).as(key + " ci low").isCloseTo(want.low(), within(1e-4));
                assertThat(row.get("ci95").get(1).getDoubleValue()).as(key + " ci high").isCloseTo(want.high(), within(1e-4));
                if (previous != null) {
                    assertThat(index).as("ranked by index").isLessThanOrEqualTo(previous);
                }
                previous = index;
            } else {
                insufficientSeen = true;
                assertThat(row.get("index").isNull()).as(key + " index suppressed").isTrue();
                assertThat(row.get("ci95").isNull()).as(key + " ci suppressed").isTrue();
            }
        }
    }

    @Test
    void everyDimensionIsExactForTheProvinceAndEachCommune() {
        Map<String, Function<Sent, String>> keys = new LinkedHashMap<>();
        keys.put("procedure", Sent::procedure);
        keys.put("field", Sent::field);
        keys.put("counter", Sent::counter);
        keys.put("officer", Sent::officer);
        keys.put("channel", Sent::channel);
        for (String agency : List.of("BN", "BN-X1", "BN-X2")) {
            for (Map.Entry<String, Function<Sent, String>> by : keys.entrySet()) {
                boolean perAgency = by.getKey().equals("counter") || by.getKey().equals("officer");
                JsonNode rows = breakdown("agency=" + agency + "&by=" + by.getKey(), admin);
                assertRows(rows, expectedRows(s -> agency.equals("BN") || s.agency().equals(agency), by.getValue(), perAgency));
            }
        }
    }

    @Test
    void bothSidesOfTheMinimumSampleOccurAndSuppressedRowsCarryNoFigure() {
        JsonNode rows = breakdown("agency=BN&by=procedure", admin);
        List<Expected> expected = expectedRows(s -> true, Sent::procedure, false);
        assertThat(expected).anyMatch(e -> e.responses() >= 30).anyMatch(e -> e.responses() < 30);
        assertRows(rows, expected);
        JsonNode first = rows.get(0);
        assertThat(text(first, "name")).isEqualTo(PROCEDURE_NAMES.get(text(first, "key")));
    }

    @Test
    void filtersNarrowTheRows() {
        assertRows(breakdown("agency=BN&by=officer&procedure=1.004227", admin),
                expectedRows(s -> "1.004227".equals(s.procedure()), Sent::officer, true));
        assertRows(breakdown("agency=BN&by=procedure&field=" + URLEncoder.encode("Hộ tịch", StandardCharsets.UTF_8), admin),
                expectedRows(s -> "Hộ tịch".equals(s.field()), Sent::procedure, false));
        assertRows(breakdown("agency=BN&by=channel&counter=Q1&officer=cb-01", admin),
                expectedRows(s -> s.counter().equals("Q1") && s.officer().equals("cb-01"), Sent::channel, false));
        assertRows(breakdown("agency=BN-X1&by=field&channel=DIRECT", admin),
                expectedRows(s -> s.agency().equals("BN-X1") && "direct".equals(s.channel()), Sent::field, false));
        assertRows(breakdown("agency=BN&by=counter&from=2026-11-12&to=2026-11-15", admin),
                expectedRows(s -> s.day().compareTo("2026-11-12") >= 0 && s.day().compareTo("2026-11-15") <= 0, Sent::counter, true));
        assertThat(breakdown("agency=BN&by=procedure&procedure=9.999999", admin).size()).isZero();
    }

    @Test
    void officerRowsAreOnlyForReviewersOfTheOfficersAgencyOrAbove() {
        String commune = api.reviewer(admin, "rev-bd-x1", "BN-X1");
        String province = api.reviewer(admin, "rev-bd-bn", "BN");
        assertThat(api.get("/api/v1/reports/breakdown?agency=BN&survey=sipas-2017&by=officer", commune).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/reports/breakdown?agency=BN-X2&survey=sipas-2017&by=officer", commune).status()).isEqualTo(403);
        JsonNode own = breakdown("agency=BN-X1&by=officer", commune);
        assertThat(own.size()).isPositive();
        for (JsonNode row : own.values()) {
            assertThat(text(row, "agency")).isEqualTo("BN-X1");
        }
        JsonNode all = breakdown("agency=BN&by=officer", province);
        assertThat(all.size()).isGreaterThan(own.size());
        assertThat(api.get("/api/v1/reports/breakdown?agency=BN&survey=sipas-2017&by=officer", null).status()).isEqualTo(401);
    }

    @Test
    void openApiDescribesTheBreakdownWithExamples() {
        Api.Reply openApi = api.get("/openapi.yml", null);
        assertThat(openApi.status()).isEqualTo(200);
        String yaml = openApi.body();
        int at = yaml.indexOf("/api/v1/reports/breakdown:");
        assertThat(at).isPositive();
        int next = yaml.indexOf("\n  /", at + 1);
        String path = yaml.substring(at, next < 0 ? yaml.length() : next);
        assertThat(path).contains("name: by").contains("name: procedure").contains("name: field").contains("name: counter")
                .contains("name: officer").contains("name: channel").contains("\"422\"").contains("\"403\"")
                .contains("sufficientSample").contains("- field: by");
    }

    private void assertRefused(String query, int status, String field) {
        Api.Reply reply = api.get("/api/v1/reports/breakdown?" + query, admin);
        assertThat(reply.status()).as(query + ": " + reply.body()).isEqualTo(status);
        assertThat(reply.json().get("errors").get(0).get("field").getStringValue()).as(reply.body()).isEqualTo(field);
    }

    @Test
    void badParametersAreRefusedNamingTheField() {
        assertRefused("agency=BN&survey=sipas-2017&by=district", 422, "by");
        assertRefused("agency=BN&survey=sipas-2017", 422, "by");
        assertRefused("agency=BN&survey=sipas-2017&by=officer&channel=by%20post", 422, "channel");
        assertRefused("agency=BN&survey=sipas-2017&by=officer&procedure=" + "x".repeat(65), 422, "procedure");
        assertRefused("agency=BN&survey=sipas-2017&by=officer&officer=cb%0A01", 422, "officer");
        assertRefused("survey=sipas-2017&by=officer", 400, "agency");
        assertRefused("agency=BN&survey=sipas-2017&by=officer&from=2026-13-01", 400, "from");
        assertRefused("agency=NOPE&survey=sipas-2017&by=officer", 404, "agency");
        assertRefused("agency=BN&survey=nope&by=officer", 404, "survey");
    }
}
