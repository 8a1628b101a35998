package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import vn.hailong.system.FieldError;

import java.time.LocalDate;
import java.util.List;

/**
 * What a reader asks of the comments: survey and dates (from the report parameters), words to find
 * ({@code search}, accents, case and đ/d ignored), one text question ({@code question}; none means
 * every comment question, never the "which procedure" answers) and a rating band ({@code rating}:
 * 1–5 for responses whose rating is from that value to under the next, or {@code none}).
 */
record CommentFilter(@Nullable String survey, @Nullable LocalDate from, @Nullable LocalDate to,
                     @Nullable String search, @Nullable String question, @Nullable String rating) {

    static final List<String> RATINGS = List.of("1", "2", "3", "4", "5", "none");

    static CommentFilter of(@Nullable String survey, @Nullable LocalDate from, @Nullable LocalDate to) {
        return new CommentFilter(survey, from, to, null, null, null);
    }

    /** The rating parameter checked: blank is none asked for; anything but 1–5 or none is named in {@code errors}. */
    static @Nullable String rating(@Nullable String text, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        if (!RATINGS.contains(value)) {
            errors.add(new FieldError("rating", "must be one of 1, 2, 3, 4, 5, none"));
            return null;
        }
        return value;
    }

    static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    boolean filtersInJava() {
        return search != null || rating != null;
    }

    /** Whether a comment's rating is in the asked band. */
    boolean ratingMatches(@Nullable Double value) {
        if (rating == null) {
            return true;
        }
        if (rating.equals("none")) {
            return value == null;
        }
        int band = Integer.parseInt(rating);
        return value != null && (int) Math.floor(value) == band;
    }
}
