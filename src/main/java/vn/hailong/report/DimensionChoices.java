package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.hailong.system.ReportDatabase;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values the dashboard's dimension filters offer for an agency subtree, with the registry's
 * names: procedures, fields and channels of the dossiers served there (the served-count rollup),
 * counters and officers registered by its agencies. At most {@link #LIMIT} of each, by code.
 */
@Singleton
class DimensionChoices {

    static final int LIMIT = 500;

    /** A value to offer: the code sent as the filter and the label shown. */
    public record Choice(String code, @Nullable String name) {
    }

    private final ReportDatabase database;

    DimensionChoices(ReportDatabase database) {
        this.database = database;
    }

    /** The values to offer, with each value of {@code current} first when it is not among them (a code not sent yet). */
    Map<Dimension, List<Choice>> of(long agencyId, DimensionFilter current) {
        Map<Dimension, List<Choice>> result = of(agencyId);
        current.parameters().forEach((name, value) -> {
            List<Choice> offered = result.get(Dimension.parse(name, name));
            if (offered.stream().noneMatch(c -> c.code().equals(value))) {
                offered.add(0, new Choice(value, null));
            }
        });
        return result;
    }

    Map<Dimension, List<Choice>> of(long agencyId) {
        Map<Dimension, List<Choice>> result = new TreeMap<>();
        String served = "SELECT DISTINCT s.procedure_id FROM agency_closure c JOIN dossier_served_day s ON s.agency_id = c.descendant_id"
                + " WHERE c.ancestor_id = ?";
        result.put(Dimension.PROCEDURE, read("SELECT p.code, MIN(p.name) FROM dossier_procedure p WHERE p.id IN (" + served + ")"
                + " GROUP BY p.code ORDER BY p.code", agencyId));
        result.put(Dimension.FIELD, read("SELECT p.field, p.field FROM dossier_procedure p WHERE p.field IS NOT NULL AND p.id IN ("
                + served + ") GROUP BY p.field ORDER BY p.field", agencyId));
        result.put(Dimension.COUNTER, read("SELECT d.code, MIN(d.name) FROM agency_closure c JOIN dossier_counter d ON d.agency_id = c.descendant_id"
                + " WHERE c.ancestor_id = ? GROUP BY d.code ORDER BY d.code", agencyId));
        result.put(Dimension.OFFICER, read("SELECT d.code, MIN(d.name) FROM agency_closure c JOIN dossier_officer d ON d.agency_id = c.descendant_id"
                + " WHERE c.ancestor_id = ? GROUP BY d.code ORDER BY d.code", agencyId));
        result.put(Dimension.CHANNEL, read("SELECT DISTINCT s.channel, NULL FROM agency_closure c JOIN dossier_served_day s"
                + " ON s.agency_id = c.descendant_id WHERE c.ancestor_id = ? AND s.channel <> '' ORDER BY s.channel", agencyId));
        return result;
    }

    private List<Choice> read(String sql, long agencyId) {
        return database.read(status -> {
            List<Choice> choices = new ArrayList<>();
            try (PreparedStatement select = status.getConnection().prepareStatement(sql)) {
                select.setLong(1, agencyId);
                select.setMaxRows(LIMIT);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        choices.add(new Choice(rs.getString(1), rs.getString(2)));
                    }
                }
            }
            return choices;
        });
    }
}
