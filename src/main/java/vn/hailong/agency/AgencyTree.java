package vn.hailong.agency;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agency hierarchy. Keeps the closure table in step with {@code agency.parent_id} so that
 * "this agency and everything below it" is one indexed join, at any depth.
 */
@Singleton
public class AgencyTree {

    private final AgencyRepository agencies;
    private final JdbcOperations jdbc;

    AgencyTree(AgencyRepository agencies, JdbcOperations jdbc) {
        this.agencies = agencies;
        this.jdbc = jdbc;
    }

    /** Stores a new agency under its parent (or as a root) with its closure rows, atomically. */
    @Transactional
    public Agency add(Agency agency) {
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

    public Optional<Agency> byCode(String code) {
        return agencies.findByCode(code);
    }

    public Optional<Agency> byId(long id) {
        return agencies.findById(id);
    }

    public List<Agency> children(@Nullable Long parentId) {
        return parentId == null ? agencies.findByParentIdIsNullOrderByCode() : agencies.findByParentIdOrderByCode(parentId);
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
