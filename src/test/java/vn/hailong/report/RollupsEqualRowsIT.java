package vn.hailong.report;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Questionnaires;
import vn.hailong.support.Rows;
import vn.hailong.tally.RollupState;
import vn.hailong.tally.Rollups;

import java.sql.Connection;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report computed from the response rows and one computed from the rollup rows are the same
 * object, field for field (records' equals, not a rounded comparison): report with its choice
 * shares, ranking, trend at every interval, and the estimates a period comparison uses (issue 16
 * §1). Seeded random responses are submitted through the real API into two versions of one survey
 * (the second adds a criterion and a choice question, drops an option and adds another), over
 * seven agencies of two trees and about three months; a few are then excluded as a reviewer's flag
 * decision does. Every scope and range is asked both ways.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollupsEqualRowsIT implements DatabaseTest {

    static final String SURVEY = "tally-eq";
    static final List<String> AGENCIES = List.of("T", "T-1", "T-2", "T-1-A", "T-1-B", "U", "U-1");
    static final LocalDate FIRST = LocalDate.of(2026, 8, 20);
    static final int DAYS = 85; // to 12 November: four months, two whole
    static final int PER_VERSION = 260;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    SatisfactionReports reports;

    @Inject
    AgencyTree agencies;

    @Inject
    Rollups rollups;

    @Inject
    RollupState state;

    @Inject
    TransactionOperations<Connection> transactions;

    final Random random = new Random(16);
    final List<String> stored = new ArrayList<>();

    @BeforeAll
    void submitRandomResponses() {
        Api api = new Api(client, json);
        String admin = api.adminToken();
        api.agency(admin, "T", null);
        api.agency(admin, "T-1", "T");
        api.agency(admin, "T-2", "T");
        api.agency(admin, "T-1-A", "T-1");
        api.agency(admin, "T-1-B", "T-1");
        api.agency(admin, "U", null);
        api.agency(admin, "U-1", "U");

        publish(api, admin, version(1));
        submit(api, admin, 1);
        publish(api, admin, version(2));
        submit(api, admin, 2);
        assertThat(Rows.count("SELECT COUNT(DISTINCT survey_version_id) FROM response")).isEqualTo(2);

        // Excluded as a flag decision does: out of the rollups at once, and out of the row scan.
        Collections.shuffle(stored, random);
        for (String id : stored.subList(0, 12)) {
            Boolean changed = transactions.executeWrite(s -> rollups.exclude(s.getConnection(), id));
            assertThat(changed).isTrue();
        }
        assertThat(state.fresh()).as("the rollups answer the reports, so both paths are compared").isTrue();
    }

    private static void publish(Api api, String admin, String yaml) {
        MutableHttpRequest<String> request = HttpRequest.POST("/api/v1/surveys", yaml).contentType("application/yaml").bearerAuth(admin);
        Api.Reply reply = api.send(request);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    private void submit(Api api, String admin, int version) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < PER_VERSION; i++) {
            batch.add(submission(version));
            if (batch.size() == 40 || i == PER_VERSION - 1) {
                Api.Reply reply = api.post("/api/v1/responses:batch", Map.of("responses", batch), admin);
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                JsonNode results = reply.json().get("results");
                for (int r = 0; r < batch.size(); r++) {
                    assertThat(results.get(r).get("status").getStringValue()).as(reply.body()).isEqualTo("stored");
                    stored.add((String) batch.get(r).get("id"));
                }
                batch.clear();
            }
        }
    }

    private Map<String, Object> submission(int version) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", UUID.randomUUID().toString());
        body.put("survey", SURVEY);
        // Skewed towards some agencies so the ranking has sufficient and insufficient rows.
        body.put("agency", AGENCIES.get(Math.min(random.nextInt(AGENCIES.size() + 3), AGENCIES.size() - 1)));
        body.put("channel", "paper");
        body.put("language", "vi");
        LocalDate day = FIRST.plusDays(random.nextInt(DAYS));
        body.put("submittedAt", OffsetDateTime.of(day.atTime(random.nextInt(24), random.nextInt(60)), ZoneOffset.ofHours(7)).toString());
        Map<String, Object> answers = new LinkedHashMap<>();
        List<String> criteria = version == 1 ? List.of("A1", "A2", "B1", "B2") : List.of("A1", "B1", "B2", "B3");
        for (String code : criteria) {
            if (random.nextInt(5) != 0) {
                answers.put(code, Math.min(5, 1 + random.nextInt(5) + (code.startsWith("B") ? 1 : 0)));
            }
        }
        if (random.nextInt(3) != 0) {
            answers.put("overall", 1 + random.nextInt(5));
        }
        if (random.nextInt(4) != 0) {
            List<String> options = new ArrayList<>(version == 1 ? List.of("a", "b", "c") : List.of("a", "b", "d"));
            Collections.shuffle(options, random);
            answers.put("fix", options.subList(0, 1 + random.nextInt(2)));
        }
        if (random.nextBoolean()) {
            answers.put("gender", random.nextBoolean() ? "m" : "f");
        }
        if (version == 2 && random.nextInt(3) != 0) {
            answers.put("visit", random.nextBoolean() ? "first" : "again");
        }
        if (answers.values().stream().noneMatch(v -> v instanceof Integer)) {
            answers.put("overall", 1 + random.nextInt(5)); // a response rated on no scale is refused (issue 12)
        }
        body.put("answers", answers);
        return body;
    }

    /** Version 2 adds criterion B3 and the question "visit", drops criterion A2 and option c, adds option d. */
    static String version(int version) {
        String criterionA2 = version == 1 ? "      - {code: A2, text: {vi: \"Tiêu chí A2\", en: \"Criterion A2\"}}\n" : "";
        String criterionB3 = version == 2 ? "      - {code: B3, text: {vi: \"Tiêu chí B3\", en: \"Criterion B3\"}}\n" : "";
        String thirdOption = version == 1 ? "      - {code: c, label: {vi: \"C\", en: \"C\"}}\n" : "      - {code: d, label: {vi: \"D\", en: \"D\"}}\n";
        String visit = version == 2 ? """
                  - code: visit
                    type: choice
                    text: {vi: "Lần đầu đến?", en: "First visit?"}
                    options:
                      - {code: first, label: {vi: "Lần đầu", en: "First"}}
                      - {code: again, label: {vi: "Đã từng", en: "Again"}}
                """ : "";
        return """
                code: %s
                version: %d
                title: {vi: "Phiếu đối chiếu", en: "Equivalence form"}
                %s
                elements:
                  - code: A
                    title: {vi: "Phần A", en: "Part A"}
                    criteria:
                      - {code: A1, text: {vi: "Tiêu chí A1", en: "Criterion A1"}}
                %s  - code: B
                    title: {vi: "Phần B", en: "Part B"}
                    criteria:
                      - {code: B1, text: {vi: "Tiêu chí B1", en: "Criterion B1"}}
                      - {code: B2, text: {vi: "Tiêu chí B2", en: "Criterion B2"}}
                %squestions:
                  - code: overall
                    type: scale
                    scale: s5
                    text: {vi: "Nhìn chung", en: "Overall"}
                  - code: fix
                    type: multi-choice
                    maxChoices: 2
                    text: {vi: "Cần làm tốt hơn", en: "To improve"}
                    options:
                      - {code: a, label: {vi: "A", en: "A"}}
                      - {code: b, label: {vi: "B", en: "B"}}
                %s  - code: gender
                    type: choice
                    section: profile
                    text: {vi: "Giới tính", en: "Gender"}
                    options:
                      - {code: m, label: {vi: "Nam", en: "Male"}}
                      - {code: f, label: {vi: "Nữ", en: "Female"}}
                %s""".formatted(SURVEY, version, Questionnaires.FIVE_LEVEL_SCALE, criterionA2, criterionB3, thirdOption, visit);
    }

    /** Open, partial months on both sides, one whole month, one day, a range without responses. */
    static final List<LocalDate[]> RANGES = List.of(
            new LocalDate[]{null, null},
            new LocalDate[]{LocalDate.of(2026, 9, 5), LocalDate.of(2026, 10, 20)},
            new LocalDate[]{LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31)},
            new LocalDate[]{null, LocalDate.of(2026, 9, 30)},
            new LocalDate[]{LocalDate.of(2026, 10, 2), null},
            new LocalDate[]{LocalDate.of(2026, 9, 14), LocalDate.of(2026, 9, 14)},
            new LocalDate[]{LocalDate.of(2025, 1, 1), LocalDate.of(2025, 3, 31)});

    @Test
    void reportsWithChoicesAreEqualFromRowsAndFromRollups() {
        int compared = 0;
        for (String code : AGENCIES) {
            Agency agency = agencies.byCode(code).orElseThrow();
            for (LocalDate[] range : RANGES) {
                SatisfactionReport fromRollups = reports.report(agency, SURVEY, range[0], range[1], false);
                SatisfactionReport fromRows = reports.report(agency, SURVEY, range[0], range[1], true);
                assertThat(fromRollups.choices()).as("choices " + code + " " + range[0] + ".." + range[1]).isEqualTo(fromRows.choices());
                assertThat(fromRollups).as(code + " " + range[0] + ".." + range[1]).isEqualTo(fromRows);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(AGENCIES.size() * RANGES.size());

        // Not a comparison of two empty things: the province holds both versions, every criterion,
        // the choices of both versions (an option and a question only one of them has).
        SatisfactionReport province = reports.report(agencies.byCode("T").orElseThrow(), SURVEY, null, null);
        assertThat(province.versions()).containsExactly(1, 2);
        assertThat(province.responses()).isEqualTo(Rows.count(
                "SELECT COUNT(*) FROM response r JOIN agency a ON a.id = r.agency_id WHERE a.code LIKE 'T%' AND r.excluded_at IS NULL"));
        assertThat(province.elements()).flatExtracting(SatisfactionReport.ElementFigure::criteria)
                .extracting(SatisfactionReport.CriterionFigure::code).containsExactlyInAnyOrder("A1", "A2", "B1", "B2", "B3");
        Map<String, SatisfactionReport.ChoiceFigure> choices = new LinkedHashMap<>();
        province.choices().forEach(c -> choices.put(c.code(), c));
        assertThat(choices.keySet()).containsExactlyInAnyOrder("fix", "gender", "visit");
        assertThat(choices.get("fix").options()).extracting(SatisfactionReport.OptionFigure::code).containsExactly("a", "b", "d", "c");
        assertThat(choices.get("fix").options()).allSatisfy(o -> assertThat(o.count()).isPositive());
        assertThat(choices.get("visit").answered()).isPositive();
    }

    @Test
    void rankingsAreEqualFromRowsAndFromRollups() {
        for (String code : List.of("T", "T-1", "U", "T-2")) {
            Agency parent = agencies.byCode(code).orElseThrow();
            for (LocalDate[] range : RANGES) {
                assertThat(reports.ranking(parent, SURVEY, range[0], range[1], false)).as(code + " " + range[0] + ".." + range[1])
                        .isEqualTo(reports.ranking(parent, SURVEY, range[0], range[1], true));
            }
        }
        List<RankingRow> province = reports.ranking(agencies.byCode("T").orElseThrow(), SURVEY, null, null);
        assertThat(province).hasSize(2).allSatisfy(row -> assertThat(row.index()).isNotNull());
    }

    @Test
    void trendsAreEqualFromRowsAndFromRollupsAtEveryInterval() {
        for (String code : List.of("T", "T-1-A", "U")) {
            Agency agency = agencies.byCode(code).orElseThrow();
            for (LocalDate[] range : RANGES) {
                for (Period period : Period.values()) {
                    List<TrendPoint> fromRollups = reports.trend(agency, SURVEY, range[0], range[1], period, false);
                    assertThat(fromRollups).as(code + " " + period + " " + range[0] + ".." + range[1])
                            .isEqualTo(reports.trend(agency, SURVEY, range[0], range[1], period, true));
                }
            }
        }
        assertThat(reports.trend(agencies.byCode("T").orElseThrow(), SURVEY, null, null, Period.MONTH))
                .extracting(TrendPoint::period).hasSize(4);
    }

    @Test
    void estimatesAreEqualFromRowsAndFromRollups() {
        for (String code : AGENCIES) {
            Agency agency = agencies.byCode(code).orElseThrow();
            for (LocalDate[] range : RANGES) {
                assertThat(reports.estimates(agency, SURVEY, range[0], range[1], false)).as(code + " " + range[0] + ".." + range[1])
                        .isEqualTo(reports.estimates(agency, SURVEY, range[0], range[1], true));
            }
        }
    }
}
