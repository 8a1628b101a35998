package vn.hailong.agency;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The agency tree as CSV (UTF-8, a leading BOM tolerated): export, a dry run that lists every
 * problem with its line, and an import that changes nothing unless the whole file is valid.
 * A row whose code exists updates that agency (names, kind, zone, dates, parent); a new code
 * creates one; agencies not in the file stay as they are. Parents may come later in the file.
 */
@Singleton
public class AgencyCsv {

    public static final List<String> COLUMNS = List.of("code", "parent", "name_vi", "name_en", "kind", "time_zone",
            "valid_from", "valid_to");
    static final int MAX_ROWS = 20_000;
    private static final Set<String> REQUIRED = Set.of("code", "parent", "name_vi", "kind");

    private final AgencyTree tree;
    private final Clock clock;

    AgencyCsv(AgencyTree tree, Clock clock) {
        this.clock = clock;
        this.tree = tree;
    }

    /** One problem of the file: its line (1 = the header), a message key with arguments, an English text. */
    public record Problem(int line, String key, List<Object> args, String english) {
        Problem(int line, String key, String english, Object... args) {
            this(line, key, List.of(args), english);
        }
    }

    /** What an import of the file would do, or why it cannot. */
    public record Check(List<Problem> problems, List<Change> changes) {
        public boolean ok() {
            return problems.isEmpty();
        }

        public long count(Action action) {
            return changes.stream().filter(c -> c.action() == action).count();
        }
    }

    public enum Action { CREATE, UPDATE, UNCHANGED }

    public record Change(int line, String code, Action action) {
    }

    /** Thrown by {@link #importAll} so that its transaction rolls back; carries the check. */
    public static class Rejected extends RuntimeException {
        private final Check check;

        Rejected(Check check) {
            super(check.problems().size() + " problems in the CSV file");
            this.check = check;
        }

        public Check check() {
            return check;
        }
    }

    /** Every agency of {@code outline} (the caller's scope, AgencyScope.outline) with its parent's code. */
    public String export(List<AgencyTree.Node> outline) {
        StringBuilder out = new StringBuilder("\uFEFF");
        out.append(String.join(",", COLUMNS)).append("\r\n");
        Map<Long, Agency> byId = new HashMap<>();
        tree.all().forEach(a -> byId.put(a.id(), a));
        for (AgencyTree.Node node : outline) {
            Agency a = node.agency();
            Agency parent = a.parentId() == null ? null : byId.get(a.parentId());
            List<String> cells = List.of(a.code(), parent == null ? "" : parent.code(), a.nameVi(), a.nameEn(), a.kind(),
                    a.timeZone(), a.validFrom() == null ? "" : a.validFrom().toString(),
                    a.validTo() == null ? "" : a.validTo().toString());
            out.append(String.join(",", cells.stream().map(AgencyCsv::cell).toList())).append("\r\n");
        }
        return out.toString();
    }

    /** The dry run: reads and checks everything, stores nothing. */
    @Transactional(readOnly = true)
    public Check check(byte[] file, @Nullable Long scopeTop) {
        return plan(file, clock.instant(), scopeTop).check();
    }

    /** All or nothing, in one transaction, checked again under the tree lock. */
    @Transactional
    public Check importAll(byte[] file, @Nullable Long scopeTop) {
        tree.lockTree();
        Instant now = clock.instant();
        Plan plan = plan(file, now, scopeTop);
        if (!plan.check().ok()) {
            throw new Rejected(plan.check());
        }
        Map<String, Agency> byCode = new HashMap<>();
        tree.all().forEach(a -> byCode.put(a.code(), a));
        List<Row> relink = new ArrayList<>();
        for (Row row : plan.rows()) {
            Agency existing = byCode.get(row.code());
            if (existing == null) {
                byCode.put(row.code(), tree.insertDetached(row.toAgency(null, null, now)));
                if (row.parent() != null) {
                    relink.add(row);
                }
            } else {
                Agency updated = new Agency(existing.id(), existing.code(), row.nameVi(), row.nameEn(), row.kind(),
                        existing.parentId(), row.zone(), row.validFrom(), row.validTo(), existing.createdAt());
                if (!updated.equals(existing)) {
                    byCode.put(row.code(), tree.update(updated));
                }
                if (!Objects.equals(parentCode(existing, byCode), row.parent())) {
                    // Detach first: with every moved agency a root, adding the file's edges one by
                    // one can never pass through a cycle, whatever their order.
                    tree.relink(existing.id(), null);
                    byCode.put(row.code(), tree.update(byCode.get(row.code()).withParent(null)));
                    if (row.parent() != null) {
                        relink.add(row);
                    }
                }
            }
        }
        for (Row row : relink) {
            Agency agency = byCode.get(row.code());
            Agency parent = byCode.get(row.parent());
            tree.relink(agency.id(), parent.id());
            byCode.put(row.code(), tree.update(agency.withParent(parent.id())));
        }
        return plan.check();
    }

    private static String parentCode(Agency agency, Map<String, Agency> byCode) {
        if (agency.parentId() == null) {
            return null;
        }
        return byCode.values().stream().filter(a -> agency.parentId().equals(a.id())).map(Agency::code).findFirst().orElse(null);
    }

    record Row(int line, String code, @Nullable String parent, String nameVi, String nameEn, String kind, String zone,
               @Nullable LocalDate validFrom, @Nullable LocalDate validTo) {
        Agency toAgency(@Nullable Long id, @Nullable Long parentId, Instant created) {
            return new Agency(id, code, nameVi, nameEn, kind, parentId, zone, validFrom, validTo, created);
        }
    }

    private record Plan(Check check, List<Row> rows) {
    }

    /**
     * {@code scopeTop}: the agency at the top of a province administrator's scope (issue 15), or
     * null for the national administrator. With one, every row must name an agency that is inside
     * that subtree now (or new) and stays inside it after the import, and the top itself keeps its
     * parent: a line-numbered problem otherwise, and nothing is stored.
     */
    private Plan plan(byte[] file, Instant now, @Nullable Long scopeTop) {
        List<Problem> problems = new ArrayList<>();
        List<List<Cell>> records = CsvReader.read(file, problems);
        if (records.isEmpty()) {
            if (problems.isEmpty()) {
                problems.add(new Problem(1, "agency.csv.empty", "The file is empty: the first line must name the columns."));
            }
            return new Plan(new Check(problems, List.of()), List.of());
        }
        List<Cell> header = records.get(0);
        Map<String, Integer> column = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).text().strip().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name)) {
                problems.add(new Problem(1, "agency.csv.unknownColumn", "Unknown column '" + name + "'; the columns are "
                        + String.join(",", COLUMNS) + ".", name, String.join(",", COLUMNS)));
            } else if (column.putIfAbsent(name, i) != null) {
                problems.add(new Problem(1, "agency.csv.repeatedColumn", "The column '" + name + "' appears twice.", name));
            }
        }
        for (String required : COLUMNS) {
            if (REQUIRED.contains(required) && !column.containsKey(required)) {
                problems.add(new Problem(1, "agency.csv.missingColumn", "The column '" + required + "' is missing.", required));
            }
        }
        if (!problems.isEmpty() && records.size() == 1) {
            return new Plan(new Check(problems, List.of()), List.of());
        }
        if (records.size() - 1 > MAX_ROWS) {
            problems.add(new Problem(1, "agency.csv.tooLong", "At most " + MAX_ROWS + " rows per file.", MAX_ROWS));
            return new Plan(new Check(problems, List.of()), List.of());
        }
        boolean headerOk = problems.stream().noneMatch(p -> p.line() == 1);

        Map<String, Agency> stored = new HashMap<>();
        Map<Long, Agency> storedById = new HashMap<>();
        for (Agency a : tree.all()) {
            stored.put(a.code(), a);
            storedById.put(a.id(), a);
        }
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> lineOfCode = new HashMap<>();
        for (List<Cell> record : records.subList(1, records.size())) {
            int line = record.get(0).line();
            if (record.size() == 1 && record.get(0).text().isBlank()) {
                continue; // an empty line
            }
            if (record.size() != header.size()) {
                problems.add(new Problem(line, "agency.csv.fieldCount", "Expected " + header.size() + " fields, found "
                        + record.size() + ".", header.size(), record.size()));
                continue;
            }
            if (!headerOk) {
                continue;
            }
            Row row = row(line, record, column, stored, problems);
            if (row == null) {
                continue;
            }
            Integer earlier = lineOfCode.putIfAbsent(row.code(), line);
            if (earlier != null) {
                problems.add(new Problem(line, "agency.csv.duplicate", "The code '" + row.code() + "' is on line "
                        + earlier + " already.", row.code(), earlier));
                continue;
            }
            rows.add(row);
        }

        // The tree as it would be after the import: stored agencies, overridden by the file's rows.
        Map<String, String> parentOf = new HashMap<>();
        Map<String, Agency> resulting = new HashMap<>();
        for (Agency a : stored.values()) {
            Agency parent = a.parentId() == null ? null : storedById.get(a.parentId());
            parentOf.put(a.code(), parent == null ? null : parent.code());
            resulting.put(a.code(), a);
        }
        for (Row row : rows) {
            parentOf.put(row.code(), row.parent());
            resulting.put(row.code(), row.toAgency(null, null, now));
        }
        Map<String, List<String>> childrenOf = new HashMap<>();
        parentOf.forEach((child, parent) -> {
            if (parent != null) {
                childrenOf.computeIfAbsent(parent, k -> new ArrayList<>()).add(child);
            }
        });
        List<Change> changes = new ArrayList<>();
        for (Row row : rows) {
            if (row.parent() != null && !resulting.containsKey(row.parent())) {
                problems.add(new Problem(row.line(), "agency.csv.unknownParent", "No agency with code '" + row.parent()
                        + "' in the file or stored.", row.parent()));
                continue;
            }
            if (inCycle(row.code(), parentOf)) {
                problems.add(new Problem(row.line(), "agency.csv.cycle", "'" + row.code()
                        + "' would end up below itself (a cycle through its parent '" + row.parent() + "').", row.code(), row.parent()));
                continue;
            }
            Agency self = resulting.get(row.code());
            if (row.parent() != null && !self.retired(now) && resulting.get(row.parent()).retired(now)) {
                problems.add(new Problem(row.line(), "agency.csv.parentRetired", "The parent '" + row.parent()
                        + "' is retired but '" + row.code() + "' is not.", row.parent(), row.code()));
            }
            if (self.retired(now)) {
                long active = childrenOf.getOrDefault(row.code(), List.of()).stream()
                        .filter(c -> !resulting.get(c).retired(now)).count();
                if (active > 0) {
                    problems.add(new Problem(row.line(), "agency.csv.activeChildren", "'" + row.code() + "' is retired but "
                            + active + " agencies below it are not.", row.code(), active));
                }
            }
            if (scopeTop != null && !inScope(row, scopeTop, stored, storedById, parentOf)) {
                Agency top = storedById.get(scopeTop);
                String topCode = top == null ? "?" : top.code();
                problems.add(new Problem(row.line(), "agency.csv.outsideScope", "'" + row.code()
                        + "' would be outside your scope (" + topCode + " and the agencies below it).", row.code(), topCode));
                continue;
            }
            changes.add(new Change(row.line(), row.code(), action(row, stored.get(row.code()), storedById)));
        }
        problems.sort(java.util.Comparator.comparingInt(Problem::line));
        return new Plan(new Check(problems, changes), rows);
    }

    private static Action action(Row row, @Nullable Agency existing, Map<Long, Agency> storedById) {
        if (existing == null) {
            return Action.CREATE;
        }
        Agency parent = existing.parentId() == null ? null : storedById.get(existing.parentId());
        boolean same = existing.nameVi().equals(row.nameVi()) && existing.nameEn().equals(row.nameEn())
                && existing.kind().equals(row.kind()) && existing.timeZone().equals(row.zone())
                && Objects.equals(existing.validFrom(), row.validFrom()) && Objects.equals(existing.validTo(), row.validTo())
                && Objects.equals(parent == null ? null : parent.code(), row.parent());
        return same ? Action.UNCHANGED : Action.UPDATE;
    }

    /** Inside the scope now (or new), inside it after the import, and not the top moved elsewhere. */
    private boolean inScope(Row row, long scopeTop, Map<String, Agency> stored, Map<Long, Agency> storedById,
                            Map<String, String> parentOf) {
        Agency top = storedById.get(scopeTop);
        if (top == null) {
            return false;
        }
        Agency existing = stored.get(row.code());
        if (existing != null && !tree.isWithin(existing.id(), scopeTop)) {
            return false;
        }
        if (row.code().equals(top.code())) {
            Agency parent = top.parentId() == null ? null : storedById.get(top.parentId());
            return Objects.equals(row.parent(), parent == null ? null : parent.code());
        }
        Set<String> seen = new HashSet<>();
        for (String at = row.parent(); at != null && seen.add(at); at = parentOf.get(at)) {
            if (at.equals(top.code())) {
                return true;
            }
        }
        return false;
    }

    private static boolean inCycle(String code, Map<String, String> parentOf) {
        Set<String> seen = new HashSet<>();
        String at = code;
        while (at != null) {
            if (!seen.add(at)) {
                return true;
            }
            at = parentOf.get(at);
        }
        return false;
    }

    private static @Nullable Row row(int line, List<Cell> record, Map<String, Integer> column, Map<String, Agency> stored,
                                     List<Problem> problems) {
        String code = value(record, column, "code");
        Agency existing = code == null ? null : stored.get(code);
        // A row that names no zone keeps the stored agency's zone; a new agency gets the default.
        AgencyValidator.Result result = AgencyValidator.check(new AgencyValidator.Input(code, value(record, column, "parent"),
                value(record, column, "name_vi"), value(record, column, "name_en"), value(record, column, "kind"),
                value(record, column, "time_zone"), value(record, column, "valid_from"), value(record, column, "valid_to")),
                existing == null ? AgencyRules.DEFAULT_ZONE : existing.timeZone());
        if (!result.ok()) {
            result.refusals().forEach(r -> problems.add(new Problem(line, r.key(), r.args(), r.field().csvColumn() + ": " + r.code())));
            return null;
        }
        AgencyValidator.Checked c = result.checked();
        return new Row(line, c.code(), c.parent(), c.nameVi(), c.nameEn(), c.kind(), c.timeZone(), c.validFrom(), c.validTo());
    }

    /** The stripped cell, or null when the column is absent or the cell empty. */
    private static @Nullable String value(List<Cell> record, Map<String, Integer> column, String name) {
        Integer i = column.get(name);
        if (i == null || i >= record.size()) {
            return null;
        }
        String text = unguard(record.get(i).text().strip());
        return text.isEmpty() ? null : text;
    }

    // Spreadsheets run a cell that starts with = + - @ as a formula: the export puts a ' before
    // such a cell (OWASP "CSV injection") and the import takes it off again.
    private static String cell(String text) {
        String safe = !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    private static String unguard(String text) {
        return text.length() > 1 && text.charAt(0) == '\'' && "=+-@".indexOf(text.charAt(1)) >= 0 ? text.substring(1) : text;
    }

    record Cell(int line, String text) {
    }

    /** RFC 4180 records (quotes, doubled quotes, line breaks inside quotes); every cell knows its line. */
    static final class CsvReader {

        private CsvReader() {
        }

        static List<List<Cell>> read(byte[] bytes, List<Problem> problems) {
            String text = decode(bytes, problems);
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            List<List<Cell>> records = new ArrayList<>();
            List<Cell> record = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            int line = 1;
            int recordLine = 1;
            boolean quoted = false;
            boolean any = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                any = true;
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        cell.append(c);
                    }
                } else if (c == '"' && cell.isEmpty()) {
                    quoted = true;
                } else if (c == ',') {
                    record.add(new Cell(recordLine, cell.toString()));
                    cell.setLength(0);
                } else if (c == '\r') {
                    // part of \r\n: the \n ends the record
                } else if (c == '\n') {
                    record.add(new Cell(recordLine, cell.toString()));
                    records.add(record);
                    record = new ArrayList<>();
                    cell.setLength(0);
                    line++;
                    recordLine = line;
                    any = false;
                } else {
                    cell.append(c);
                }
            }
            if (quoted) {
                problems.add(new Problem(recordLine, "agency.csv.quote", "A quoted field is not closed."));
            }
            if (any || !record.isEmpty()) {
                record.add(new Cell(recordLine, cell.toString()));
                records.add(record);
            }
            return records;
        }

        /** UTF-8 or a problem per line that is not; such lines are read with replacement characters. */
        private static String decode(byte[] bytes, List<Problem> problems) {
            int line = 1;
            int start = 0;
            for (int i = 0; i <= bytes.length; i++) {
                if (i == bytes.length || bytes[i] == '\n') {
                    CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
                    try {
                        strict.decode(ByteBuffer.wrap(bytes, start, i - start));
                    } catch (CharacterCodingException e) {
                        problems.add(new Problem(line, "agency.csv.encoding",
                                "This line is not UTF-8 text (save the file as CSV UTF-8)."));
                    }
                    line++;
                    start = i + 1;
                }
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
