package vn.hailong.dossier;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import vn.hailong.account.Caller;
import vn.hailong.account.Role;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.system.DatabaseErrors;
import vn.hailong.system.FieldError;
import vn.hailong.system.Hashing;

import java.time.Clock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Stores a batch of served dossiers in one transaction with a fixed number of statements: the
 * registries (procedures, counters, officers) upserted, each dossier inserted, updated or left
 * unchanged, and the served-count rollup moved by the difference — so a figure never needs the
 * dossier rows, which may be purged. Idempotent per (agency, dossier number): the same item again
 * is "unchanged" and gets the same rating code (derived, not drawn at random). Bad items are
 * rejected with their field errors; the rest of the batch is stored.
 */
@Singleton
public class DossierIngest {

    private static final int ATTEMPTS = 4;

    private final TransactionOperations<Connection> transactions;
    private final AgencyTree agencies;
    private final DossierHasher hasher;
    private final RatingCodes codes;
    private final Clock clock;
    private final RegistryCache registries;

    DossierIngest(TransactionOperations<Connection> transactions, AgencyTree agencies, DossierHasher hasher, RatingCodes codes,
                  Clock clock, RegistryCache registries) {
        this.clock = clock;
        this.registries = registries;
        this.transactions = transactions;
        this.agencies = agencies;
        this.hasher = hasher;
        this.codes = codes;
    }

    @Serdeable
    public record Result(@Nullable String code, String status, @Nullable List<FieldError> errors, @Nullable String ratingCode,
                  @Nullable String ratingUrl) {
    }

    /** One dossier as stored (or about to be). */
    private static final class Row {
        Long id;
        long agencyId;
        String codeHash;
        long procedureId;
        long counterId;
        long officerId;
        String channel;
        Instant receivedAt;
        Instant dueAt;
        Instant returnedAt;
        LocalDate servedDate;
        String contentHash;
        String ratingCodeHash;
        /** The code itself, once derived in this batch (never stored: a stored row's is derived again). */
        String ratingCode;
        int ratingSalt;
        boolean rated;
        boolean dirty;
    }

    private record ServedKey(long agencyId, LocalDate day, long procedureId, long counterId, long officerId, String channel)
            implements Comparable<ServedKey> {
        @Override
        public int compareTo(ServedKey o) {
            int c = Long.compare(agencyId, o.agencyId);
            c = c != 0 ? c : day.compareTo(o.day);
            c = c != 0 ? c : Long.compare(procedureId, o.procedureId);
            c = c != 0 ? c : Long.compare(counterId, o.counterId);
            c = c != 0 ? c : Long.compare(officerId, o.officerId);
            return c != 0 ? c : channel.compareTo(o.channel);
        }
    }

    /**
     * One attempt at a batch: whether new rating codes are checked against the stored ones before
     * the insert, and the registry entries it read or wrote (remembered once it committed).
     */
    private static final class Attempt {
        final boolean checkCodes;
        /** Look up the batch's stored rows before placing it (else try its dossiers as new first). */
        final boolean lookFirst;
        final Map<String, RegistryCache.Entry> learned = new HashMap<>();
        final long startedNanos = System.nanoTime();

        Attempt(boolean checkCodes) {
            this.checkCodes = checkCodes;
            this.lookFirst = checkCodes;
        }
    }

    public List<Result> ingest(List<JsonNode> items, @Nullable Caller caller) {
        RuntimeException last = null;
        boolean checkCodes = false;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Attempt at = new Attempt(checkCodes);
            try {
                List<Result> results = transactions.executeWrite(status -> {
                    try {
                        return write(status.getConnection(), items, caller, at);
                    } catch (SQLException e) {
                        // Unchecked, so that the retry below sees it (a checked one passes the transaction as it is).
                        throw new DataAccessException("Dossier batch not stored: " + e.getMessage(), e);
                    }
                });
                registries.remember(at.learned);
                return results;
            } catch (RuntimeException e) {
                // Another batch stored the same new dossier or registry entry a moment ago: look again.
                if (!(DatabaseErrors.isConstraintViolation(e) || DatabaseErrors.isRetryable(e))) {
                    throw e;
                }
                // A unique key hit may also be a new rating code that another dossier holds (about once in
                // 10^18 codes, see assignRatingCodes): the next attempts ask the stored codes first.
                checkCodes |= DatabaseErrors.isConstraintViolation(e);
                last = e;
            }
        }
        throw last;
    }

    private List<Result> write(Connection c, List<JsonNode> items, @Nullable Caller caller, Attempt attempt) throws SQLException {
        Instant now = clock.instant();
        int n = items.size();
        Result[] results = new Result[n];
        DossierItem[] read = new DossierItem[n];
        for (int i = 0; i < n; i++) {
            List<FieldError> errors = new ArrayList<>();
            read[i] = DossierItem.read(items.get(i), now, errors);
            if (read[i] == null) {
                results[i] = rejected(items.get(i), errors);
            }
        }
        // Integration keys and province administrators (issue 15) send for their agency's subtree only:
        // the agencies and whether they lie in that subtree come in one statement.
        boolean integration = caller != null && (caller.is(Role.INTEGRATION) || caller.is(Role.ADMIN) && !caller.national());
        AgencyTree.Coded coded = agencies.byCodes(c, live(read).stream().map(DossierItem::agency).toList(),
                integration ? caller.agencyId() : null);
        Map<String, Agency> byCode = coded.byCode();
        for (int i = 0; i < n; i++) {
            if (read[i] == null) {
                continue;
            }
            Agency agency = byCode.get(read[i].agency());
            String problem = agency == null ? "no agency with this code"
                    : integration && (caller.agencyId() == null || !coded.within().contains(agency.id()))
                    ? (caller.is(Role.INTEGRATION) ? "outside this integration key's agencies" : "outside your account's agencies") : null;
            if (problem != null) {
                results[i] = rejected(items.get(i), List.of(new FieldError("agency", problem)));
                read[i] = null;
            }
        }
        List<DossierItem> valid = live(read);
        Map<String, Long> procedures = procedures(c, valid, attempt);
        Map<String, Long> counters = registry(c, "dossier_counter", valid, byCode, true, attempt);
        Map<String, Long> officers = registry(c, "dossier_officer", valid, byCode, false, attempt);

        String[] hashes = new String[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = read[i] == null ? null : hasher.hash(read[i].code());
        }
        Registries known = new Registries(procedures, counters, officers);
        if (!attempt.lookFirst) {
            // Most dossiers of a batch are new: try them as new, and let the unique key (agency_id, code_hash)
            // say otherwise. The new rows are inserted after a savepoint, so a duplicate key leaves none of them
            // behind (rolled back to it, the transaction goes on) and the batch is placed again, this time
            // against its stored rows.
            try {
                return place(c, read, results.clone(), hashes, byCode, known, now, attempt, false);
            } catch (StoredAlready e) {
                // placed again below
            }
        }
        try {
            return place(c, read, results.clone(), hashes, byCode, known, now, attempt, true);
        } catch (StoredAlready e) {
            throw new IllegalStateException("not thrown when placing against the stored rows", e);
        }
    }

    /** The insert of a batch tried as new met a unique key (nothing else of the batch was written yet). */
    private static final class StoredAlready extends Exception {
        StoredAlready(SQLException cause) {
            super(cause);
        }
    }

    private record Registries(Map<String, Long> procedures, Map<String, Long> counters, Map<String, Long> officers) {
    }

    /**
     * The batch's valid items stored: against their stored rows (locked) when {@code lookup}, else
     * all taken as new (an item already stored makes the insert fail on the unique key).
     */
    private List<Result> place(Connection c, DossierItem[] read, Result[] results, String[] hashes, Map<String, Agency> byCode,
                               Registries known, Instant now, Attempt attempt, boolean lookup) throws SQLException, StoredAlready {
        int n = read.length;
        Map<String, Long> procedures = known.procedures();
        Map<String, Long> counters = known.counters();
        Map<String, Long> officers = known.officers();
        Map<String, Row> rows = lookup ? existing(c, read, hashes, byCode) : new TreeMap<>();
        Map<ServedKey, long[]> deltas = new TreeMap<>();
        Row[] rowOf = new Row[n];
        for (int i = 0; i < n; i++) {
            DossierItem item = read[i];
            if (item == null) {
                continue;
            }
            Agency agency = byCode.get(item.agency());
            String hash = hashes[i];
            String key = agency.id() + "\n" + hash;
            Row row = rows.get(key);
            long procedureId = item.procedureCode() == null ? 0 : procedures.get(item.procedureCode().toUpperCase(Locale.ROOT));
            long counterId = item.counterCode() == null ? 0 : counters.get(agency.id() + "\n" + item.counterCode().toUpperCase(Locale.ROOT));
            long officerId = item.officerCode() == null ? 0 : officers.get(agency.id() + "\n" + item.officerCode().toUpperCase(Locale.ROOT));
            String content = Hashing.sha256(String.join("\n", Long.toString(procedureId), Long.toString(counterId),
                    Long.toString(officerId), item.channel(), String.valueOf(item.receivedAt()), String.valueOf(item.dueAt()),
                    String.valueOf(item.returnedAt())));
            if (row != null && content.equals(row.contentHash)) {
                results[i] = new Result(item.code(), "unchanged", null, null, null);
                rowOf[i] = row;
                continue;
            }
            if (row != null && row.returnedAt != null && item.returnedAt() == null) {
                results[i] = new Result(item.code(), "rejected", List.of(new FieldError("returnedAt",
                        "cannot be removed: the dossier was returned already")), null, null);
                continue;
            }
            boolean created = row == null;
            if (created) {
                row = new Row();
                row.agencyId = agency.id();
                row.codeHash = hash;
                rows.put(key, row);
            } else if (row.servedDate != null) {
                move(deltas, served(row), -1, row.rated ? -1 : 0);
            }
            row.procedureId = procedureId;
            row.counterId = counterId;
            row.officerId = officerId;
            row.channel = item.channel();
            row.receivedAt = item.receivedAt();
            row.dueAt = item.dueAt();
            row.returnedAt = item.returnedAt();
            row.servedDate = item.returnedAt() == null ? null : item.returnedAt().atZone(agency.zone()).toLocalDate();
            row.contentHash = content;
            row.dirty = true;
            if (row.servedDate != null) {
                move(deltas, served(row), 1, row.rated ? 1 : 0);
            }
            results[i] = new Result(item.code(), created && rowOf(rowOf, row) ? "created" : "updated", null, null, null);
            rowOf[i] = row;
        }
        assignRatingCodes(c, read, rowOf, byCode, attempt.checkCodes);
        // Tried as new, the insert must leave nothing behind when it meets a stored dossier, however the
        // driver sends the rows (one multi-row statement, or several if they outgrow max_allowed_packet).
        Savepoint beforeInsert = lookup ? null : c.setSavepoint();
        try {
            store(c, rows.values(), now);
        } catch (SQLException e) {
            if (!lookup && DatabaseErrors.isConstraintViolation(e)) {
                c.rollback(beforeInsert);
                throw new StoredAlready(e);
            }
            throw e;
        }
        addServed(c, deltas);
        for (int i = 0; i < n; i++) {
            if (rowOf[i] != null && rowOf[i].servedDate != null) {
                String code = rowOf[i].ratingCode != null ? rowOf[i].ratingCode
                        : codes.derive(byCode.get(read[i].agency()).code(), read[i].code(), rowOf[i].ratingSalt);
                results[i] = new Result(results[i].code(), results[i].status(), null, RatingCodes.grouped(code), null);
            }
        }
        return List.of(results);
    }

    /** True unless an earlier item of this batch already made the row (then this one is an update of it). */
    private static boolean rowOf(Row[] rowOf, Row row) {
        for (Row r : rowOf) {
            if (r == row) {
                return false;
            }
        }
        return true;
    }

    private static ServedKey served(Row row) {
        return new ServedKey(row.agencyId, row.servedDate, row.procedureId, row.counterId, row.officerId, row.channel);
    }

    private static void move(Map<ServedKey, long[]> deltas, ServedKey key, long served, long rated) {
        long[] d = deltas.computeIfAbsent(key, k -> new long[2]);
        d[0] += served;
        d[1] += rated;
    }

    private static List<DossierItem> live(DossierItem[] read) {
        List<DossierItem> live = new ArrayList<>();
        for (DossierItem item : read) {
            if (item != null) {
                live.add(item);
            }
        }
        return live;
    }

    private static Result rejected(JsonNode item, List<FieldError> errors) {
        JsonNode code = item != null && item.isObject() ? item.get("code") : null;
        return new Result(code != null && code.isString() ? code.getStringValue() : null, "rejected", errors, null, null);
    }

    /**
     * Procedures by code (national), upserted in code order; the name and field kept when not sent.
     * Only entries that are new or whose name or field changes are written: a batch mostly names
     * procedures, counters and officers known already, and rewriting each of them (the same values)
     * cost as many row writes as the dossiers themselves.
     */
    private Map<String, Long> procedures(Connection c, List<DossierItem> items, Attempt attempt) throws SQLException {
        Map<String, String[]> wanted = new TreeMap<>();
        for (DossierItem item : items) {
            if (item.procedureCode() != null) {
                String[] known = wanted.computeIfAbsent(item.procedureCode().toUpperCase(Locale.ROOT),
                        k -> new String[] {item.procedureCode(), null, null});
                known[1] = item.procedureName() != null ? item.procedureName() : known[1];
                known[2] = item.field() != null ? item.field() : known[2];
            }
        }
        Map<String, Long> ids = new HashMap<>();
        // Entries this copy knows with the very name and field sent need neither a read nor a write.
        Map<String, RegistryCache.Entry> cached = registries.fresh(
                wanted.keySet().stream().map(k -> RegistryCache.key('P', k)).toList(), attempt.startedNanos);
        wanted.entrySet().removeIf(e -> {
            RegistryCache.Entry known = cached.get(RegistryCache.key('P', e.getKey()));
            if (known == null || changes(e.getValue()[1], known.name()) || changes(e.getValue()[2], known.field())) {
                return false;
            }
            ids.put(e.getKey(), known.id());
            return true;
        });
        if (wanted.isEmpty()) {
            return ids;
        }
        Map<String, String[]> stored = storedProcedures(c, wanted.values(), false);
        List<String[]> changed = new ArrayList<>();
        for (Map.Entry<String, String[]> e : wanted.entrySet()) {
            String[] now = stored.get(e.getKey());
            String[] p = e.getValue();
            if (now == null || changes(p[1], now[1]) || changes(p[2], now[2])) {
                changed.add(p);
            } else {
                ids.put(e.getKey(), Long.parseLong(now[0]));
                attempt.learned.put(RegistryCache.key('P', e.getKey()),
                        new RegistryCache.Entry(Long.parseLong(now[0]), now[1], now[2], attempt.startedNanos));
            }
        }
        if (changed.isEmpty()) {
            return ids;
        }
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO dossier_procedure (code, name, field) VALUES (?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE name = COALESCE(VALUES(name), name), field = COALESCE(VALUES(field), field)")) {
            for (String[] p : changed) {
                upsert.setString(1, p[0]);
                upsert.setString(2, p[1]);
                upsert.setString(3, p[2]);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
        storedProcedures(c, changed, true).forEach((code, row) -> {
            ids.put(code, Long.parseLong(row[0]));
            attempt.learned.put(RegistryCache.key('P', code), new RegistryCache.Entry(Long.parseLong(row[0]), row[1], row[2],
                    attempt.startedNanos));
        });
        return ids;
    }

    /** A value sent that differs from the stored one (a value not sent keeps what is stored). */
    private static boolean changes(@Nullable String sent, @Nullable String stored) {
        return sent != null && !sent.equals(stored);
    }

    /**
     * Stored procedures of these codes: upper-case code → {id, name, field}. After the upsert the read
     * is {@code locking}: a plain read shows the transaction's snapshot, which lacks an entry another
     * batch inserted and committed meanwhile (the upsert then changed nothing, so the row is not ours).
     */
    private static Map<String, String[]> storedProcedures(Connection c, java.util.Collection<String[]> wanted, boolean locking)
            throws SQLException {
        Map<String, String[]> stored = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT id, code, name, field FROM dossier_procedure WHERE code IN ("
                + marks(wanted.size()) + ")" + (locking ? " FOR UPDATE" : ""))) {
            int at = 1;
            for (String[] p : wanted) {
                select.setString(at++, p[0]);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(2).toUpperCase(Locale.ROOT), new String[] {Long.toString(rs.getLong(1)), rs.getString(3),
                            rs.getString(4)});
                }
            }
        }
        return stored;
    }

    /** Counters or officers per agency, keyed "agencyId\nCODE"; written only when new or renamed (see {@link #procedures}). */
    private Map<String, Long> registry(Connection c, String table, List<DossierItem> items, Map<String, Agency> byCode,
                                       boolean counters, Attempt attempt) throws SQLException {
        char registry = counters ? 'C' : 'O';
        Map<String, Object[]> wanted = new TreeMap<>();
        for (DossierItem item : items) {
            String code = counters ? item.counterCode() : item.officerCode();
            String name = counters ? item.counterName() : item.officerName();
            if (code != null) {
                long agencyId = byCode.get(item.agency()).id();
                Object[] known = wanted.computeIfAbsent(agencyId + "\n" + code.toUpperCase(Locale.ROOT),
                        k -> new Object[] {agencyId, code, null});
                known[2] = name != null ? name : known[2];
            }
        }
        Map<String, Long> ids = new HashMap<>();
        Map<String, RegistryCache.Entry> cached = registries.fresh(
                wanted.keySet().stream().map(k -> RegistryCache.key(registry, k)).toList(), attempt.startedNanos);
        wanted.entrySet().removeIf(e -> {
            RegistryCache.Entry known = cached.get(RegistryCache.key(registry, e.getKey()));
            if (known == null || changes((String) e.getValue()[2], known.name())) {
                return false;
            }
            ids.put(e.getKey(), known.id());
            return true;
        });
        if (wanted.isEmpty()) {
            return ids;
        }
        Map<String, Object[]> stored = storedRegistry(c, table, wanted.values(), false);
        List<Object[]> changed = new ArrayList<>();
        for (Map.Entry<String, Object[]> e : wanted.entrySet()) {
            Object[] now = stored.get(e.getKey());
            if (now == null || changes((String) e.getValue()[2], (String) now[1])) {
                changed.add(e.getValue());
            } else {
                ids.put(e.getKey(), (Long) now[0]);
                attempt.learned.put(RegistryCache.key(registry, e.getKey()),
                        new RegistryCache.Entry((Long) now[0], (String) now[1], null, attempt.startedNanos));
            }
        }
        if (changed.isEmpty()) {
            return ids;
        }
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO " + table + " (agency_id, code, name) VALUES (?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE name = COALESCE(VALUES(name), name)")) {
            for (Object[] r : changed) {
                upsert.setLong(1, (Long) r[0]);
                upsert.setString(2, (String) r[1]);
                upsert.setString(3, (String) r[2]);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
        storedRegistry(c, table, changed, true).forEach((key, row) -> {
            ids.put(key, (Long) row[0]);
            attempt.learned.put(RegistryCache.key(registry, key), new RegistryCache.Entry((Long) row[0], (String) row[1], null,
                    attempt.startedNanos));
        });
        return ids;
    }

    /** Stored entries of a per-agency registry: "agencyId\nCODE" → {id, name}; {@code locking} as for procedures. */
    private static Map<String, Object[]> storedRegistry(Connection c, String table, java.util.Collection<Object[]> wanted,
                                                        boolean locking) throws SQLException {
        Map<String, Object[]> stored = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT id, agency_id, code, name FROM " + table
                + " WHERE (agency_id, code) IN (" + pairs(wanted.size()) + ")" + (locking ? " FOR UPDATE" : ""))) {
            int at = 1;
            for (Object[] r : wanted) {
                select.setLong(at++, (Long) r[0]);
                select.setString(at++, (String) r[1]);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getLong(2) + "\n" + rs.getString(3).toUpperCase(Locale.ROOT), new Object[] {rs.getLong(1), rs.getString(4)});
                }
            }
        }
        return stored;
    }

    /**
     * The stored rows of these dossiers, locked until the commit, keyed "agencyId\ncodeHash". The
     * exact (agency, hash) pairs are asked ({@link #pairs}): the unique key is (agency_id, code_hash),
     * and a lookup by code_hash alone — or by the batch's agencies times its hashes, planned as a
     * full scan at 10 000 rows — read (and, FOR UPDATE, locked) every row of the table, so each
     * batch cost more as the table grew and held up every other batch.
     */
    private static Map<String, Row> existing(Connection c, DossierItem[] items, String[] hashes, Map<String, Agency> byCode)
            throws SQLException {
        Map<String, Row> rows = new TreeMap<>();
        Map<String, Object[]> keys = new TreeMap<>();
        for (int i = 0; i < items.length; i++) {
            if (items[i] == null) {
                continue;
            }
            long agencyId = byCode.get(items[i].agency()).id();
            keys.putIfAbsent(agencyId + "\n" + hashes[i], new Object[] {agencyId, hashes[i]});
        }
        if (keys.isEmpty()) {
            return rows;
        }
        try (PreparedStatement select = c.prepareStatement("SELECT id, agency_id, code_hash, procedure_id, counter_id, officer_id,"
                + " channel, returned_at, served_date, content_hash, rating_code_hash, rating_salt, rated_response_id"
                + " FROM served_dossier WHERE (agency_id, code_hash) IN (" + pairs(keys.size()) + ") FOR UPDATE")) {
            int at = 1;
            for (Object[] key : keys.values()) {
                select.setLong(at++, (Long) key[0]);
                select.setString(at++, (String) key[1]);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Row row = new Row();
                    row.id = rs.getLong(1);
                    row.agencyId = rs.getLong(2);
                    row.codeHash = rs.getString(3);
                    row.procedureId = rs.getLong(4);
                    row.counterId = rs.getLong(5);
                    row.officerId = rs.getLong(6);
                    row.channel = rs.getString(7);
                    row.returnedAt = IntegrationClients.instant(rs.getTimestamp(8));
                    row.servedDate = rs.getObject(9, LocalDate.class);
                    row.contentHash = rs.getString(10);
                    row.ratingCodeHash = rs.getString(11);
                    row.ratingSalt = rs.getInt(12);
                    row.rated = rs.getString(13) != null;
                    rows.put(row.agencyId + "\n" + row.codeHash, row);
                }
            }
        }
        return rows;
    }

    /**
     * A returned dossier without a code gets one; on the rare code already held by another
     * dossier the next salt is tried, and the salt is kept so that a retry derives the same code.
     * Two codes of one batch are told apart here. Whether a code is held by a stored dossier is
     * asked only when {@code check} (an attempt after a unique-key failure): 60-bit codes collide
     * about once in 10^18 pairs (ADR 0050), so the first attempt lets the unique key on
     * rating_code_hash find that case — the insert fails, nothing of the batch is stored, and the
     * next attempt asks and takes the next salt.
     */
    private void assignRatingCodes(Connection c, DossierItem[] read, Row[] rowOf, Map<String, Agency> byCode, boolean check)
            throws SQLException {
        Map<Row, DossierItem> waiting = new LinkedHashMap<>();
        for (int i = 0; i < read.length; i++) {
            if (rowOf[i] != null && rowOf[i].servedDate != null && rowOf[i].ratingCodeHash == null) {
                waiting.put(rowOf[i], read[i]);
            }
        }
        Set<String> takenHere = new HashSet<>();
        while (!waiting.isEmpty()) {
            Map<String, Row> byHash = new LinkedHashMap<>();
            Map<Row, String> derived = new HashMap<>();
            for (Map.Entry<Row, DossierItem> e : waiting.entrySet()) {
                String code = codes.derive(byCode.get(e.getValue().agency()).code(), e.getValue().code(), e.getKey().ratingSalt);
                String hash = codes.lookupHash(code);
                if (!takenHere.add(hash)) {
                    e.getKey().ratingSalt++;
                    continue;
                }
                byHash.put(hash, e.getKey());
                derived.put(e.getKey(), code);
            }
            Set<String> taken = new HashSet<>();
            if (check && !byHash.isEmpty()) {
                try (PreparedStatement select = c.prepareStatement("SELECT rating_code_hash FROM served_dossier WHERE rating_code_hash IN ("
                        + marks(byHash.size()) + ")")) {
                    int at = 1;
                    for (String h : byHash.keySet()) {
                        select.setString(at++, h);
                    }
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            taken.add(rs.getString(1));
                        }
                    }
                }
            }
            for (Map.Entry<String, Row> e : byHash.entrySet()) {
                Row row = e.getValue();
                if (taken.contains(e.getKey())) {
                    row.ratingSalt++;
                } else {
                    row.ratingCodeHash = e.getKey();
                    row.ratingCode = derived.get(row);
                    row.dirty = true;
                    waiting.remove(row);
                }
            }
        }
    }

    /**
     * The new rows as one batch, which the driver sends as a multi-row INSERT
     * ({@code rewriteBatchedStatements}) built from the one-row statement it parsed and cached once: a
     * 500-row statement built here (7 500 placeholders) was parsed again on every batch, about a third
     * of the request's CPU in the app (docs/benchmarks.md). Changed rows are updated by id.
     */
    private static void store(Connection c, java.util.Collection<Row> rows, Instant now) throws SQLException {
        List<Row> inserts = new ArrayList<>();
        List<Row> updates = new ArrayList<>();
        for (Row row : rows) {
            if (row.dirty) {
                (row.id == null ? inserts : updates).add(row);
            }
        }
        if (!inserts.isEmpty()) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO served_dossier (agency_id, code_hash, procedure_id,"
                    + " counter_id, officer_id, channel, received_at, due_at, returned_at, served_date, content_hash, rating_code_hash,"
                    + " rating_salt, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Row row : inserts) {
                    insert.setLong(1, row.agencyId);
                    insert.setString(2, row.codeHash);
                    fill(insert, 3, row, now);
                    insert.setObject(15, IntegrationClients.utc(now));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        if (!updates.isEmpty()) {
            try (PreparedStatement update = c.prepareStatement("UPDATE served_dossier SET procedure_id = ?, counter_id = ?,"
                    + " officer_id = ?, channel = ?, received_at = ?, due_at = ?, returned_at = ?, served_date = ?, content_hash = ?,"
                    + " rating_code_hash = ?, rating_salt = ?, updated_at = ? WHERE id = ?")) {
                for (Row row : updates) {
                    fill(update, 1, row, now);
                    update.setLong(13, row.id);
                    update.addBatch();
                }
                update.executeBatch();
            }
        }
    }

    /** procedure … rating_salt, then one time (created_at for an insert, updated_at for an update). */
    private static void fill(PreparedStatement s, int from, Row row, Instant now) throws SQLException {
        int at = from;
        s.setLong(at++, row.procedureId);
        s.setLong(at++, row.counterId);
        s.setLong(at++, row.officerId);
        s.setString(at++, row.channel);
        s.setObject(at++, row.receivedAt == null ? null : IntegrationClients.utc(row.receivedAt));
        s.setObject(at++, row.dueAt == null ? null : IntegrationClients.utc(row.dueAt));
        s.setObject(at++, row.returnedAt == null ? null : IntegrationClients.utc(row.returnedAt));
        if (row.servedDate == null) {
            s.setNull(at++, Types.DATE);
        } else {
            s.setObject(at++, row.servedDate);
        }
        s.setString(at++, row.contentHash);
        s.setString(at++, row.ratingCodeHash);
        s.setInt(at++, row.ratingSalt);
        s.setObject(at, IntegrationClients.utc(now));
    }

    /** The served-count rows moved by the batch's differences, in key order (no two batches wait on each other in a cycle). */
    private static void addServed(Connection c, Map<ServedKey, long[]> deltas) throws SQLException {
        deltas.values().removeIf(d -> d[0] == 0 && d[1] == 0);
        if (deltas.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO dossier_served_day (agency_id, served_date, procedure_id,"
                + " counter_id, officer_id, channel, served, rated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE served = served + VALUES(served), rated = rated + VALUES(rated)")) {
            for (Map.Entry<ServedKey, long[]> e : deltas.entrySet()) {
                ServedKey k = e.getKey();
                upsert.setLong(1, k.agencyId());
                upsert.setObject(2, k.day());
                upsert.setLong(3, k.procedureId());
                upsert.setLong(4, k.counterId());
                upsert.setLong(5, k.officerId());
                upsert.setString(6, k.channel());
                upsert.setLong(7, e.getValue()[0]);
                upsert.setLong(8, e.getValue()[1]);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /**
     * {@code n} row constructors for {@code (a, b) IN (…)}: MariaDB range-scans the two-column
     * unique key for them, one probe per pair. An {@code OR} of {@code (a = ? AND b = ?)} costs the
     * optimizer more to plan, and {@code a IN (…) AND b IN (…)} probes every combination — with
     * 500 hashes in 10 agencies (5 000 combinations) it chose a full scan instead, which as
     * {@code FOR UPDATE} locked every row of the table.
     */
    static String pairs(int n) {
        return String.join(", ", Collections.nCopies(n, "(?, ?)"));
    }

    static boolean same(Object a, Object b) {
        return Objects.equals(a, b);
    }
}
