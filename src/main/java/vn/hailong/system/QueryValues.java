package vn.hailong.system;

import io.micronaut.core.annotation.Nullable;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The one reader of the dates and whole numbers that pages and API endpoints take as query
 * parameters (report ranges, audit filters, rebuild ranges, page numbers). A bad value adds a
 * {@link FieldError} naming the parameter to {@code errors} and reads as absent, so a caller can
 * report every bad parameter of a request at once; the English message is what
 * {@link ProblemTexts} knows how to show in the reader's language.
 */
public final class QueryValues {

    /** Page numbers beyond this are refused rather than turned into huge offsets. */
    public static final int MAX_PAGE = 1_000_000;

    private QueryValues() {
    }

    /** An ISO date (YYYY-MM-DD); blank → null. */
    public static @Nullable LocalDate date(String field, @Nullable String text, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a date YYYY-MM-DD"));
            return null;
        }
    }

    /** A whole number from {@code min} to {@code max} ({@link Integer#MAX_VALUE}: no upper bound); blank → {@code absent}. */
    public static int whole(String field, @Nullable String text, int absent, int min, int max, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, as for a number out of range
        }
        errors.add(new FieldError(field, max == Integer.MAX_VALUE
                ? "must be a whole number of at least " + min : "must be a whole number from " + min + " to " + max));
        return absent;
    }

    /** A page number of a paged list: 1 when absent. */
    public static int page(String field, @Nullable String text, List<FieldError> errors) {
        return whole(field, text, 1, 1, MAX_PAGE, errors);
    }
}
