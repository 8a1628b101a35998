package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * RFC 4180 CSV in UTF-8 with a byte-order mark, so Excel opens Vietnamese text correctly.
 * Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) is prefixed
 * with an apostrophe: comments are typed by the public.
 */
final class CsvFile {

    /** Local date and time as spreadsheets read them without help: 2026-03-01 09:30:00. */
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private CsvFile() {
    }

    static byte[] write(ExportTable table) {
        StringBuilder out = new StringBuilder();
        line(out, table.headers().stream().map(h -> (Object) h).toList());
        for (List<Object> row : table.rows()) {
            line(out, row);
        }
        byte[] text = out.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length + 3);
        bytes.writeBytes(BOM);
        bytes.writeBytes(text);
        return bytes.toByteArray();
    }

    static void line(StringBuilder out, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            return number(d);
        }
        if (value instanceof Number n) {
            return n.toString();
        }
        if (value instanceof LocalDate date) {
            return date.toString();
        }
        if (value instanceof LocalDateTime time) {
            return DATE_TIME.format(time);
        }
        StringBuilder out = new StringBuilder();
        appendText(out, value.toString());
        return out.toString();
    }

    /**
     * A text cell appended as {@link #cell} writes it, without building it apart first: the raw
     * export writes five text cells for each of a million rows. Formula-like text gets the
     * apostrophe; text with a comma, quote or line break is quoted, quotes doubled. A null (a
     * column the row does not have, e.g. a response without a language) is an empty cell, as in
     * {@link #cell}.
     */
    static void appendText(StringBuilder out, @Nullable String text) {
        if (text == null) {
            return;
        }
        boolean formula = !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0;
        boolean quoted = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
        if (quoted) {
            out.append('"');
        }
        if (formula) {
            out.append('\'');
        }
        if (quoted) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                out.append(c);
                if (c == '"') {
                    out.append('"');
                }
            }
            out.append('"');
        } else {
            out.append(text);
        }
    }

    /** Up to four decimals, as the API gives them, without trailing zeros or exponent notation. */
    static String number(double value) {
        String text = String.format(Locale.ROOT, "%.4f", value);
        text = text.replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
