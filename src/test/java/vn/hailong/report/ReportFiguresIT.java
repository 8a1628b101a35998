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
import vn.hailong.support.Rows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The report's figures for an agency equal an independent recomputation from the stored answers.
 *
 * <p>Several hundred seeded-random sipas-2017 responses go in through the public API, spread over
 * a small tree (province P, communes P-1 and P-2, centre P-1-A under P-1) and four months, with
 * gaps, empty responses and times near midnight (where the date in Asia/Ho_Chi_Minh is not the
 * UTC date). The expected figures are then computed here from rows read with plain JDBC, applying
 * docs/method.md §3–§6 literally, one respondent at a time; nothing of the application's report code is used.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportFiguresIT implements DatabaseTest {

    private static final String SURVEY = "sipas-2017";
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final ZoneOffset PLUS_7 = ZoneOffset.ofHours(7);
    private static final LocalDate FIRST = LocalDate.of(2026, 6, 1);
    private static final LocalDate LAST = LocalDate.of(2026, 9, 30);
    private static final int RANDOM_RESPONSES = 390;
    private static final int MINIMUM_SAMPLE = 30;
    private static final double Z = 1.96;
    /** The API rounds to 4 decimals. */
    private static final double TOLERANCE = 0.001;
    private static final List<String> CRITERIA = Api.SIPAS_CRITERIA;
    private static final List<String> ELEMENTS = List.of("E1", "E2", "E3", "E4", "E5");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;
    String admin;
    /** What was posted, by response id: submission time and the valid scale answers. */
    final Map<String, Sent> sent = new LinkedHashMap<>();
    /** What the database holds, read back with plain JDBC. */
    List<Stored> stored;
    /** agency code → parent code, from the agency table. */
    Map<String, String> parents;

    record Sent(String agency, Instant submittedAt, Map<String, Integer> values) {
    }

    record Stored(String id, String agency, Instant submittedAt, LocalDate submittedDate, Map<String, Integer> values) {
        LocalDate localDate() {
            return submittedAt.atZone(VIETNAM).toLocalDate();
        }
    }

    @BeforeAll
    void data() throws SQLException {
        api = new Api(client, json);
        admin = api.adminToken();
        agency("P", "PROVINCE", null);
        agency("P-1", "COMMUNE", "P");
        agency("P-2", "COMMUNE", "P");
        agency("P-1-A", "CENTRE", "P-1");

        Random random = new Random(20260601L);
        for (int i = 0; i < RANDOM_RESPONSES; i++) {
            String agency = pickAgency(random);
            LocalDate day = agency.equals("P-2")
                    // P-2 is seldom surveyed in September: a small sample there, for the ranking.
                    ? FIRST.plusDays(random.nextInt((int) ChronoUnit.DAYS.between(FIRST, LocalDate.of(2026, 9, 1))))
                    : FIRST.plusDays(random.nextInt((int) ChronoUnit.DAYS.between(FIRST, LAST) + 1));
            post(random, agency, at(random, day), random.nextInt(10) == 0);
        }
        // Around the edges: just after midnight local time is still the previous day in UTC.
        post(random, "P-1", OffsetDateTime.of(FIRST.atTime(0, 12), PLUS_7), false);        // in range; UTC 31 May
        post(random, "P-1-A", OffsetDateTime.of(FIRST.minusDays(1).atTime(23, 48), PLUS_7), false); // out of range
        post(random, "P-1", OffsetDateTime.of(LAST.plusDays(1).atTime(0, 7), PLUS_7), true);  // out; UTC 30 Sep
        post(random, "P-1-A", OffsetDateTime.of(LAST.atTime(23, 55), PLUS_7), false);      // in range
        post(random, "P-2", OffsetDateTime.of(LocalDate.of(2026, 7, 1).atTime(0, 3), PLUS_7), false);   // July; UTC June
        post(random, "P-2", OffsetDateTime.of(LocalDate.of(2026, 8, 16).atTime(0, 40), PLUS_7), true);  // 16 Aug; UTC 15
        post(random, "P-2", OffsetDateTime.of(LocalDate.of(2026, 8, 15).atTime(23, 59), PLUS_7), false);
        post(random, "P", OffsetDateTime.of(LocalDate.of(2026, 8, 1).atTime(0, 30), PLUS_7), false);   // August; UTC July
        for (int i = 0; i < 6; i++) {
            post(random, "P-2", at(random, LocalDate.of(2026, 9, 1).plusDays(random.nextInt(30))), false);
        }
        post(random, "P-2", OffsetDateTime.of(LocalDate.of(2026, 9, 1).atTime(0, 20), PLUS_7), false);  // September; UTC Aug

        stored = readBack();
    }

    /** docs/method.md §6.4: the reference below reproduces the methodology's worked example. */
    @Test
    void referenceReproducesTheWorkedExample() {
        List<Map<String, Integer>> answers = List.of(
                example(5, 4, 3, 5, 4), example(2, 4, 4, null, 1), example(4, 3, 5, 5, 5),
                example(5, 5, 2, 4, 3), example(3, null, 4, 4, 4));
        Reference r = Reference.of(answers, List.of("E1.1", "E1.2", "E2.1", "E2.2", "E2.3"));

        assertClose(r.criteria.get("E1.1").index, r.criteria.get("E1.1").ci, 60.00, 23.07, 88.24);
        assertClose(r.criteria.get("E1.2").index, r.criteria.get("E1.2").ci, 75.00, 30.06, 95.44);
        assertClose(r.criteria.get("E2.1").index, r.criteria.get("E2.1").ci, 60.00, 23.07, 88.24);
        assertClose(r.criteria.get("E2.2").index, r.criteria.get("E2.2").ci, 100.00, 51.01, 100.00);
        assertClose(r.criteria.get("E2.3").index, r.criteria.get("E2.3").ci, 60.00, 23.07, 88.24);
        assertClose(r.elements.get("E1").index, r.elements.get("E1").ci, 67.50, 38.54, 96.46);
        assertClose(r.elements.get("E2").index, r.elements.get("E2").ci, 73.33, 48.89, 97.78);
        assertClose(r.index, r.ci, 70.42, 62.48, 78.35);
    }

    @Test
    void databaseHoldsExactlyWhatWasPostedWithLocalDates() {
        assertThat(stored).hasSize(sent.size());
        for (Stored row : stored) {
            Sent posted = sent.get(row.id());
            assertThat(posted).as("response %s", row.id()).isNotNull();
            assertThat(row.agency()).isEqualTo(posted.agency());
            assertThat(row.submittedAt()).isEqualTo(posted.submittedAt());
            assertThat(row.values()).as("answers of %s", row.id()).isEqualTo(posted.values());
            assertThat(row.submittedDate()).as("submitted_date of %s", row.id()).isEqualTo(row.localDate());
        }
        // The data exercises what it should: local dates that are not UTC dates, also across months,
        // empty responses, gaps, and the overall question.
        assertThat(stored.stream().filter(r -> !r.localDate().equals(r.submittedAt().atZone(ZoneOffset.UTC).toLocalDate())).count())
                .isGreaterThan(20);
        assertThat(stored.stream().filter(r -> r.localDate().getMonth() != r.submittedAt().atZone(ZoneOffset.UTC).getMonth()).count())
                .isGreaterThanOrEqualTo(4);
        assertThat(stored.stream().filter(r -> CRITERIA.stream().noneMatch(r.values()::containsKey)).count()).isGreaterThan(10);
        assertThat(stored.stream().filter(r -> r.values().containsKey("overall")).count()).isBetween(100L, 300L);
        long answered = stored.stream().mapToLong(r -> CRITERIA.stream().filter(r.values()::containsKey).count()).sum();
        assertThat((double) answered / (stored.size() * CRITERIA.size())).isBetween(0.6, 0.75);
    }

    @Test
    void provinceOverItsWholeHistory() {
        assertReport("P", null, null);
    }

    @Test
    void communeIncludesItsCentre() {
        List<Stored> centre = scope("P-1-A", FIRST, LAST);
        assertThat(centre).hasSizeGreaterThan(MINIMUM_SAMPLE);
        assertThat(scope("P-1", FIRST, LAST).containsAll(centre)).isTrue();
        assertReport("P-1", FIRST, LAST);
    }

    @Test
    void communeOverASubRangeCountsLocalDates() {
        LocalDate from = LocalDate.of(2026, 7, 1);
        LocalDate to = LocalDate.of(2026, 8, 15);
        assertReport("P-2", from, to);
    }

    @Test
    void centreOnItsOwn() {
        assertReport("P-1-A", null, null);
    }

    @Test
    void rankingOfTheProvinceChildrenOverTheWholeRange() {
        Api.Reply reply = api.get("/api/v1/reports/ranking?parent=P&survey=" + SURVEY + "&from=" + FIRST + "&to=" + LAST, admin);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Reference communeOne = reference("P-1", FIRST, LAST);
        Reference communeTwo = reference("P-2", FIRST, LAST);
        assertThat(communeOne.responses).isGreaterThanOrEqualTo(MINIMUM_SAMPLE);
        assertThat(communeTwo.responses).isGreaterThanOrEqualTo(MINIMUM_SAMPLE);
        assertThat(Math.abs(communeOne.index - communeTwo.index)).as("a clear order").isGreaterThan(0.5);
        List<String> order = communeOne.index > communeTwo.index ? List.of("P-1", "P-2") : List.of("P-2", "P-1");

        JsonNode rows = reply.json();
        assertThat(rows.size()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            JsonNode row = rows.get(i);
            String code = order.get(i);
            Reference expected = code.equals("P-1") ? communeOne : communeTwo;
            assertThat(row.get("agency").get("code").getStringValue()).isEqualTo(code);
            assertThat(row.get("rank").getIntValue()).isEqualTo(i + 1);
            assertThat(row.get("responses").getLongValue()).isEqualTo(expected.responses);
            assertThat(row.get("sufficientSample").getBooleanValue()).isTrue();
            assertNumber(row.get("index"), expected.index, code + " index");
            assertInterval(row.get("ci95"), expected.ci, code + " ci95");
        }
    }

    @Test
    void rankingOverASubRangeKeepsASmallSampleApart() {
        LocalDate from = LocalDate.of(2026, 9, 1);
        LocalDate to = LocalDate.of(2026, 9, 30);
        Api.Reply reply = api.get("/api/v1/reports/ranking?parent=P&survey=" + SURVEY + "&from=" + from + "&to=" + to, admin);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Reference communeOne = reference("P-1", from, to);
        Reference communeTwo = reference("P-2", from, to);
        assertThat(communeOne.responses).isGreaterThanOrEqualTo(MINIMUM_SAMPLE);
        assertThat(communeTwo.responses).isBetween(1L, (long) MINIMUM_SAMPLE - 1);

        JsonNode rows = reply.json();
        assertThat(rows.size()).isEqualTo(2);
        JsonNode first = rows.get(0);
        assertThat(first.get("agency").get("code").getStringValue()).isEqualTo("P-1");
        assertThat(first.get("rank").getIntValue()).isEqualTo(1);
        assertThat(first.get("responses").getLongValue()).isEqualTo(communeOne.responses);
        assertThat(first.get("sufficientSample").getBooleanValue()).isTrue();
        assertNumber(first.get("index"), communeOne.index, "P-1 index");
        assertInterval(first.get("ci95"), communeOne.ci, "P-1 ci95");

        JsonNode small = rows.get(1);
        assertThat(small.get("agency").get("code").getStringValue()).isEqualTo("P-2");
        assertThat(small.get("rank") == null || small.get("rank").isNull()).as("unranked: " + small).isTrue();
        assertThat(small.get("responses").getLongValue()).isEqualTo(communeTwo.responses);
        assertThat(small.get("sufficientSample").getBooleanValue()).isFalse();
        if (small.get("index") != null && !small.get("index").isNull()) {
            assertNumber(small.get("index"), communeTwo.index, "P-2 index");
        }
    }

    @Test
    void monthlyTrendOfTheProvinceFollowsTheReference() {
        Api.Reply reply = api.get("/api/v1/reports/trend?agency=P&survey=" + SURVEY + "&from=" + FIRST + "&to=" + LAST
                + "&interval=month", admin);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertTrend(reply.json(), "P", FIRST, LAST);
    }

    @Test
    void monthlyTrendOverPartMonthsClipsTheFirstAndLastPoint() {
        LocalDate from = LocalDate.of(2026, 6, 15);
        LocalDate to = LocalDate.of(2026, 9, 10);
        Api.Reply reply = api.get("/api/v1/reports/trend?agency=P-1&survey=" + SURVEY + "&from=" + from + "&to=" + to
                + "&interval=month", admin);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertTrend(reply.json(), "P-1", from, to);
    }

    // ---- checks against the reference ----

    private void assertReport(String agency, LocalDate from, LocalDate to) {
        String query = "/api/v1/reports/satisfaction?agency=" + agency + "&survey=" + SURVEY
                + (from == null ? "" : "&from=" + from) + (to == null ? "" : "&to=" + to);
        Api.Reply reply = api.get(query, admin);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode report = reply.json();
        List<Stored> rows = scope(agency, from, to);
        Reference expected = Reference.of(rows.stream().map(Stored::values).toList(), CRITERIA);
        assertThat(expected.responses).isGreaterThan(MINIMUM_SAMPLE);

        assertThat(report.get("agency").get("code").getStringValue()).isEqualTo(agency);
        assertThat(report.get("survey").getStringValue()).isEqualTo(SURVEY);
        assertThat(report.get("versions").size()).isEqualTo(1);
        assertThat(report.get("versions").get(0).getIntValue()).isEqualTo(1);
        assertThat(text(report.get("from"))).isEqualTo(from == null ? null : from.toString());
        assertThat(text(report.get("to"))).isEqualTo(to == null ? null : to.toString());
        assertThat(report.get("responses").getLongValue()).isEqualTo(expected.responses);
        assertThat(report.get("sufficientSample").getBooleanValue()).isEqualTo(expected.responses >= MINIMUM_SAMPLE);
        assertNumber(report.get("index"), expected.index, agency + " index");
        assertInterval(report.get("ci95"), expected.ci, agency + " ci95");

        JsonNode elements = report.get("elements");
        assertThat(elements.size()).isEqualTo(ELEMENTS.size());
        for (int e = 0; e < ELEMENTS.size(); e++) {
            JsonNode element = elements.get(e);
            String code = ELEMENTS.get(e);
            ElementRef ref = expected.elements.get(code);
            assertThat(element.get("code").getStringValue()).isEqualTo(code);
            assertThat(element.get("respondents").getLongValue()).as(code + " respondents").isEqualTo(ref.respondents);
            assertNumber(element.get("index"), ref.index, code + " index");
            assertInterval(element.get("ci95"), ref.ci, code + " ci95");
            List<String> codes = CRITERIA.stream().filter(c -> c.startsWith(code + ".")).toList();
            JsonNode criteria = element.get("criteria");
            assertThat(criteria.size()).isEqualTo(codes.size());
            for (int k = 0; k < codes.size(); k++) {
                assertThat(criteria.get(k).get("code").getStringValue()).isEqualTo(codes.get(k));
                assertScaleFigure(criteria.get(k), expected.criteria.get(codes.get(k)), agency + " " + codes.get(k));
            }
        }

        JsonNode overall = null;
        for (JsonNode question : report.get("questions").values()) {
            if (question.get("code").getStringValue().equals("overall")) {
                overall = question;
            }
        }
        assertThat(overall).as("the overall question's figures").isNotNull();
        assertScaleFigure(overall, expected.overall, agency + " overall");
    }

    private void assertTrend(JsonNode points, String agency, LocalDate from, LocalDate to) {
        List<LocalDate> months = new ArrayList<>();
        for (LocalDate month = from.withDayOfMonth(1); !month.isAfter(to); month = month.plusMonths(1)) {
            months.add(month);
        }
        assertThat(points.size()).isEqualTo(months.size());
        long total = 0;
        for (int i = 0; i < months.size(); i++) {
            LocalDate month = months.get(i);
            LocalDate first = month.isBefore(from) ? from : month;
            LocalDate last = month.plusMonths(1).minusDays(1).isAfter(to) ? to : month.plusMonths(1).minusDays(1);
            Reference expected = reference(agency, first, last);
            JsonNode point = points.get(i);
            String label = month.format(DateTimeFormatter.ofPattern("yyyy-MM"));
            assertThat(point.get("period").getStringValue()).isEqualTo(label);
            assertThat(text(point.get("from"))).as(label + " from").isEqualTo(first.toString());
            assertThat(text(point.get("to"))).as(label + " to").isEqualTo(last.toString());
            assertThat(point.get("responses").getLongValue()).as(label + " responses").isEqualTo(expected.responses);
            assertThat(point.get("sufficientSample").getBooleanValue()).isEqualTo(expected.responses >= MINIMUM_SAMPLE);
            assertNumber(point.get("index"), expected.index, label + " index");
            assertInterval(point.get("ci95"), expected.ci, label + " ci95");
            total += expected.responses;
        }
        assertThat(total).isEqualTo(scope(agency, from, to).size());
    }

    private static void assertScaleFigure(JsonNode actual, CriterionRef expected, String what) {
        assertThat(actual.get("answers").getLongValue()).as(what + " answers").isEqualTo(expected.answers);
        assertThat(actual.get("satisfied").getLongValue()).as(what + " satisfied").isEqualTo(expected.satisfied);
        assertNumber(actual.get("index"), expected.index, what + " index");
        assertInterval(actual.get("ci95"), expected.ci, what + " ci95");
        assertNumber(actual.get("mean"), expected.mean, what + " mean");
        Map<String, Long> distribution = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : actual.get("distribution").entries()) {
            distribution.put(entry.getKey(), entry.getValue().getLongValue());
        }
        Map<String, Long> wanted = new LinkedHashMap<>();
        for (int v = 1; v <= 5; v++) {
            wanted.put(Integer.toString(v), expected.distribution[v]);
        }
        assertThat(distribution).as(what + " distribution").isEqualTo(wanted);
    }

    private static void assertNumber(JsonNode actual, Double expected, String what) {
        if (expected == null) {
            assertThat(actual == null || actual.isNull()).as(what + " should be absent: " + actual).isTrue();
            return;
        }
        assertThat(actual).as(what).isNotNull();
        assertThat(actual.isNumber()).as(what + " is a number: " + actual).isTrue();
        assertThat(actual.getDoubleValue()).as(what).isCloseTo(expected, within(TOLERANCE));
    }

    private static void assertInterval(JsonNode actual, double[] expected, String what) {
        if (expected == null) {
            assertThat(actual == null || actual.isNull()).as(what + " should be absent: " + actual).isTrue();
            return;
        }
        assertThat(actual).as(what).isNotNull();
        assertThat(actual.size()).as(what).isEqualTo(2);
        assertThat(actual.get(0).getDoubleValue()).as(what + " low").isCloseTo(expected[0], within(TOLERANCE));
        assertThat(actual.get(1).getDoubleValue()).as(what + " high").isCloseTo(expected[1], within(TOLERANCE));
    }

    private static void assertClose(Double index, double[] ci, double value, double low, double high) {
        assertThat(index).isCloseTo(value, within(0.005));
        assertThat(ci[0]).isCloseTo(low, within(0.005));
        assertThat(ci[1]).isCloseTo(high, within(0.005));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.getStringValue();
    }

    private static Map<String, Integer> example(Integer... values) {
        List<String> codes = List.of("E1.1", "E1.2", "E2.1", "E2.2", "E2.3");
        Map<String, Integer> answers = new HashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                answers.put(codes.get(i), values[i]);
            }
        }
        return answers;
    }

    // ---- the reference: docs/method.md §3–§6, per respondent ----

    private Reference reference(String agency, LocalDate from, LocalDate to) {
        return Reference.of(scope(agency, from, to).stream().map(Stored::values).toList(), CRITERIA);
    }

    /** Stored responses of the agency's subtree (walked up through parent codes) with a local date in [from, to]. */
    private List<Stored> scope(String agency, LocalDate from, LocalDate to) {
        return stored.stream().filter(r -> isWithin(r.agency(), agency))
                .filter(r -> from == null || !r.localDate().isBefore(from))
                .filter(r -> to == null || !r.localDate().isAfter(to))
                .toList();
    }

    private boolean isWithin(String agency, String ancestor) {
        for (String a = agency; a != null; a = parents.get(a)) {
            if (a.equals(ancestor)) {
                return true;
            }
        }
        return false;
    }

    static final class CriterionRef {
        long answers;
        long satisfied;
        long sum;
        final long[] distribution = new long[6];
        Double index;
        double[] ci;
        Double mean;
    }

    static final class ElementRef {
        long respondents;
        Double index;
        double[] ci;
    }

    static final class Reference {
        long responses;
        final Map<String, CriterionRef> criteria = new LinkedHashMap<>();
        final Map<String, ElementRef> elements = new LinkedHashMap<>();
        CriterionRef overall;
        Double index;
        double[] ci;

        /** Criterion codes are "E<element>.<n>"; the element is what comes before the dot. */
        static Reference of(List<Map<String, Integer>> respondents, List<String> criterionCodes) {
            Reference r = new Reference();
            r.responses = respondents.size();
            for (String code : criterionCodes) {
                r.criteria.put(code, scaleFigure(respondents, code));
            }
            r.overall = scaleFigure(respondents, "overall");

            Map<String, List<String>> byElement = new LinkedHashMap<>();
            for (String code : criterionCodes) {
                byElement.computeIfAbsent(code.substring(0, code.indexOf('.')), e -> new ArrayList<>()).add(code);
            }
            double[] overallPhi = new double[respondents.size()];
            int elementsWithValue = 0;
            double elementSum = 0;
            List<double[]> elementPhis = new ArrayList<>();
            for (Map.Entry<String, List<String>> element : byElement.entrySet()) {
                List<String> used = element.getValue().stream().filter(c -> r.criteria.get(c).answers > 0).toList();
                ElementRef ref = new ElementRef();
                r.elements.put(element.getKey(), ref);
                ref.respondents = respondents.stream().filter(a -> used.stream().anyMatch(a::containsKey)).count();
                if (used.isEmpty()) {
                    continue;
                }
                ref.index = used.stream().mapToDouble(c -> r.criteria.get(c).index).sum() / used.size();
                int k = used.size();
                double[] phi = new double[respondents.size()];
                for (int i = 0; i < respondents.size(); i++) {
                    Map<String, Integer> answers = respondents.get(i);
                    for (String c : used) {
                        Integer value = answers.get(c);
                        if (value != null) {
                            CriterionRef criterion = r.criteria.get(c);
                            double y = value >= 4 ? 100 : 0;
                            phi[i] += (y - criterion.index) / criterion.answers / k;
                        }
                    }
                }
                ref.ci = linearised(ref.index, phi, ref.respondents);
                elementPhis.add(phi);
                elementsWithValue++;
                elementSum += ref.index;
            }
            if (elementsWithValue > 0) {
                for (double[] phi : elementPhis) {
                    for (int i = 0; i < phi.length; i++) {
                        overallPhi[i] += phi[i] / elementsWithValue;
                    }
                }
                r.index = elementSum / elementsWithValue;
                long m = respondents.stream().filter(a -> criterionCodes.stream().anyMatch(a::containsKey)).count();
                r.ci = linearised(r.index, overallPhi, m);
            }
            return r;
        }

        private static CriterionRef scaleFigure(List<Map<String, Integer>> respondents, String code) {
            CriterionRef c = new CriterionRef();
            for (Map<String, Integer> answers : respondents) {
                Integer value = answers.get(code);
                if (value == null) {
                    continue;
                }
                assertThat(value).isBetween(1, 5);
                c.answers++;
                c.sum += value;
                c.distribution[value]++;
                if (value >= 4) {
                    c.satisfied++;
                }
            }
            if (c.answers > 0) {
                c.index = 100.0 * c.satisfied / c.answers;
                c.mean = (double) c.sum / c.answers;
                c.ci = wilson(c.satisfied, c.answers);
            }
            return c;
        }

        /** Wilson score interval, z = 1.96, in percent. */
        private static double[] wilson(long s, long n) {
            double p = (double) s / n;
            double z2 = Z * Z;
            double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
            double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
            return new double[]{clip(100 * (centre - half)), clip(100 * (centre + half))};
        }

        /** value ± 1.96·√(m/(m−1)·Σφ²), clipped; undefined below two respondents. */
        private static double[] linearised(double value, double[] phi, long m) {
            if (m < 2) {
                return null;
            }
            double squares = 0;
            for (double p : phi) {
                squares += p * p;
            }
            double half = Z * Math.sqrt((double) m / (m - 1) * squares);
            return new double[]{clip(value - half), clip(value + half)};
        }

        private static double clip(double percent) {
            return Math.max(0, Math.min(100, percent));
        }
    }

    // ---- data ----

    private void agency(String code, String kind, String parent) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("nameVi", "Cơ quan " + code);
        body.put("nameEn", "Agency " + code);
        body.put("kind", kind);
        body.put("parent", parent);
        Api.Reply reply = api.post("/api/v1/agencies", body, admin);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    private static String pickAgency(Random random) {
        int roll = random.nextInt(100);
        return roll < 15 ? "P" : roll < 45 ? "P-1" : roll < 65 ? "P-1-A" : "P-2";
    }

    /** A time on that local day: mostly office hours, a third of them within an hour of midnight. */
    private static OffsetDateTime at(Random random, LocalDate day) {
        int roll = random.nextInt(6);
        LocalTime time = switch (roll) {
            case 0 -> LocalTime.of(0, 0).plusSeconds(random.nextInt(3600));          // UTC: the day before
            case 1 -> LocalTime.of(23, 0).plusSeconds(random.nextInt(3600));
            default -> LocalTime.of(7, 30).plusSeconds(random.nextInt(10 * 3600));
        };
        return OffsetDateTime.of(day, time, PLUS_7);
    }

    /** How satisfied people are at each agency: weights of the values 1–5. */
    private static int[] weights(String agency) {
        return switch (agency) {
            case "P" -> new int[]{6, 10, 22, 36, 26};
            case "P-1" -> new int[]{4, 8, 18, 40, 30};
            case "P-1-A" -> new int[]{10, 15, 25, 30, 20};
            default -> new int[]{2, 5, 10, 38, 45};
        };
    }

    private static int value(Random random, int[] weights, int mood) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int roll = random.nextInt(total);
        int v = 1;
        while (roll >= weights[v - 1]) {
            roll -= weights[v - 1];
            v++;
        }
        return Math.max(1, Math.min(5, v + mood));
    }

    private void post(Random random, String agency, OffsetDateTime submittedAt, boolean noCriterion) {
        Map<String, Object> answers = new LinkedHashMap<>();
        Map<String, Integer> values = new HashMap<>();
        int mood = random.nextInt(5) == 0 ? (random.nextBoolean() ? 1 : -1) : 0; // answers of one person go together
        int[] weights = weights(agency);
        for (String code : CRITERIA) {
            if (noCriterion || random.nextInt(4) == 0) {
                if (random.nextBoolean()) {
                    answers.put(code, null); // explicit "no answer"; otherwise absent
                }
                continue;
            }
            int v = value(random, weights, mood);
            answers.put(code, v);
            values.put(code, v);
        }
        if (random.nextInt(5) < 3) {
            int v = value(random, weights, mood);
            answers.put("overall", v);
            values.put("overall", v);
        } else if (random.nextBoolean()) {
            answers.put("overall", null);
        }
        if (values.isEmpty()) {
            // A response rated on no scale is refused (issue 12): such a citizen rates at least the overall question.
            int v = value(random, weights, mood);
            answers.put("overall", v);
            values.put("overall", v);
        }
        if (random.nextInt(4) == 0) {
            answers.put("comment", "Góp ý số " + sent.size());
        }
        if (random.nextInt(5) == 0) {
            answers.put("improve", List.of(ELEMENTS.get(random.nextInt(ELEMENTS.size()))));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        String id = UUID.randomUUID().toString();
        body.put("id", id);
        body.put("survey", SURVEY);
        body.put("agency", agency);
        body.put("channel", "paper"); // typed in by staff: admin token, no per-client rate limit
        body.put("language", "vi");
        // Mostly written with +07:00; some of the same instants written in UTC.
        body.put("submittedAt", random.nextInt(8) == 0
                ? submittedAt.withOffsetSameInstant(ZoneOffset.UTC).toString() : submittedAt.toString());
        body.put("answers", answers);
        Api.Reply reply = api.post("/api/v1/responses", body, admin);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        sent.put(id, new Sent(agency, submittedAt.toInstant(), values));
    }

    private List<Stored> readBack() throws SQLException {
        parents = new HashMap<>();
        Map<Long, String> codes = new HashMap<>();
        Map<Long, Long> parentIds = new HashMap<>();
        Map<String, Stored> byId = new LinkedHashMap<>();
        Set<String> scale = new HashSet<>(CRITERIA);
        scale.add("overall");
        try (Connection c = Rows.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id, code, parent_id, time_zone FROM agency")) {
                while (rs.next()) {
                    codes.put(rs.getLong(1), rs.getString(2));
                    long parent = rs.getLong(3);
                    if (!rs.wasNull()) {
                        parentIds.put(rs.getLong(1), parent);
                    }
                    assertThat(rs.getString(4)).isEqualTo(VIETNAM.getId());
                }
            }
            parentIds.forEach((child, parent) -> parents.put(codes.get(child), codes.get(parent)));
            try (ResultSet rs = s.executeQuery("SELECT id, agency_id, submitted_at, submitted_date FROM response"
                    + " WHERE survey_code = '" + SURVEY + "'")) {
                while (rs.next()) {
                    // DATETIME columns hold UTC wall-clock time.
                    Instant at = rs.getObject(3, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                    byId.put(rs.getString(1), new Stored(rs.getString(1), codes.get(rs.getLong(2)), at,
                            rs.getObject(4, LocalDate.class), new HashMap<>()));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT a.response_id, a.question_code, a.value_int FROM answer a"
                    + " JOIN response r ON r.id = a.response_id WHERE r.survey_code = '" + SURVEY + "'"
                    + " AND a.value_int IS NOT NULL")) {
                while (rs.next()) {
                    if (scale.contains(rs.getString(2))) {
                        Integer previous = byId.get(rs.getString(1)).values().put(rs.getString(2), rs.getInt(3));
                        assertThat(previous).as("one answer per question").isNull();
                    }
                }
            }
        }
        List<Stored> rows = new ArrayList<>(byId.values());
        rows.sort(Comparator.comparing(Stored::submittedAt));
        return rows;
    }
}
