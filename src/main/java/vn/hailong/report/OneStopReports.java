package vn.hailong.report;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.hailong.agency.Agency;
import vn.hailong.report.OneStopReport.Counter;
import vn.hailong.report.OneStopReport.Day;
import vn.hailong.report.OneStopReport.Level;
import vn.hailong.report.OneStopReport.Reason;
import vn.hailong.report.OneStopReport.Share;
import vn.hailong.survey.QuestionType;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.survey.SurveyDefinition;
import vn.hailong.system.Refusal;
import vn.hailong.system.ReportDatabase;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the {@link OneStopReport} from the stored answers of the one-stop rating: one grouped
 * query (day × counter × level × reason) over the responses of the agency's subtree, joined to the
 * dimensions a rating code attached ({@code response_dossier}). The levels, which of them are
 * "satisfied", and the reason question come from the survey's definition, not from constants here.
 * The intervals are {@link SatisfactionCalculator#wilson}, the same as every criterion's.
 */
@Singleton
class OneStopReports {

    /** The shipped one-stop rating (survey-templates/one-stop-rating.yml). */
    static final String SURVEY = "one-stop-rating";

    private final SurveyCatalog surveys;
    private final ReportDatabase database;
    private final int minimumSample;

    OneStopReports(SurveyCatalog surveys, ReportDatabase database,
                   @Value("${hailong.report.minimum-sample:30}") int minimumSample) {
        this.surveys = surveys;
        this.database = database;
        this.minimumSample = minimumSample;
    }

    /** What the definition says: the rated criterion, its levels, and the question that asks why. */
    private record Layout(String criterion, List<SurveyDefinition.ScaleOption> levels,
                          @Nullable SurveyDefinition.Question reason) {
    }

    private Layout layout() {
        Questionnaire questionnaire = surveys.current(SURVEY).or(() -> surveys.allVersions(SURVEY).stream()
                        .reduce((a, b) -> b))
                .orElseThrow(() -> Refusal.notFound("survey", "survey.none", "No survey with code '" + SURVEY + "'.", SURVEY));
        SurveyDefinition definition = questionnaire.definition();
        SurveyDefinition.Criterion criterion = definition.elements().get(0).criteria().get(0);
        List<SurveyDefinition.ScaleOption> levels = questionnaire.scaleOf(criterion.code()).orElseThrow().options();
        SurveyDefinition.Question reason = definition.questions().stream()
                .filter(q -> q.type() == QuestionType.CHOICE && q.requiredWhen() != null
                        && criterion.code().equals(q.requiredWhen().question()))
                .findFirst().orElse(null);
        return new Layout(criterion.code(), levels, reason);
    }

    /** One group of the query: ratings of one day, counter, level and reason. */
    private record Cell(LocalDate date, long counterId, int level, @Nullable String reason, long count) {
    }

    OneStopReport report(Agency agency, @Nullable LocalDate from, @Nullable LocalDate to, DimensionFilter filter,
                         String language) {
        Layout layout = layout();
        java.util.Set<Integer> notSatisfiedLevels = new java.util.HashSet<>();
        layout.levels().stream().filter(o -> !o.satisfied()).forEach(o -> notSatisfiedLevels.add(o.value()));

        List<Object> parameters = new ArrayList<>();
        parameters.add(layout.criterion());
        parameters.add(layout.reason() == null ? "" : layout.reason().code());
        parameters.add(agency.id());
        parameters.add(SURVEY);
        StringBuilder where = new StringBuilder();
        if (from != null) {
            where.append(" AND r.submitted_date >= ?");
            parameters.add(from);
        }
        if (to != null) {
            where.append(" AND r.submitted_date <= ?");
            parameters.add(to);
        }
        DimensionFilter.Condition condition = filter.on("rd");
        where.append(condition.sql());
        parameters.addAll(condition.parameters());
        String sql = """
                SELECT r.submitted_date, COALESCE(rd.counter_id, 0), ar.value_int, aq.value_text, COUNT(*)
                FROM agency_closure c JOIN response r ON r.agency_id = c.descendant_id
                JOIN answer ar ON ar.response_id = r.id AND ar.question_code = ?
                LEFT JOIN answer aq ON aq.response_id = r.id AND aq.question_code = ?
                LEFT JOIN response_dossier rd ON rd.response_id = r.id
                WHERE c.ancestor_id = ? AND r.survey_code = ? AND r.excluded_at IS NULL AND ar.value_int IS NOT NULL"""
                + where + " GROUP BY r.submitted_date, COALESCE(rd.counter_id, 0), ar.value_int, aq.value_text";

        record Read(List<Cell> cells, Map<Long, String[]> counters) {
        }
        Read read = database.read(status -> {
            List<Cell> cells = new ArrayList<>();
            try (PreparedStatement select = status.getConnection().prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    select.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        cells.add(new Cell(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getInt(3), rs.getString(4),
                                rs.getLong(5)));
                    }
                }
            }
            Map<Long, String[]> counters = new HashMap<>();
            List<Long> ids = cells.stream().map(Cell::counterId).filter(id -> id != 0).distinct().toList();
            if (!ids.isEmpty()) {
                try (PreparedStatement names = status.getConnection().prepareStatement(
                        "SELECT c.id, a.code, c.code, c.name FROM dossier_counter c JOIN agency a ON a.id = c.agency_id WHERE c.id IN ("
                                + String.join(", ", ids.stream().map(id -> "?").toList()) + ")")) {
                    for (int i = 0; i < ids.size(); i++) {
                        names.setLong(i + 1, ids.get(i));
                    }
                    try (ResultSet rs = names.executeQuery()) {
                        while (rs.next()) {
                            counters.put(rs.getLong(1), new String[]{rs.getString(2), rs.getString(3), rs.getString(4)});
                        }
                    }
                }
            }
            return new Read(cells, counters);
        });

        long responses = 0;
        long notSatisfied = 0;
        Map<Integer, Long> perLevel = new HashMap<>();
        Map<String, Long> perReason = new HashMap<>();
        TreeMap<LocalDate, long[]> perDay = new TreeMap<>();
        Map<Long, long[]> perCounter = new LinkedHashMap<>();
        for (Cell cell : read.cells()) {
            boolean unhappy = notSatisfiedLevels.contains(cell.level());
            responses += cell.count();
            perLevel.merge(cell.level(), cell.count(), Long::sum);
            long[] day = perDay.computeIfAbsent(cell.date(), d -> new long[2]);
            long[] counter = perCounter.computeIfAbsent(cell.counterId(), d -> new long[2]);
            day[0] += cell.count();
            counter[0] += cell.count();
            if (unhappy) {
                notSatisfied += cell.count();
                day[1] += cell.count();
                counter[1] += cell.count();
                if (cell.reason() != null) {
                    perReason.merge(cell.reason(), cell.count(), Long::sum);
                }
            }
        }

        List<Level> levels = new ArrayList<>();
        for (SurveyDefinition.ScaleOption option : layout.levels()) {
            long count = perLevel.getOrDefault(option.value(), 0L);
            levels.add(new Level(option.value(), option.label().in(language), option.satisfied(), count,
                    share(count, responses), interval(count, responses)));
        }
        List<Reason> reasons = new ArrayList<>();
        if (layout.reason() != null && layout.reason().options() != null) {
            for (SurveyDefinition.ChoiceOption option : layout.reason().options()) {
                long count = perReason.getOrDefault(option.code(), 0L);
                reasons.add(new Reason(option.code(), option.label().in(language), count, share(count, notSatisfied)));
            }
        }
        List<Day> days = new ArrayList<>();
        perDay.forEach((date, n) -> days.add(new Day(date, n[0], n[1], share(n[1], n[0]))));
        List<Counter> counters = new ArrayList<>();
        perCounter.forEach((id, n) -> {
            String[] named = read.counters().get(id);
            boolean sufficient = n[0] >= minimumSample;
            counters.add(new Counter(named == null ? null : named[0], named == null ? null : named[1],
                    named == null ? null : named[2], n[0], n[1], sufficient ? share(n[1], n[0]) : null,
                    sufficient ? interval(n[1], n[0]) : null, sufficient));
        });
        // the counters with most ratings first; the ratings without a counter last
        counters.sort(Comparator.comparing((Counter c) -> c.counter() == null)
                .thenComparing(Comparator.comparingLong(Counter::responses).reversed())
                .thenComparing(c -> c.agency() == null ? "" : c.agency())
                .thenComparing(c -> c.counter() == null ? "" : c.counter()));
        return new OneStopReport(SatisfactionReports.ref(agency), SURVEY, from, to, new OneStopReport.Filters(filter.procedure(), filter.field(), filter.counter(), filter.officer(), filter.channel()), responses,
                responses >= minimumSample, levels, new Share(notSatisfied, share(notSatisfied, responses),
                interval(notSatisfied, responses)), reasons, days, counters);
    }

    int minimumSample() {
        return minimumSample;
    }

    private static @Nullable Double share(long count, long of) {
        return of == 0 ? null : SatisfactionReports.round(100.0 * count / of);
    }

    private static @Nullable List<Double> interval(long count, long of) {
        if (of == 0) {
            return null;
        }
        double[] ci = SatisfactionCalculator.wilson(count, of);
        return List.of(SatisfactionReports.round(ci[0]), SatisfactionReports.round(ci[1]));
    }
}
