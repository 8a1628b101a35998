package vn.hailong.tally;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.hailong.system.ReportDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the rollup rows that cover a date range exactly: whole calendar months from the month
 * rows, the days before the first and after the last whole month from the day rows. A
 * province-year is then ~12 rows per commune instead of one per response. Rows are summed over
 * an agency subtree (agency_closure), like the raw scan. The pending deltas of the range (the
 * submissions not yet folded into the rows, see {@link Rollups}) are read in the same transaction
 * and handed over like rows, so every figure is exact whether or not the fold has run.
 *
 * <p>Whole months that have ended come from {@link MonthCache} when it holds them at the month's
 * current epoch, read in the same transaction as the rows (see there): only the months it lacks,
 * and the months not yet ended, are read from the rows and deltas.
 */
@Singleton
public class RollupReader {

    public interface RowHandler {
        /** {@code start}: the day, or the first day of the month when {@code wholeMonth}. */
        void row(long group, LocalDate start, boolean wholeMonth, byte[] tally);
    }

    /**
     * Which month rows and day ranges cover [from, to] (null bounds: open). {@code cachedFirst} to
     * {@code cachedLast}: whole months already handed over from the {@link MonthCache}, whose rows
     * and deltas are not read again (null: none).
     */
    record Cover(boolean months, @Nullable LocalDate firstMonth, @Nullable LocalDate lastMonth, List<LocalDate[]> days,
                 @Nullable LocalDate from, @Nullable LocalDate to, @Nullable LocalDate cachedFirst, @Nullable LocalDate cachedLast) {

        Cover(boolean months, @Nullable LocalDate firstMonth, @Nullable LocalDate lastMonth, List<LocalDate[]> days,
              @Nullable LocalDate from, @Nullable LocalDate to) {
            this(months, firstMonth, lastMonth, days, from, to, null, null);
        }

        /** Whether {@code day} lies in one of the whole months read from month rows (a delta of it counts towards that month). */
        boolean inMonths(LocalDate day) {
            LocalDate month = day.withDayOfMonth(1);
            return months && (firstMonth == null || !month.isBefore(firstMonth)) && (lastMonth == null || !month.isAfter(lastMonth));
        }

        /** The rest to read once the whole months {@code first} to {@code last} came from the cache (they are the first ones). */
        Cover withoutCached(LocalDate first, LocalDate last) {
            LocalDate next = last.plusMonths(1);
            boolean more = lastMonth == null || !next.isAfter(lastMonth);
            return new Cover(more, more ? next : null, more ? lastMonth : null, days, from, to, first, last);
        }

        static Cover of(@Nullable LocalDate from, @Nullable LocalDate to, boolean daysOnly) {
            if (daysOnly) {
                return new Cover(false, null, null, List.<LocalDate[]>of(new LocalDate[]{from, to}), from, to);
            }
            LocalDate firstMonth = from == null ? null : from.getDayOfMonth() == 1 ? from : from.withDayOfMonth(1).plusMonths(1);
            LocalDate lastMonth = to == null ? null
                    : to.equals(to.withDayOfMonth(to.lengthOfMonth())) ? to.withDayOfMonth(1) : to.withDayOfMonth(1).minusMonths(1);
            if (firstMonth != null && lastMonth != null && firstMonth.isAfter(lastMonth)) {
                return new Cover(false, null, null, List.<LocalDate[]>of(new LocalDate[]{from, to}), from, to);
            }
            List<LocalDate[]> days = new ArrayList<>();
            if (from != null && from.isBefore(firstMonth)) {
                days.add(new LocalDate[]{from, firstMonth.minusDays(1)});
            }
            if (to != null && to.isAfter(lastMonth.plusMonths(1).minusDays(1))) {
                days.add(new LocalDate[]{lastMonth.plusMonths(1), to});
            }
            return new Cover(true, firstMonth, lastMonth, days, from, to);
        }
    }

    private static final String SUBTREE = "SELECT c.descendant_id, c.ancestor_id FROM agency_closure c WHERE c.ancestor_id = ?";
    private static final String CHILDREN = "SELECT c.descendant_id, c.ancestor_id FROM agency ch"
            + " JOIN agency_closure c ON c.ancestor_id = ch.id WHERE ch.parent_id = ?";
    /** Agencies per query: the IN list stays short enough for any server. */
    private static final int CHUNK = 500;

    // Reports only: the read replica when one is configured (system.ReportDatabase), else the primary.
    private final ReportDatabase database;
    private final MonthCache cache;
    private final Shapes shapes;

    RollupReader(ReportDatabase database, MonthCache cache, Shapes shapes) {
        this.database = database;
        this.cache = cache;
        this.shapes = shapes;
    }

    /** Rows of the subtree of {@code agencyId}; group = agencyId. {@code daysOnly}: no month rows (week/day trends). */
    public void subtree(long agencyId, String surveyCode, @Nullable LocalDate from, @Nullable LocalDate to,
                        boolean daysOnly, RowHandler handler) {
        read(SUBTREE, agencyId, surveyCode, Cover.of(from, to, daysOnly), true, handler);
    }

    /**
     * Like {@link #subtree}, for a caller that only sums the rows: the cached months may come as one
     * row (start = the first of them) instead of one per month.
     */
    public void subtreeSum(long agencyId, String surveyCode, @Nullable LocalDate from, @Nullable LocalDate to, RowHandler handler) {
        read(SUBTREE, agencyId, surveyCode, Cover.of(from, to, false), false, handler);
    }

    /** Rows under each direct child of {@code parentId}; group = that child's id. The handler only sums them (see subtreeSum). */
    public void children(long parentId, String surveyCode, @Nullable LocalDate from, @Nullable LocalDate to, RowHandler handler) {
        read(CHILDREN, parentId, surveyCode, Cover.of(from, to, false), false, handler);
    }

    /** The first (or last) day in [from, to] of {@code month} with responses in the subtree, if any. */
    public @Nullable LocalDate edgeDay(long agencyId, String surveyCode, LocalDate month, @Nullable LocalDate from,
                                      @Nullable LocalDate to, boolean first) {
        LocalDate low = month.withDayOfMonth(1);
        LocalDate high = low.plusMonths(1).minusDays(1);
        if (from != null && from.isAfter(low)) {
            low = from;
        }
        if (to != null && to.isBefore(high)) {
            high = to;
        }
        LocalDate[] range = {low, high};
        return database.read(status -> {
            Connection connection = status.getConnection();
            LocalDate edge = null;
            for (List<Long> chunk : chunks(groups(connection, SUBTREE, agencyId))) {
                // Day rows and pending deltas (each only ever positive): a day has responses when either has some.
                for (LocalDate found : new LocalDate[]{
                        edge(connection, RollupTable.DAY.table, RollupTable.DAY.column, chunk, surveyCode, range, first),
                        edge(connection, RollupDeltas.TABLE, RollupDeltas.COLUMN, chunk, surveyCode, range, first)}) {
                    if (found != null && (edge == null || (first ? found.isBefore(edge) : found.isAfter(edge)))) {
                        edge = found;
                    }
                }
            }
            return edge;
        });
    }

    private static @Nullable LocalDate edge(Connection connection, String table, String column, List<Long> chunk, String surveyCode,
                                            LocalDate[] range, boolean first) throws SQLException {
        String sql = "SELECT " + (first ? "MIN" : "MAX") + "(t." + column + ") FROM " + table
                + " t WHERE " + inAgencies(chunk) + " AND t.survey_code = ? AND t.responses > 0"
                + " AND t." + column + " >= ? AND t." + column + " <= ?";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int at = bindAgencies(select, chunk);
            select.setString(at++, surveyCode);
            select.setObject(at++, range[0]);
            select.setObject(at, range[1]);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getObject(1, LocalDate.class) : null;
            }
        }
    }

    /**
     * The subtree's agency ids are looked up first and the rollup rows then read with
     * {@code agency_id IN (…)}: with a join, MySQL and MariaDB read every row of each agency by
     * key prefix and filter the dates after; with the list they read only the date ranges.
     */
    private void read(String scope, long id, String surveyCode, Cover cover, boolean perMonth, RowHandler handler) {
        // One read transaction: month and day rows are changed together, and a fold moves deltas into
        // them in one transaction, so all reads see the same responses.
        database.read(status -> {
            Connection connection = status.getConnection();
            Map<Long, Long> groups = groups(connection, scope, id);
            Cover rest = cover.months() ? cached(connection, groups, surveyCode, cover, perMonth, handler) : cover;
            for (List<Long> chunk : chunks(groups)) {
                if (rest.months()) {
                    monthRows(connection, chunk, surveyCode, rest.firstMonth(), rest.lastMonth(), groups, handler);
                }
                for (LocalDate[] range : rest.days()) {
                    List<Object> parameters = new ArrayList<>(chunk);
                    parameters.add(surveyCode);
                    String column = RollupTable.DAY.column;
                    StringBuilder sql = new StringBuilder("SELECT t.agency_id, t.").append(column).append(", t.tally FROM ")
                            .append(RollupTable.DAY.table).append(" t WHERE ").append(inAgencies(chunk))
                            .append(" AND t.survey_code = ? AND t.responses > 0");
                    if (range[0] != null) {
                        sql.append(" AND t.").append(column).append(" >= ?");
                        parameters.add(range[0]);
                    }
                    if (range[1] != null) {
                        sql.append(" AND t.").append(column).append(" <= ?");
                        parameters.add(range[1]);
                    }
                    run(connection, sql.toString(), parameters, false, groups, handler);
                }
                pending(connection, chunk, surveyCode, rest, groups, handler);
            }
            return null;
        });
    }

    /** The month rows with responses of these agencies from {@code first} to {@code last} (null: open). */
    private static void monthRows(Connection connection, List<Long> chunk, String surveyCode, @Nullable LocalDate first,
                           @Nullable LocalDate last, Map<Long, Long> groups, RowHandler handler) throws SQLException {
        List<Object> parameters = new ArrayList<>(chunk);
        parameters.add(surveyCode);
        String column = RollupTable.MONTH.column;
        StringBuilder sql = new StringBuilder("SELECT t.agency_id, t.").append(column).append(", t.tally FROM ")
                .append(RollupTable.MONTH.table).append(" t WHERE ").append(inAgencies(chunk))
                .append(" AND t.survey_code = ? AND t.responses > 0");
        if (first != null) {
            sql.append(" AND t.").append(column).append(" >= ?");
            parameters.add(first);
        }
        if (last != null) {
            sql.append(" AND t.").append(column).append(" <= ?");
            parameters.add(last);
        }
        run(connection, sql.toString(), parameters, true, groups, handler);
    }

    /**
     * Hands over the whole months of {@code cover} that have ended ({@link MonthCache#lastCachedMonth})
     * per group: from the cache where it holds them at the epoch this transaction reads, else summed
     * from the month rows and deltas here and put into the cache with that epoch. Returns what is
     * left to read. With no lower bound the first month is the subtree's first month with rows or deltas.
     */
    private Cover cached(Connection connection, Map<Long, Long> groups, String surveyCode, Cover cover,
                         boolean perMonth, RowHandler handler) throws SQLException {
        LocalDate cutoff = cache.lastCachedMonth();
        if (cutoff == null || groups.isEmpty()) {
            return cover;
        }
        LocalDate last = cover.lastMonth() == null || cover.lastMonth().isAfter(cutoff) ? cutoff : cover.lastMonth();
        LocalDate first = cover.firstMonth() != null ? cover.firstMonth() : firstMonth(connection, groups, surveyCode);
        if (first == null || first.isAfter(last)) {
            return cover;
        }
        Map<LocalDate, Long> epochs = MonthEpochs.read(connection, surveyCode);
        Map<Long, long[]> members = members(groups);
        List<LocalDate> window = new ArrayList<>();
        for (LocalDate month = first; !month.isAfter(last); month = month.plusMonths(1)) {
            window.add(month);
        }
        long[] windowEpochs = window.stream().mapToLong(m -> epochs.getOrDefault(m, 0L)).toArray();
        // A caller that only sums gets each group's months as one row: the window's sum when cached,
        // else summed below from the months (cached or read) and cached for the next report.
        Map<Long, RollupTally> windowSums = new HashMap<>();
        RowHandler out = perMonth ? handler : (group, start, month, bytes) ->
                windowSums.computeIfAbsent(group, g -> shapes.newTally()).addEncoded(bytes);
        Map<Long, Set<LocalDate>> missing = new HashMap<>();
        TreeSet<LocalDate> missingMonths = new TreeSet<>();
        List<Long> summed = new ArrayList<>();
        members.forEach((group, ids) -> {
            if (!perMonth) {
                MonthCache.Entry sum = cache.get(new MonthCache.Key(group, surveyCode, first, last), windowEpochs, ids);
                if (sum != null) {
                    if (sum.tally() != null) {
                        handler.row(group, first, true, sum.tally());
                    }
                    return;
                }
                summed.add(group);
            }
            for (LocalDate month : window) {
                MonthCache.Entry entry = cache.get(new MonthCache.Key(group, surveyCode, month), epochs.getOrDefault(month, 0L), ids);
                if (entry == null) {
                    missing.computeIfAbsent(group, g -> new HashSet<>()).add(month);
                    missingMonths.add(month);
                } else if (entry.tally() != null) {
                    out.row(group, month, true, entry.tally());
                }
            }
        });
        if (!missingMonths.isEmpty()) {
            Map<MonthCache.Key, RollupTally> sums = new HashMap<>();
            RowHandler sum = (group, start, month, bytes) -> {
                if (missing.getOrDefault(group, Set.of()).contains(start)) {
                    sums.computeIfAbsent(new MonthCache.Key(group, surveyCode, start), k -> shapes.newTally()).addEncoded(bytes);
                }
            };
            Cover months = new Cover(true, missingMonths.first(), missingMonths.last(), List.of(),
                    missingMonths.first(), missingMonths.last().plusMonths(1).minusDays(1));
            for (List<Long> chunk : chunks(groups)) {
                monthRows(connection, chunk, surveyCode, months.firstMonth(), months.lastMonth(), groups, sum);
                pending(connection, chunk, surveyCode, months, groups, sum);
            }
            missing.forEach((group, groupMonths) -> {
                for (LocalDate month : groupMonths) {
                    MonthCache.Key key = new MonthCache.Key(group, surveyCode, month);
                    RollupTally tally = sums.get(key);
                    byte[] bytes = tally == null ? null : tally.encode();
                    cache.put(key, new MonthCache.Entry(epochs.getOrDefault(month, 0L), members.get(group), bytes));
                    if (bytes != null) {
                        out.row(group, month, true, bytes);
                    }
                }
            });
        }
        for (Long group : summed) {
            RollupTally sum = windowSums.get(group);
            byte[] bytes = sum == null ? null : sum.encode();
            cache.put(new MonthCache.Key(group, surveyCode, first, last), new MonthCache.Entry(windowEpochs, members.get(group), bytes));
            if (bytes != null) {
                handler.row(group, first, true, bytes);
            }
        }
        return cover.withoutCached(first, last);
    }

    /**
     * The subtree's first month with month rows or pending deltas (all of them, empty rows too: one
     * index dive per agency), or null when it has none.
     */
    private static @Nullable LocalDate firstMonth(Connection connection, Map<Long, Long> groups, String surveyCode) throws SQLException {
        LocalDate first = null;
        for (List<Long> chunk : chunks(groups)) {
            for (String[] table : new String[][]{{RollupTable.MONTH.table, RollupTable.MONTH.column}, {RollupDeltas.TABLE, RollupDeltas.COLUMN}}) {
                try (PreparedStatement select = connection.prepareStatement("SELECT t.agency_id, MIN(t." + table[1] + ") FROM " + table[0]
                        + " t WHERE " + inAgencies(chunk) + " AND t.survey_code = ? GROUP BY t.agency_id")) {
                    int at = bindAgencies(select, chunk);
                    select.setString(at, surveyCode);
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            LocalDate month = rs.getObject(2, LocalDate.class).withDayOfMonth(1);
                            if (first == null || month.isBefore(first)) {
                                first = month;
                            }
                        }
                    }
                }
            }
        }
        return first;
    }

    /** Group → the agencies it sums, sorted (what a cached sum of the group is valid for). */
    private static Map<Long, long[]> members(Map<Long, Long> groups) {
        Map<Long, List<Long>> lists = new HashMap<>();
        groups.forEach((agency, group) -> lists.computeIfAbsent(group, g -> new ArrayList<>()).add(agency));
        Map<Long, long[]> members = new HashMap<>();
        lists.forEach((group, ids) -> members.put(group, ids.stream().mapToLong(Long::longValue).sorted().toArray()));
        return members;
    }

    /**
     * The pending deltas of [from, to] ({@link RollupDeltas}), in the same read transaction as the
     * rows: a fold moves a delta into a row in one transaction, so this snapshot holds it exactly
     * once. A delta of a day in a whole month is handed over as part of that month (start = its
     * 1st, {@code wholeMonth}), any other as that day, as the rows it will be folded into would be.
     */
    private static void pending(Connection connection, List<Long> chunk, String surveyCode, Cover cover,
                                Map<Long, Long> groups, RowHandler handler) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT t.agency_id, t.").append(RollupDeltas.COLUMN).append(", t.tally FROM ")
                .append(RollupDeltas.TABLE).append(" t WHERE ").append(inAgencies(chunk)).append(" AND t.survey_code = ?");
        List<Object> parameters = new ArrayList<>(chunk);
        parameters.add(surveyCode);
        if (cover.from() != null) {
            sql.append(" AND t.").append(RollupDeltas.COLUMN).append(" >= ?");
            parameters.add(cover.from());
        }
        if (cover.to() != null) {
            sql.append(" AND t.").append(RollupDeltas.COLUMN).append(" <= ?");
            parameters.add(cover.to());
        }
        if (cover.cachedFirst() != null) {
            sql.append(" AND NOT (t.").append(RollupDeltas.COLUMN).append(" >= ? AND t.").append(RollupDeltas.COLUMN).append(" < ?)");
            parameters.add(cover.cachedFirst());
            parameters.add(cover.cachedLast().plusMonths(1));
        }
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    LocalDate day = rs.getObject(2, LocalDate.class);
                    boolean month = cover.inMonths(day);
                    handler.row(groups.get(rs.getLong(1)), month ? day.withDayOfMonth(1) : day, month, rs.getBytes(3));
                }
            }
        }
    }

    /** Agency id → the group it counts towards (the subtree root, or the child of the parent). */
    private static Map<Long, Long> groups(Connection connection, String sql, long id) throws SQLException {
        Map<Long, Long> groups = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    groups.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        return groups;
    }

    private static List<List<Long>> chunks(Map<Long, Long> groups) {
        List<Long> ids = new ArrayList<>(groups.keySet());
        List<List<Long>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + CHUNK)));
        }
        return chunks;
    }

    private static String inAgencies(List<Long> chunk) {
        return "t.agency_id IN (" + String.join(", ", chunk.stream().map(x -> "?").toList()) + ")";
    }

    private static int bindAgencies(PreparedStatement statement, List<Long> chunk) throws SQLException {
        int at = 1;
        for (Long agencyId : chunk) {
            statement.setLong(at++, agencyId);
        }
        return at;
    }

    private static void run(Connection connection, String sql, List<Object> parameters, boolean months,
                            Map<Long, Long> groups, RowHandler handler) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            select.setFetchSize(1_000);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    handler.row(groups.get(rs.getLong(1)), rs.getObject(2, LocalDate.class), months, rs.getBytes(3));
                }
            }
        }
    }
}
