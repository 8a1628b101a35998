package vn.hailong.audit;

import io.micronaut.core.annotation.Nullable;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What to show of the audit log: a day range (in the configured local time zone), an action code
 * or family ({@code login} also finds {@code login.failed}), an actor. Blank = any.
 */
record AuditFilter(@Nullable LocalDate from, @Nullable LocalDate to, @Nullable String action, @Nullable String actor) {

    /** The WHERE clause (with a leading " WHERE ", or empty) and its parameters in order. */
    Sql where(ZoneId zone) {
        List<String> terms = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        if (from != null) {
            terms.add("at >= ?");
            parameters.add(utc(from.atStartOfDay(zone)));
        }
        if (to != null) {
            terms.add("at < ?");
            parameters.add(utc(to.plusDays(1).atStartOfDay(zone)));
        }
        if (action != null) {
            terms.add("(action = ? OR action LIKE ? ESCAPE '!')");
            parameters.add(action);
            parameters.add(likeEscape(action) + ".%");
        }
        if (actor != null) {
            terms.add("actor = ?");
            parameters.add(actor);
        }
        return new Sql(terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms), parameters);
    }

    /** The column holds UTC wall-clock time. */
    private static LocalDateTime utc(ZonedDateTime at) {
        return LocalDateTime.ofInstant(at.toInstant(), ZoneOffset.UTC);
    }

    private static String likeEscape(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    record Sql(String clause, List<Object> parameters) {
    }
}
