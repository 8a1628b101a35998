package vn.hailong.report;

import java.util.List;

/**
 * One rectangular table of an export: a sheet in XLSX, the whole file in CSV. Cells are
 * {@link String}, {@link Number}, {@link java.time.LocalDate}, {@link java.time.LocalDateTime} or null
 * (empty); numbers stay numbers and dates dates in XLSX.
 */
record ExportTable(String name, List<String> headers, List<List<Object>> rows) {
}
