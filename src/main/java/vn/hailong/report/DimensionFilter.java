package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import vn.hailong.system.FieldError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The dossier dimensions a report may be narrowed to (issue 13 §4): a procedure code (the
 * national procedure database's), a field (lĩnh vực), a counter code, an officer code and the
 * dossier's channel, as the dossier system sent them. Absent or blank: not narrowed. Only
 * responses rated by code carry these dimensions ({@code response_dossier}), so any filter keeps
 * those alone. Counter and officer codes are per agency: a code matches that counter (officer) in
 * every agency of the report's subtree.
 *
 * <p>Read with the other report parameters by {@link ReportParameters}, for every report endpoint
 * and page: bad values are refused with 422 naming the parameter.
 */
public record DimensionFilter(@Nullable String procedure, @Nullable String field, @Nullable String counter,
                              @Nullable String officer, @Nullable String channel) {

    public static final DimensionFilter NONE = new DimensionFilter(null, null, null, null, null);

    /** As the dossier batch accepts them (dossier.DossierItem): codes up to 64 characters, a field up to 255. */
    static final int MAX_CODE = 64;
    static final int MAX_FIELD = 255;
    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z_-]{0,15}");

    /** The query parameters these are read from. */
    static final List<String> PARAMETERS = List.of("procedure", "field", "counter", "officer", "channel");

    /**
     * Reads the query parameters, adding what is wrong with each to {@code errors} (that value then
     * reads as absent). Called by {@link ReportParameters}, which refuses them with 422.
     */
    static DimensionFilter parse(@Nullable String procedure, @Nullable String field, @Nullable String counter,
                                 @Nullable String officer, @Nullable String channel, List<FieldError> errors) {
        String channelValue = text("channel", channel, 16, errors);
        if (channelValue != null) {
            channelValue = channelValue.toLowerCase(Locale.ROOT);
            if (!CHANNEL.matcher(channelValue).matches()) {
                errors.add(new FieldError("channel", "must be a short word such as direct, online or postal"));
                channelValue = null;
            }
        }
        return new DimensionFilter(text("procedure", procedure, MAX_CODE, errors), text("field", field, MAX_FIELD, errors),
                text("counter", counter, MAX_CODE, errors), text("officer", officer, MAX_CODE, errors), channelValue);
    }

    private static @Nullable String text(String name, @Nullable String value, int max, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.length() > max) {
            errors.add(new FieldError(name, "must be at most " + max + " characters"));
            return null;
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(name, "must not contain control characters"));
            return null;
        }
        return text;
    }

    public boolean isEmpty() {
        return procedure == null && field == null && counter == null && officer == null && channel == null;
    }

    /** The parameters that are set, by query parameter name, in a fixed order (for links and exports). */
    public Map<String, String> parameters() {
        Map<String, String> result = new LinkedHashMap<>();
        put(result, "procedure", procedure);
        put(result, "field", field);
        put(result, "counter", counter);
        put(result, "officer", officer);
        put(result, "channel", channel);
        return result;
    }

    private static void put(Map<String, String> map, String name, @Nullable String value) {
        if (value != null) {
            map.put(name, value);
        }
    }

    /** A SQL condition (starting with " AND ", or empty) and its parameters, in order. */
    public record Condition(String sql, List<Object> parameters) {
    }

    /**
     * The condition on a {@code response_dossier} row aliased {@code alias} (the registries are
     * looked up by code in sub-queries, so the caller's join stays as it is).
     */
    public Condition on(String alias) {
        StringBuilder sql = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        if (procedure != null) {
            sql.append(" AND ").append(alias).append(".procedure_id IN (SELECT id FROM dossier_procedure WHERE code = ?)");
            parameters.add(procedure);
        }
        if (field != null) {
            sql.append(" AND ").append(alias).append(".procedure_id IN (SELECT id FROM dossier_procedure WHERE field = ?)");
            parameters.add(field);
        }
        if (counter != null) {
            sql.append(" AND ").append(alias).append(".counter_id IN (SELECT id FROM dossier_counter WHERE code = ?)");
            parameters.add(counter);
        }
        if (officer != null) {
            sql.append(" AND ").append(alias).append(".officer_id IN (SELECT id FROM dossier_officer WHERE code = ?)");
            parameters.add(officer);
        }
        if (channel != null) {
            sql.append(" AND ").append(alias).append(".channel = ?");
            parameters.add(channel);
        }
        return new Condition(sql.toString(), parameters);
    }
}
