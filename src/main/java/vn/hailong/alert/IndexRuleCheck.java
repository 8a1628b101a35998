package vn.hailong.alert;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.alert.ReportFigures.Measure;
import vn.hailong.outbox.OutboxEvent;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the index rules on a schedule: {@code below-threshold} (the index over the last
 * {@code days} full days below {@code threshold}) and {@code drop} (the last 7 full days below the
 * 28 before by more than {@code drop} points), for the rule's agency and each agency below it, each
 * on its own subtree's figures. The figures are the dashboard's ({@link ReportFigures}: the report
 * code, rollups or else the raw scan), with its minimum sample. Windows end yesterday in the agency's time
 * zone, so every run of a day sees the same figures; the day's case (one per rule, agency and day,
 * {@link Cases#openOrFind}) makes repeated runs and several copies open it once.
 */
@Singleton
@Requires(property = "hailong.outbox.enabled", notEquals = "false")
class IndexRuleCheck {

    /** The kinds this check evaluates; the others are looked at per response (ResponseRuleCheck). */
    static final List<String> KINDS = List.of(AlertRule.BELOW_THRESHOLD, AlertRule.DROP);
    static final int RECENT_DAYS = 7;
    static final int PREVIOUS_DAYS = 28;

    private static final Logger LOG = LoggerFactory.getLogger(IndexRuleCheck.class);

    private final TransactionOperations<Connection> transactions;
    private final AlertRules rules;
    private final AgencyTree agencies;
    private final ReportFigures reports;
    private final Cases cases;
    private final CaseEvents events;
    private final Clock clock;

    IndexRuleCheck(TransactionOperations<Connection> transactions, AlertRules rules, AgencyTree agencies,
                   ReportFigures reports, Cases cases, CaseEvents events, Clock clock) {
        this.transactions = transactions;
        this.rules = rules;
        this.agencies = agencies;
        this.reports = reports;
        this.cases = cases;
        this.events = events;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${hailong.alerts.index-check:1h}", initialDelay = "${hailong.alerts.first-check:1s}")
    void scheduled() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            LOG.warn("index rule check failed: {}", e.toString());
        }
    }

    int evaluate() {
        return evaluate(clock.instant());
    }

    /** As of {@code now} (tests pass a fixed instant); returns how many cases this run opened. */
    int evaluate(Instant now) {
        Map<String, ReportFigures.Snapshot> seen = new HashMap<>();
        int opened = 0;
        for (AlertRule rule : rules.all()) {
            if (!KINDS.contains(rule.kind())) {
                continue;
            }
            for (Agency agency : agencies.subtree(rule.agencyId())) {
                if (agency.retired(now)) {
                    continue;
                }
                LocalDate today = now.atZone(agency.zone()).toLocalDate();
                try {
                    if (hasCase(rule, agency, today)) {
                        continue;
                    }
                    IndexFigures figures = AlertRule.DROP.equals(rule.kind())
                            ? drop(rule, agency, today, seen) : belowThreshold(rule, agency, today, seen);
                    if (figures != null && open(rule, agency, now, figures)) {
                        opened++;
                    }
                } catch (RuntimeException e) {
                    LOG.warn("index rule {} for {} not evaluated: {}", rule.id(), agency.code(), e.toString());
                }
            }
        }
        return opened;
    }

    private IndexFigures belowThreshold(AlertRule rule, Agency agency, LocalDate today, Map<String, ReportFigures.Snapshot> seen) {
        int days = rule.days() == null ? 30 : rule.days();
        LocalDate to = today.minusDays(1);
        LocalDate from = today.minusDays(days);
        ReportFigures.Snapshot snapshot = report(agency, rule.survey(), from, to, seen);
        Measure measure = measure(snapshot, rule.element());
        if (measure.index() == null || measure.n() < reports.minimumSample()
                || BigDecimal.valueOf(measure.index()).compareTo(rule.threshold()) >= 0) {
            return null;
        }
        return figures(rule, snapshot, measure, from, to, rule.threshold(),
                null, null, null);
    }

    private IndexFigures drop(AlertRule rule, Agency agency, LocalDate today, Map<String, ReportFigures.Snapshot> seen) {
        LocalDate to = today.minusDays(1);
        LocalDate from = today.minusDays(RECENT_DAYS);
        LocalDate previousTo = from.minusDays(1);
        LocalDate previousFrom = from.minusDays(PREVIOUS_DAYS);
        ReportFigures.Snapshot recentReport = report(agency, rule.survey(), from, to, seen);
        Measure recent = measure(recentReport, rule.element());
        Measure previous = measure(report(agency, rule.survey(), previousFrom, previousTo, seen), rule.element());
        int minimum = reports.minimumSample();
        if (recent.index() == null || previous.index() == null || recent.n() < minimum || previous.n() < minimum
                || BigDecimal.valueOf(previous.index()).subtract(BigDecimal.valueOf(recent.index())).compareTo(rule.drop()) <= 0) {
            return null;
        }
        return figures(rule, recentReport, recent, from, to, null, previous, previousFrom, previousTo);
    }

    private static IndexFigures figures(AlertRule rule, ReportFigures.Snapshot report, Measure measure, LocalDate from,
                                        LocalDate to, @Nullable BigDecimal threshold, @Nullable Measure previous,
                                        @Nullable LocalDate previousFrom, @Nullable LocalDate previousTo) {
        String element = null;
        String criterion = null;
        if (rule.element() != null) {
            boolean isElement = report.elements().containsKey(rule.element());
            element = isElement ? rule.element() : null;
            criterion = isElement ? null : rule.element();
        }
        return new IndexFigures(element, criterion, measure.index(), measure.n(), from, to, threshold,
                previous == null ? null : previous.index(), previous == null ? null : previous.n(),
                previousFrom, previousTo, previous == null ? null : rule.drop());
    }

    /** The overall index, or that of the element or criterion {@code code} (null index: none in the report). */
    private static Measure measure(ReportFigures.Snapshot report, @Nullable String code) {
        if (code == null) {
            return report.overall();
        }
        Measure element = report.elements().get(code);
        if (element != null) {
            return element;
        }
        return report.criteria().getOrDefault(code, new Measure(null, 0));
    }

    /** One report per agency, survey and window in a run: rules sharing them read the tallies once. */
    private ReportFigures.Snapshot report(Agency agency, String survey, LocalDate from, LocalDate to,
                                      Map<String, ReportFigures.Snapshot> seen) {
        return seen.computeIfAbsent(agency.id() + "|" + survey + "|" + from + "|" + to,
                key -> reports.snapshot(agency, survey, from, to));
    }

    /** Checked before any figure is computed: after the day's case exists, later runs of the day cost one lookup. */
    private boolean hasCase(AlertRule rule, Agency agency, LocalDate today) {
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement(
                    "SELECT 1 FROM alert_case WHERE rule_id = ? AND agency_id = ? AND opened_day = ?")) {
                select.setLong(1, rule.id());
                select.setLong(2, agency.id());
                select.setObject(3, today);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private boolean open(AlertRule rule, Agency agency, Instant now, IndexFigures figures) {
        return transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            Cases.Opening opening = cases.openOrFind(connection, rule, agency.id(), agency.zone(), now, figures.stored());
            if (opening.opened()) {
                events.append(connection, OutboxEvent.ALERT_OPENED, opening.alertCase(), now);
            }
            return opening.opened();
        });
    }
}
