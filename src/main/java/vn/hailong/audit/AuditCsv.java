package vn.hailong.audit;

import java.time.format.DateTimeFormatter;

/** One audit row as a CSV line (RFC 4180 quoting; text that a spreadsheet would run as a formula is defused). */
final class AuditCsv {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private AuditCsv() {
    }

    static String line(AuditRow row) {
        return String.join(",",
                Long.toString(row.seq()),
                UTC.format(row.at()),
                cell(row.actor()),
                cell(row.actorRole()),
                row.actorAgencyId() == null ? "" : row.actorAgencyId().toString(),
                cell(row.action()),
                cell(row.target()),
                cell(row.details()),
                row.prevHash(),
                row.hash()) + "\r\n";
    }

    static String cell(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String value = text;
        char first = value.charAt(0);
        boolean formula = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        if (formula) {
            // A username like "=HYPERLINK(...)" must stay text when an auditor opens the file in a spreadsheet.
            value = "'" + value;
        }
        if (formula || value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
