package vn.hailong.report;

import vn.hailong.support.Api;
import vn.hailong.support.Rows;
import vn.hailong.tally.RollupTally;
import vn.hailong.tally.Shapes;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts keyed by codes, made two ways: from raw responses (sipas-2017: criteria E1.1–E5.4,
 * element = code before the dot, satisfied = 4 or 5) and from a decoded rollup tally.
 */
final class RollupCounts {
    final Map<String, Long> counts = new TreeMap<>();

    void add(RawResponse r) {
        inc("responses", 1);
        List<String> answered = Api.SIPAS_CRITERIA.stream().filter(r.scale::containsKey).toList();
        if (!answered.isEmpty()) {
            inc("respondents", 1);
        }
        answered.stream().map(code -> code.substring(0, code.indexOf('.'))).distinct().forEach(e -> inc("element " + e, 1));
        r.scale.forEach((code, value) -> inc("value " + code + "=" + value, 1));
        for (String k : answered) {
            for (String l : answered) {
                inc("pair " + k + "/" + l, 1);
                if (r.scale.get(k) >= 4) {
                    inc("satFirst " + k + "/" + l, 1);
                    if (r.scale.get(l) >= 4) {
                        inc("satBoth " + k + "/" + l, 1);
                    }
                }
            }
        }
        r.choices.forEach((code, options) -> {
            inc("answered " + code, 1);
            options.forEach(option -> inc("picked " + code + "=" + option, 1));
        });
    }

    static RollupCounts of(RollupTally tally) {
        RollupCounts result = new RollupCounts();
        tally.versions().values().forEach(v -> {
            var shape = v.shape();
            result.inc("responses", v.responses());
            result.inc("respondents", v.respondents());
            for (int e = 0; e < shape.elements(); e++) {
                result.inc("element " + shape.elementCode(e), v.elementRespondents(e));
            }
            for (int p = 0; p < shape.positions(); p++) {
                for (int value = 1; value <= 9; value++) {
                    result.inc("value " + shape.positionCode(p) + "=" + value, v.distribution(p, value));
                }
            }
            for (int k = 0; k < shape.criteria(); k++) {
                for (int l = 0; l < shape.criteria(); l++) {
                    String pair = shape.positionCode(k) + "/" + shape.positionCode(l);
                    result.inc("pair " + pair, v.pairs(k, l));
                    result.inc("satFirst " + pair, v.satFirst(k, l));
                    result.inc("satBoth " + pair, v.satBoth(k, l));
                }
            }
            for (int q = 0; q < shape.choices(); q++) {
                result.inc("answered " + shape.choiceCode(q), v.choiceAnswered(q));
                for (int o = 0; o < shape.choiceOptions(q).size(); o++) {
                    result.inc("picked " + shape.choiceCode(q) + "=" + shape.choiceOptions(q).get(o), v.choicePicked(q, o));
                }
            }
        });
        return result;
    }

    /** Zero counts are left out on both sides, so only what was counted is compared. */
    void inc(String key, long by) {
        if (by != 0) {
            counts.merge(key, by, Long::sum);
            if (counts.get(key) == 0) {
                counts.remove(key);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RollupCounts other && counts.equals(other.counts);
    }

    @Override
    public int hashCode() {
        return counts.hashCode();
    }

    @Override
    public String toString() {
        return counts.toString();
    }

    /** agency id/day (or month start) → counts made from the answer rows of the responses not excluded. */
    static Map<String, RollupCounts> fromAnswers(boolean months) throws SQLException {
        Map<String, RollupCounts> result = new TreeMap<>();
        for (RawResponse r : RawResponse.readAll()) {
            if (r.scale().isEmpty()) {
                continue; // no scale answer: not a respondent (issue 12)
            }
            LocalDate key = months ? r.date().withDayOfMonth(1) : r.date();
            result.computeIfAbsent(r.agencyId() + "/" + key, k -> new RollupCounts()).add(r);
        }
        return result;
    }

    /**
     * agency id/day (or month start) → counts read from the rollup rows plus the pending deltas not
     * yet folded into them (both in one snapshot), checking each row's and delta's responses column.
     */
    static Map<String, RollupCounts> fromRollups(Shapes shapes, boolean months) throws SQLException {
        String table = months ? "rollup_month" : "rollup_day";
        String column = months ? "month_start" : "on_day";
        Map<String, RollupTally> sums = new TreeMap<>();
        try (Connection c = Rows.connect()) {
            c.setAutoCommit(false); // one transaction: a fold between the two reads would count a delta twice or not at all
            try (Statement s = c.createStatement()) {
                for (String sql : List.of("SELECT agency_id, survey_code, " + column + ", responses, tally FROM " + table,
                        "SELECT agency_id, survey_code, on_day, responses, tally FROM rollup_delta")) {
                    try (ResultSet rs = s.executeQuery(sql)) {
                        while (rs.next()) {
                            assertThat(rs.getString(2)).isEqualTo("sipas-2017");
                            RollupTally tally = shapes.newTally();
                            tally.addEncoded(rs.getBytes(5));
                            assertThat(rs.getLong(4)).as("responses column of " + sql).isEqualTo(tally.responses());
                            LocalDate start = rs.getObject(3, LocalDate.class);
                            String key = rs.getLong(1) + "/" + (months ? start.withDayOfMonth(1) : start);
                            sums.computeIfAbsent(key, k -> shapes.newTally()).add(tally, 1);
                        }
                    }
                }
            }
            c.commit();
        }
        Map<String, RollupCounts> result = new TreeMap<>();
        sums.forEach((key, tally) -> {
            if (tally.responses() > 0) {
                result.put(key, RollupCounts.of(tally));
            }
        });
        return result;
    }

    /** One stored response as its answer rows say, with sipas-2017's meaning applied here. */
    record RawResponse(long agencyId, LocalDate date, Map<String, Integer> scale, Map<String, Set<String>> choices) {

        static List<RawResponse> readAll() throws SQLException {
            Map<String, RawResponse> byId = new LinkedHashMap<>();
            try (Connection c = Rows.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("""
                         SELECT r.id, r.agency_id, r.submitted_date, a.question_code, a.value_int, a.value_text
                         FROM response r LEFT JOIN answer a ON a.response_id = r.id
                         WHERE r.survey_code = 'sipas-2017' AND r.excluded_at IS NULL""")) {
                while (rs.next()) {
                    RawResponse r = byId.computeIfAbsent(rs.getString(1), id -> {
                        try {
                            return new RawResponse(rs.getLong(2), rs.getObject(3, LocalDate.class), new HashMap<>(), new HashMap<>());
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    String code = rs.getString(4);
                    if (code == null) {
                        continue;
                    }
                    int value = rs.getInt(5);
                    if (!rs.wasNull()) {
                        r.scale.put(code, value);
                    } else if (List.of("improve", "gender", "ageBand", "education", "occupation", "ethnicity").contains(code)) {
                        r.choices.computeIfAbsent(code, k -> new java.util.TreeSet<>()).add(rs.getString(6));
                    }
                }
            }
            return new ArrayList<>(byId.values());
        }
    }
}
