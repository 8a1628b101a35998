package vn.hailong.report;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/** An XLSX workbook (fastexcel) with one sheet per table; numbers are written as numbers, dates as dates with a date format. */
final class XlsxFile {

    /** Excel number formats: dates are stored as dates (serial numbers) and shown as ISO dates. */
    static final String DATE = "yyyy-mm-dd";
    static final String DATE_TIME = "yyyy-mm-dd hh:mm:ss";

    private XlsxFile() {
    }

    static byte[] write(List<ExportTable> tables) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            Workbook workbook = new Workbook(bytes, "Hailong", "1.0");
            for (ExportTable table : tables) {
                Worksheet sheet = workbook.newWorksheet(sheetName(table.name()));
                for (int c = 0; c < table.headers().size(); c++) {
                    sheet.value(0, c, table.headers().get(c));
                    sheet.style(0, c).bold().set();
                }
                int r = 1;
                for (List<Object> row : table.rows()) {
                    for (int c = 0; c < row.size(); c++) {
                        Object value = row.get(c);
                        if (value instanceof Number n) {
                            sheet.value(r, c, n);
                        } else if (value instanceof LocalDate date) {
                            sheet.value(r, c, date);
                            sheet.style(r, c).format(DATE).set();
                        } else if (value instanceof LocalDateTime time) {
                            sheet.value(r, c, time);
                            sheet.style(r, c).format(DATE_TIME).set();
                        } else if (value != null) {
                            sheet.value(r, c, value.toString());
                        }
                    }
                    r++;
                }
                sheet.freezePane(0, 1);
                sheet.finish();
            }
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Excel allows 31 characters and none of []:*?/\ in a sheet name. */
    static String sheetName(String name) {
        String cleaned = name.replaceAll("[\\[\\]:*?/\\\\]", " ").strip();
        return cleaned.length() > 31 ? cleaned.substring(0, 31) : cleaned;
    }
}
