package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.hailong.system.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The dossier dimensions a report can be narrowed to (issue 13 §4, §5): procedure code, field,
 * counter code, officer code and the dossier's channel, as the dossier system sent them. They
 * match the dimensions a rating code attached to the response ({@code response_dossier}); a
 * response without them is outside any filter. Counter and officer codes are per agency: a filter
 * by code takes that code in every agency of the subtree.
 */
@Singleton
class DimensionFilters {

    private static final int MAX_LENGTH = 255;

    /** The filters asked for; null: not filtered by that dimension. */
    record Filter(@Nullable String procedure, @Nullable String field, @Nullable String counter,
                  @Nullable String officer, @Nullable String channel) {

        static final Filter NONE = new Filter(null, null, null, null, null);

        OneStopReport.Filters applied() {
            return new OneStopReport.Filters(procedure, field, counter, officer, channel);
        }

        boolean any() {
            return procedure != null || field != null || counter != null || officer != null || channel != null;
        }
    }

    /** A where-clause fragment (starting with " AND ") and its parameters, in order. */
    record Sql(String where, List<Object> parameters) {
    }

    /** Checks the query parameters; errors name the parameter. */
    static Filter parse(@Nullable String procedure, @Nullable String field, @Nullable String counter,
                        @Nullable String officer, @Nullable String channel, List<FieldError> errors) {
        String ch = text("channel", channel, errors);
        return new Filter(text("procedure", procedure, errors), text("field", field, errors), text("counter", counter, errors),
                text("officer", officer, errors), ch == null ? null : ch.toLowerCase(Locale.ROOT));
    }

    private static @Nullable String text(String name, @Nullable String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.length() > MAX_LENGTH) {
            errors.add(new FieldError(name, "must be at most " + MAX_LENGTH + " characters"));
            return null;
        }
        return stripped;
    }

    /** The conditions on the dimension row {@code alias} (a {@code response_dossier}). */
    Sql sql(Filter filter, String alias) {
        StringBuilder where = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        if (filter.procedure() != null) {
            where.append(" AND ").append(alias).append(".procedure_id IN (SELECT id FROM dossier_procedure WHERE code = ?)");
            parameters.add(filter.procedure());
        }
        if (filter.field() != null) {
            where.append(" AND ").append(alias).append(".procedure_id IN (SELECT id FROM dossier_procedure WHERE field = ?)");
            parameters.add(filter.field());
        }
        if (filter.counter() != null) {
            where.append(" AND ").append(alias).append(".counter_id IN (SELECT id FROM dossier_counter WHERE code = ?)");
            parameters.add(filter.counter());
        }
        if (filter.officer() != null) {
            where.append(" AND ").append(alias).append(".officer_id IN (SELECT id FROM dossier_officer WHERE code = ?)");
            parameters.add(filter.officer());
        }
        if (filter.channel() != null) {
            where.append(" AND ").append(alias).append(".channel = ?");
            parameters.add(filter.channel());
        }
        return new Sql(where.toString(), parameters);
    }
}
