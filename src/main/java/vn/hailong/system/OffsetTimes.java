package vn.hailong.system;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 times with an offset, as {@link OffsetDateTime#parse} reads them, with a fast path for
 * the form dossier systems send ({@code 2026-11-21T10:30:00+07:00}, optionally with a fraction or
 * {@code Z}): a dossier batch holds 1 500 of them, and the general parser was most of the time spent
 * reading a batch's items (docs/benchmarks.md). Any other text, and any value the fast path cannot
 * build (month 13, 30 February, offset beyond ±18:00), goes to {@link OffsetDateTime#parse}, so
 * what is accepted and what is refused stays exactly the same.
 */
public final class OffsetTimes {

    private OffsetTimes() {
    }

    /** The instant of {@code text}; {@link DateTimeParseException} when it is not an ISO time with offset. */
    public static Instant parse(String text) {
        Instant fast = fast(text);
        return fast != null ? fast : OffsetDateTime.parse(text).toInstant();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)}, or null for anything else. */
    private static Instant fast(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int at = 19;
        int nanos = 0;
        if (s.charAt(at) == '.') {
            int start = ++at;
            while (at < n && at - start < 10 && s.charAt(at) >= '0' && s.charAt(at) <= '9') {
                nanos = nanos * 10 + (s.charAt(at) - '0');
                at++;
            }
            int length = at - start;
            if (length == 0 || length > 9) {
                return null;
            }
            for (int i = length; i < 9; i++) {
                nanos *= 10;
            }
        }
        ZoneOffset offset;
        if (at == n - 1 && s.charAt(at) == 'Z') {
            offset = ZoneOffset.UTC;
        } else if (at == n - 6 && (s.charAt(at) == '+' || s.charAt(at) == '-') && s.charAt(at + 3) == ':') {
            int hours = digits(s, at + 1, 2);
            int minutes = digits(s, at + 4, 2);
            if (hours < 0 || minutes < 0) {
                return null;
            }
            int sign = s.charAt(at) == '-' ? -1 : 1;
            try {
                offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
            } catch (DateTimeException e) {
                return null;
            }
        } else {
            return null;
        }
        try {
            return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The non-negative number of {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
