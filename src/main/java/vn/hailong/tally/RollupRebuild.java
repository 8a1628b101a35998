package vn.hailong.tally;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.hailong.system.DatabaseErrors;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recomputes the rollups from the raw response and answer rows (excluded responses left out):
 * everything, or an agency subtree and/or date range (widened to whole months).
 *
 * <p>Safe while the app serves traffic. The work is split into units of one agency, one survey
 * and up to {@link #MONTHS_PER_TRANSACTION} consecutive months, each one transaction that first
 * locks the units' month rows (ascending — the same month-then-day order submissions use), then
 * reads the responses, then replaces the day rows and month rows and deletes the months' pending
 * deltas ({@link RollupDeltas}); before the month rows it locks the agency's row, which every
 * submission of the agency holds shared until its commit (see {@link Rollups}). A submission, fold
 * or exclusion touching those months waits for the locks and then adds itself afterwards; one
 * that committed earlier is in what the unit reads, because the read starts after the locks are held.
 * Months without responses or rollups are not touched, so a submission into such a month during
 * the rebuild simply creates its rows as usual.
 */
@Singleton
public class RollupRebuild {

    private static final Logger LOG = LoggerFactory.getLogger(RollupRebuild.class);
    static final int MONTHS_PER_TRANSACTION = 12;
    private static final int ROWS_PER_INSERT = 200;
    private static final int ATTEMPTS = 5;

    private final TransactionOperations<Connection> transactions;
    private final Shapes shapes;
    private final ResponseTallies tallies;

    RollupRebuild(TransactionOperations<Connection> transactions, Shapes shapes, ResponseTallies tallies) {
        this.transactions = transactions;
        this.shapes = shapes;
        this.tallies = tallies;
    }

    /** What a rebuild did; responses = those counted (excluded ones are not). */
    public record Result(long units, long responses, long dayRows, long monthRows, long millis) {
    }

    private record Unit(long agencyId, String surveyCode, LocalDate firstMonth, LocalDate lastMonth) {
    }

    /**
     * @param subtreeOf only this agency and the agencies below it; null for all
     * @param from      first date, widened to the 1st of its month; null for no lower bound
     * @param to        last date, widened to the end of its month; null for no upper bound
     */
    public Result rebuild(@Nullable Long subtreeOf, @Nullable LocalDate from, @Nullable LocalDate to) {
        long started = System.nanoTime();
        LocalDate first = from == null ? null : from.withDayOfMonth(1);
        LocalDate last = to == null ? null : to.withDayOfMonth(1);
        List<Unit> units = units(subtreeOf, first, last);
        long[] totals = new long[4];
        for (Unit whole : units) {
            for (LocalDate start = whole.firstMonth(); !start.isAfter(whole.lastMonth()); start = start.plusMonths(MONTHS_PER_TRANSACTION)) {
                LocalDate end = start.plusMonths(MONTHS_PER_TRANSACTION - 1);
                Unit unit = new Unit(whole.agencyId(), whole.surveyCode(), start, end.isAfter(whole.lastMonth()) ? whole.lastMonth() : end);
                long[] done = withRetry(unit);
                totals[0]++;
                for (int i = 0; i < 3; i++) {
                    totals[i + 1] += done[i];
                }
            }
        }
        if (subtreeOf == null && from == null && to == null) {
            transactions.executeWrite(status -> {
                RollupState.markFresh(status.getConnection());
                return null;
            });
        }
        Result result = new Result(totals[0], totals[1], totals[2], totals[3], (System.nanoTime() - started) / 1_000_000);
        LOG.info("Rollups rebuilt (agency subtree {}, months {} to {}): {}", subtreeOf == null ? "all" : subtreeOf,
                first == null ? "first" : first, last == null ? "last" : last, result);
        return result;
    }

    private long[] withRetry(Unit unit) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.executeWrite(status -> rebuild(status.getConnection(), unit));
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !DatabaseErrors.isRetryable(e)) {
                    throw e;
                }
                LOG.debug("Retrying rollup rebuild of {} after {}", unit, e.toString());
            }
        }
    }

    /** Every (agency, survey) with responses or rollup rows in range, with its first and last month. */
    private List<Unit> units(@Nullable Long subtreeOf, @Nullable LocalDate first, @Nullable LocalDate last) {
        return transactions.executeRead(status -> {
            Map<String, Unit> found = new TreeMap<>();
            Connection connection = status.getConnection();
            collect(connection, found, "response", "submitted_date", subtreeOf, first, last == null ? null : last.plusMonths(1).minusDays(1));
            collect(connection, found, RollupTable.MONTH.table, RollupTable.MONTH.column, subtreeOf, first, last);
            collect(connection, found, RollupTable.DAY.table, RollupTable.DAY.column, subtreeOf, first, last == null ? null : last.plusMonths(1).minusDays(1));
            return new ArrayList<>(found.values());
        });
    }

    private static void collect(Connection connection, Map<String, Unit> found, String table, String dateColumn,
                                @Nullable Long subtreeOf, @Nullable LocalDate first, @Nullable LocalDate last) throws SQLException {
        String sql = "SELECT t.agency_id, t.survey_code, MIN(t." + dateColumn + "), MAX(t." + dateColumn + ") FROM " + table + " t"
                + (subtreeOf == null ? "" : " JOIN agency_closure c ON c.descendant_id = t.agency_id AND c.ancestor_id = ?")
                + " WHERE 1 = 1" + (first == null ? "" : " AND t." + dateColumn + " >= ?")
                + (last == null ? "" : " AND t." + dateColumn + " <= ?")
                + " GROUP BY t.agency_id, t.survey_code";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int at = 1;
            if (subtreeOf != null) {
                select.setLong(at++, subtreeOf);
            }
            if (first != null) {
                select.setObject(at++, first);
            }
            if (last != null) {
                select.setObject(at, last);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long agencyId = rs.getLong(1);
                    String code = rs.getString(2);
                    LocalDate min = rs.getObject(3, LocalDate.class).withDayOfMonth(1);
                    LocalDate max = rs.getObject(4, LocalDate.class).withDayOfMonth(1);
                    found.merge(String.format("%020d/%s", agencyId, code), new Unit(agencyId, code, min, max), (a, b) ->
                            new Unit(agencyId, code, a.firstMonth().isBefore(b.firstMonth()) ? a.firstMonth() : b.firstMonth(),
                                    a.lastMonth().isAfter(b.lastMonth()) ? a.lastMonth() : b.lastMonth()));
                }
            }
        }
    }

    /** One unit in one transaction; returns {responses, day rows, month rows} written. */
    private long[] rebuild(Connection connection, Unit unit) throws SQLException {
        List<LocalDate> months = new ArrayList<>();
        for (LocalDate m = unit.firstMonth(); !m.isAfter(unit.lastMonth()); m = m.plusMonths(1)) {
            months.add(m);
        }
        LocalDate lastDay = unit.lastMonth().plusMonths(1).minusDays(1);
        // The locks first: nothing about these months may be read before they are held. The agency's
        // row waits for its submissions in flight (they hold it shared, see Rollups) and holds back
        // the next ones; the month rows order this with folds and exclusions.
        try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM agency WHERE id = ? FOR UPDATE")) {
            lock.setLong(1, unit.agencyId());
            lock.executeQuery().close();
        }
        RollupTable.MONTH.ensure(connection, unit.agencyId(), unit.surveyCode(), months);

        // Counted as every report's row path counts (ResponseTallies), per day of the unit.
        TreeMap<LocalDate, RollupTally> days = new TreeMap<>(ResponseTallies.count(connection, "r.agency_id",
                "FROM response r WHERE r.agency_id = ?", unit.agencyId(), unit.surveyCode(), unit.firstMonth(), lastDay,
                List.copyOf(tallies.choiceCodes(unit.surveyCode())), shapes::of, (agency, day) -> day));
        Map<LocalDate, RollupTally> byMonth = new HashMap<>();
        long responses = days.values().stream().mapToLong(RollupTally::responses).sum();
        days.forEach((day, tally) -> byMonth.computeIfAbsent(day.withDayOfMonth(1), d -> shapes.newTally()).add(tally, 1));
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + RollupTable.DAY.table
                + " WHERE agency_id = ? AND survey_code = ? AND " + RollupTable.DAY.column + " >= ? AND " + RollupTable.DAY.column + " <= ?")) {
            delete.setLong(1, unit.agencyId());
            delete.setString(2, unit.surveyCode());
            delete.setObject(3, unit.firstMonth());
            delete.setObject(4, lastDay);
            delete.executeUpdate();
        }
        // Pending deltas of these months are recounted above: every submission that appended one
        // had committed before the agency lock was granted (it holds a shared one until then).
        RollupDeltas.delete(connection, unit.agencyId(), unit.surveyCode(), unit.firstMonth(), lastDay);
        List<Map.Entry<LocalDate, RollupTally>> dayRows = new ArrayList<>(days.entrySet());
        for (int i = 0; i < dayRows.size(); i += ROWS_PER_INSERT) {
            insertDays(connection, unit, dayRows.subList(i, Math.min(dayRows.size(), i + ROWS_PER_INSERT)));
        }
        long monthRows = 0;
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + RollupTable.MONTH.table
                + " SET responses = ?, tally = ? WHERE agency_id = ? AND survey_code = ? AND " + RollupTable.MONTH.column + " = ?");
             PreparedStatement delete = connection.prepareStatement("DELETE FROM " + RollupTable.MONTH.table
                     + " WHERE agency_id = ? AND survey_code = ? AND " + RollupTable.MONTH.column + " = ?")) {
            for (LocalDate month : months) {
                RollupTally tally = byMonth.get(month);
                if (tally == null) {
                    delete.setLong(1, unit.agencyId());
                    delete.setString(2, unit.surveyCode());
                    delete.setObject(3, month);
                    delete.addBatch();
                } else {
                    update.setLong(1, tally.responses());
                    update.setBytes(2, tally.encode());
                    update.setLong(3, unit.agencyId());
                    update.setString(4, unit.surveyCode());
                    update.setObject(5, month);
                    update.addBatch();
                    monthRows++;
                }
            }
            update.executeBatch();
            delete.executeBatch();
        }
        // What was rebuilt may differ from what was cached (that is why one rebuilds): every month of
        // the unit gets a new epoch with this commit (MonthCache). Last, after every rollup lock.
        MonthEpochs.bump(connection, unit.surveyCode(), months);
        return new long[]{responses, days.size(), monthRows};
    }

    private static void insertDays(Connection connection, Unit unit, List<Map.Entry<LocalDate, RollupTally>> rows) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(RollupTable.DAY.table)
                .append(" (agency_id, survey_code, ").append(RollupTable.DAY.column).append(", responses, tally) VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?)");
        }
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            int at = 1;
            for (Map.Entry<LocalDate, RollupTally> row : rows) {
                insert.setLong(at++, unit.agencyId());
                insert.setString(at++, unit.surveyCode());
                insert.setObject(at++, row.getKey());
                insert.setLong(at++, row.getValue().responses());
                insert.setBytes(at++, row.getValue().encode());
            }
            insert.executeUpdate();
        }
    }
}
