package vn.hailong.agency;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agency hierarchy. Keeps the closure table in step with {@code agency.parent_id} so that
 * "this agency and everything below it" is one indexed join, at any depth.
 */
@Singleton
public class AgencyTree {

    private final AgencyRepository agencies;
    private final JdbcOperations jdbc;
    private final Clock clock;

    AgencyTree(AgencyRepository agencies, JdbcOperations jdbc, Clock clock) {
        this.clock = clock;
        this.agencies = agencies;
        this.jdbc = jdbc;
    }

    /** Stores a new agency under its parent (or as a root) with its closure rows, atomically. */
    @Transactional
    public Agency add(Agency agency) {
        lockTree();
        if (agency.parentId() != null) {
            Agency parent = agencies.findById(agency.parentId()).orElseThrow();
            if (parent.retired(clock.instant())) {
                throw new AgencyRuleException("agency.rule.parentRetired",
                        "The parent '" + parent.code() + "' is retired: nothing new can be placed under it.", parent.code());
            }
        }
        Agency saved = agencies.save(agency);
        jdbc.prepareStatement("INSERT INTO agency_closure (ancestor_id, descendant_id, depth) VALUES (?, ?, 0)", statement -> {
            statement.setLong(1, saved.id());
            statement.setLong(2, saved.id());
            return statement.executeUpdate();
        });
        if (saved.parentId() != null) {
            jdbc.prepareStatement("""
                    INSERT INTO agency_closure (ancestor_id, descendant_id, depth)
                    SELECT ancestor_id, ?, depth + 1 FROM agency_closure WHERE descendant_id = ?""", statement -> {
                statement.setLong(1, saved.id());
                statement.setLong(2, saved.parentId());
                return statement.executeUpdate();
            });
        }
        return saved;
    }

    /** Changes the names and kind; the code stays (links, QR posters and imports rely on it). */
    @Transactional
    public Agency rename(long id, String nameVi, String nameEn, String kind) {
        Agency agency = agencies.findById(id).orElseThrow();
        return agencies.update(agency.withNames(nameVi, nameEn, kind));
    }

    /**
     * Puts the agency (with everything below it) under {@code newParentId}, or makes it a root.
     * Refuses a move under itself or its own descendant (a cycle) and under a retired agency.
     */
    @Transactional
    public Agency move(long id, @Nullable Long newParentId) {
        lockTree();
        Agency agency = agencies.findById(id).orElseThrow();
        if (java.util.Objects.equals(agency.parentId(), newParentId)) {
            return agency;
        }
        if (newParentId != null) {
            Agency parent = agencies.findById(newParentId).orElseThrow();
            if (isWithin(newParentId, id)) {
                throw new AgencyRuleException("agency.rule.cycle", "'" + parent.code() + "' is '" + agency.code()
                        + "' itself or lies below it: the move would make a cycle.", agency.code(), parent.code());
            }
            if (parent.retired(clock.instant())) {
                throw new AgencyRuleException("agency.rule.parentRetired",
                        "The parent '" + parent.code() + "' is retired: nothing new can be placed under it.", parent.code());
            }
        }
        relink(id, newParentId);
        return agencies.update(agency.withParent(newParentId));
    }

    /**
     * The closure rows of a move, without the rules (the CSV import checked the whole resulting
     * tree first); the caller holds the tree lock and updates {@code parent_id}.
     */
    void relink(long id, @Nullable Long newParentId) {
        // Detach the subtree from its old ancestors, then hang it under every ancestor of the new
        // parent. Ids are read first: MySQL refuses a DELETE whose subquery reads the same table.
        List<Long> subtree = ids("SELECT descendant_id FROM agency_closure WHERE ancestor_id = ?", id);
        List<Long> oldAncestors = ids("SELECT ancestor_id FROM agency_closure WHERE descendant_id = ? AND depth > 0", id);
        if (!oldAncestors.isEmpty()) {
            jdbc.prepareStatement("DELETE FROM agency_closure WHERE descendant_id IN (" + marks(subtree.size())
                    + ") AND ancestor_id IN (" + marks(oldAncestors.size()) + ")", statement -> {
                int i = 1;
                for (Long d : subtree) {
                    statement.setLong(i++, d);
                }
                for (Long a : oldAncestors) {
                    statement.setLong(i++, a);
                }
                return statement.executeUpdate();
            });
        }
        if (newParentId != null) {
            jdbc.prepareStatement("""
                    INSERT INTO agency_closure (ancestor_id, descendant_id, depth)
                    SELECT p.ancestor_id, c.descendant_id, p.depth + c.depth + 1
                    FROM agency_closure p JOIN agency_closure c ON c.ancestor_id = ?
                    WHERE p.descendant_id = ?""", statement -> {
                statement.setLong(1, id);
                statement.setLong(2, newParentId);
                return statement.executeUpdate();
            });
        }
    }

    /**
     * Sets the last day of service. Refused while an agency below it would stay in service after
     * that day (retire or move those first), and before its first day.
     */
    @Transactional
    public Agency retire(long id, LocalDate lastDay) {
        lockTree();
        Agency agency = agencies.findById(id).orElseThrow();
        if (agency.validFrom() != null && lastDay.isBefore(agency.validFrom())) {
            throw new AgencyRuleException("agency.rule.beforeFrom", "The last day " + lastDay
                    + " is before the first day " + agency.validFrom() + ".", lastDay.toString(), agency.validFrom().toString());
        }
        long activeBelow = subtree(id).stream()
                .filter(a -> a.id() != id && (a.validTo() == null || a.validTo().isAfter(lastDay))).count();
        if (activeBelow > 0) {
            throw new AgencyRuleException("agency.rule.activeChildren", activeBelow
                    + " agencies below stay in service after " + lastDay + ": retire or move them first.", activeBelow, lastDay.toString());
        }
        return agencies.update(agency.withDates(agency.validFrom(), lastDay));
    }

    /** Back in service (no last day), only under a parent that is itself in service. */
    @Transactional
    public Agency reinstate(long id) {
        lockTree();
        Agency agency = agencies.findById(id).orElseThrow();
        if (agency.parentId() != null) {
            Agency parent = agencies.findById(agency.parentId()).orElseThrow();
            if (parent.retired(clock.instant())) {
                throw new AgencyRuleException("agency.rule.parentRetired",
                        "The parent '" + parent.code() + "' is retired: nothing new can be placed under it.", parent.code());
            }
        }
        return agencies.update(agency.withDates(agency.validFrom(), null));
    }

    /** Every agency, parents before children, siblings by code: the tree as an indented list. */
    @Transactional(readOnly = true)
    public List<Node> outline() {
        Map<Long, List<Agency>> byParent = new HashMap<>();
        List<Agency> roots = new ArrayList<>();
        for (Agency a : agencies.findAll()) {
            if (a.parentId() == null) {
                roots.add(a);
            } else {
                byParent.computeIfAbsent(a.parentId(), k -> new ArrayList<>()).add(a);
            }
        }
        List<Node> out = new ArrayList<>();
        java.util.ArrayDeque<Node> stack = new java.util.ArrayDeque<>();
        roots.sort(java.util.Comparator.comparing(Agency::code).reversed());
        roots.forEach(r -> stack.push(new Node(r, 0)));
        while (!stack.isEmpty()) {
            Node node = stack.pop();
            out.add(node);
            List<Agency> children = new ArrayList<>(byParent.getOrDefault(node.agency().id(), List.of()));
            children.sort(java.util.Comparator.comparing(Agency::code).reversed());
            children.forEach(c -> stack.push(new Node(c, node.depth() + 1)));
        }
        return out;
    }

    /** One line of {@link #outline()}. */
    public record Node(Agency agency, int depth) {
    }

    /** Stored as is (the CSV import checked the whole file first); the caller holds the lock. */
    Agency update(Agency agency) {
        return agencies.update(agency);
    }

    /** A new agency with only its own closure row; the import links it with {@link #relink} afterwards. */
    Agency insertDetached(Agency agency) {
        Agency saved = agencies.save(agency.withParent(null));
        jdbc.prepareStatement("INSERT INTO agency_closure (ancestor_id, descendant_id, depth) VALUES (?, ?, 0)", statement -> {
            statement.setLong(1, saved.id());
            statement.setLong(2, saved.id());
            return statement.executeUpdate();
        });
        return saved;
    }

    List<Agency> all() {
        List<Agency> all = new ArrayList<>();
        agencies.findAll().forEach(all::add);
        return all;
    }

    /**
     * Serialises every change of the tree's shape, across all copies of the app: one row, written (not
     * only locked), so that on a multi-primary cluster two changes on different nodes conflict at
     * certification and one is retried (V30). On one server the update holds the row lock as a
     * locking read did.
     */
    void lockTree() {
        jdbc.prepareStatement("UPDATE agency_tree_lock SET changes = changes + 1 WHERE id = 1", statement -> statement.executeUpdate());
    }

    private List<Long> ids(String sql, long id) {
        return jdbc.prepareStatement(sql, statement -> {
            statement.setLong(1, id);
            List<Long> found = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getLong(1));
                }
            }
            return found;
        });
    }

    private static String marks(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

    public Optional<Agency> byCode(String code) {
        return agencies.findByCode(code);
    }

    public Optional<Agency> byId(long id) {
        return agencies.findById(id);
    }

    public List<Agency> children(@Nullable Long parentId) {
        return parentId == null ? agencies.findByParentIdIsNullOrderByCode() : agencies.findByParentIdOrderByCode(parentId);
    }

    /**
     * The agencies with these codes, read with the caller's connection (inside its transaction),
     * keyed by the code as asked. Codes compare as the database compares them (MySQL's collation
     * ignores case), so a row found under another spelling is matched to the asked code ignoring case.
     */
    public Map<String, Agency> byCodes(Connection connection, Collection<String> codes) throws SQLException {
        return byCodes(connection, codes, null).byCode();
    }

    /** Agencies by the code as asked, and the ids of those that lie within the scope agency (itself or below it). */
    public record Coded(Map<String, Agency> byCode, Set<Long> within) {
    }

    /**
     * {@link #byCodes(Connection, Collection)}, and with {@code scopeId} also which of them lie within
     * that agency — in the same statement (the closure joined), so a caller that checks a scope
     * makes one round trip instead of two.
     */
    public Coded byCodes(Connection connection, Collection<String> codes, @Nullable Long scopeId) throws SQLException {
        Map<String, Agency> found = new HashMap<>();
        Set<Long> within = new HashSet<>();
        if (codes.isEmpty()) {
            return new Coded(found, within);
        }
        List<String> asked = List.copyOf(new java.util.LinkedHashSet<>(codes));
        List<Agency> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT a.id, a.code, a.name_vi, a.name_en, a.kind, a.parent_id,"
                + " a.time_zone, a.valid_from, a.valid_to, a.created_at, " + (scopeId == null ? "0" : "c.descendant_id IS NOT NULL")
                + " FROM agency a" + (scopeId == null ? "" : " LEFT JOIN agency_closure c ON c.ancestor_id = ? AND c.descendant_id = a.id")
                + " WHERE a.code IN (" + marks(asked.size()) + ")")) {
            int at = 1;
            if (scopeId != null) {
                select.setLong(at++, scopeId);
            }
            for (String code : asked) {
                select.setString(at++, code);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long parent = rs.getLong(6);
                    Agency agency = new Agency(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.wasNull() ? null : parent, rs.getString(7), rs.getObject(8, LocalDate.class),
                            rs.getObject(9, LocalDate.class),
                            rs.getTimestamp(10).toInstant()); // as Micronaut Data reads it back
                    rows.add(agency);
                    if (rs.getBoolean(11)) {
                        within.add(agency.id());
                    }
                }
            }
        }
        for (String code : asked) {
            rows.stream().filter(a -> a.code().equals(code)).findFirst()
                    .or(() -> rows.stream().filter(a -> a.code().equalsIgnoreCase(code)).findFirst())
                    .ifPresent(a -> found.put(code, a));
        }
        return new Coded(found, within);
    }

    /** "Agency {@code descendantId} is {@code ancestorId} or lies below it", asked of several pairs at once. */
    public record Link(long ancestorId, long descendantId) {
    }

    /** Which of these links hold, read with the caller's connection (inside its transaction). */
    public Set<Link> holding(Connection connection, Collection<Link> links) throws SQLException {
        Set<Link> holding = new HashSet<>();
        List<Link> asked = new ArrayList<>();
        for (Link link : new java.util.LinkedHashSet<>(links)) {
            if (link.ancestorId() == link.descendantId()) {
                holding.add(link);
            } else {
                asked.add(link);
            }
        }
        if (asked.isEmpty()) {
            return holding;
        }
        // Row constructors, which MariaDB range-scans on the closure's key, rather than an OR of pairs.
        try (PreparedStatement select = connection.prepareStatement("SELECT ancestor_id, descendant_id FROM agency_closure"
                + " WHERE (ancestor_id, descendant_id) IN (" + String.join(", ", java.util.Collections.nCopies(asked.size(), "(?, ?)"))
                + ")")) {
            int at = 1;
            for (Link link : asked) {
                select.setLong(at++, link.ancestorId());
                select.setLong(at++, link.descendantId());
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    holding.add(new Link(rs.getLong(1), rs.getLong(2)));
                }
            }
        }
        return holding;
    }

    /** True when {@code agencyId} is {@code ancestorId} itself or lies somewhere below it. */
    @Transactional(readOnly = true)
    public boolean isWithin(long agencyId, long ancestorId) {
        if (agencyId == ancestorId) {
            return true;
        }
        return jdbc.prepareStatement(
                "SELECT 1 FROM agency_closure WHERE ancestor_id = ? AND descendant_id = ?", statement -> {
                    statement.setLong(1, ancestorId);
                    statement.setLong(2, agencyId);
                    try (ResultSet rs = statement.executeQuery()) {
                        return rs.next();
                    }
                });
    }

    /** The agency and every agency below it, ordered by depth then code. */
    @Transactional(readOnly = true)
    public List<Agency> subtree(long rootId) {
        List<Long> ids = jdbc.prepareStatement("""
                SELECT c.descendant_id FROM agency_closure c JOIN agency a ON a.id = c.descendant_id
                WHERE c.ancestor_id = ? ORDER BY c.depth, a.code""", (PreparedStatement statement) -> {
            statement.setLong(1, rootId);
            List<Long> found = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getLong(1));
                }
            }
            return found;
        });
        if (ids.isEmpty()) {
            return List.of();
        }
        java.util.Map<Long, Agency> byId = new java.util.HashMap<>();
        agencies.findByIdIn(ids).forEach(a -> byId.put(a.id(), a));
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }
}
