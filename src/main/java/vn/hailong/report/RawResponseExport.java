package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import vn.hailong.agency.Agency;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;

import javax.sql.DataSource;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Every response of a survey in an agency subtree and period as CSV, one line per response with
 * its scale answers decoded from the score line. Streamed: rows come from a database cursor
 * (Connector/J streaming result set on MySQL/MariaDB) and leave in chunks as the client reads
 * them, so a million rows never sit in memory.
 */
@Singleton
class RawResponseExport {

    static final int ROWS_PER_CHUNK = 1000;
    static final int PREFETCH_CHUNKS = 4;

    private final DataSource dataSource;
    private final SurveyCatalog surveys;

    RawResponseExport(DataSource dataSource, SurveyCatalog surveys) {
        // The plain pool, not the transaction-aware proxy: this connection lives as long as the download.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.surveys = surveys;
    }

    /** The column codes: the scale questions of every version, newest version's order first. */
    static List<String> columns(List<Questionnaire> versions) {
        List<Questionnaire> newestFirst = new ArrayList<>(versions);
        newestFirst.sort(Comparator.comparingInt(Questionnaire::version).reversed());
        LinkedHashSet<String> codes = new LinkedHashSet<>();
        newestFirst.forEach(q -> codes.addAll(q.scoredCodes()));
        return List.copyOf(codes);
    }

    Flux<byte[]> stream(Agency agency, String survey, @Nullable LocalDate from, @Nullable LocalDate to) {
        List<Questionnaire> versions = surveys.allVersions(survey);
        List<String> columns = columns(versions);
        RowWriter writer = new RowWriter(survey, columns, versions);
        // Every response column read here is in ix_response_scan_export (V98), so the rows come from
        // that index alone, in its order, without a primary-key lookup per row: a column added here
        // belongs in that index too, or the export falls back to ~10,000 rows/s (docs/benchmarks.md).
        String sql = """
                SELECT r.id, g.code, r.survey_version_id, r.channel, r.language, r.submitted_at, r.submitted_date, r.scores
                FROM agency_closure c JOIN response r ON r.agency_id = c.descendant_id
                JOIN agency g ON g.id = r.agency_id
                WHERE c.ancestor_id = ? AND r.survey_code = ?"""
                + (from == null ? "" : " AND r.submitted_date >= ?") + (to == null ? "" : " AND r.submitted_date <= ?");

        StringBuilder header = new StringBuilder();
        List<Object> names = new ArrayList<>(List.of("response_id", "agency", "survey", "version", "channel", "language",
                "submitted_at", "submitted_date"));
        names.addAll(columns);
        CsvFile.line(header, names);
        byte[] head = header.toString().getBytes(StandardCharsets.UTF_8);
        byte[] first = new byte[CsvFile.BOM.length + head.length];
        System.arraycopy(CsvFile.BOM, 0, first, 0, CsvFile.BOM.length);
        System.arraycopy(head, 0, first, CsvFile.BOM.length, head.length);

        Flux<byte[]> rows = Flux.<byte[], Cursor>generate(() -> Cursor.open(dataSource, sql, agency.id(), survey, from, to), (cursor, sink) -> {
            try {
                StringBuilder chunk = cursor.chunk;
                chunk.setLength(0);
                int n = 0;
                ResultSet rs = cursor.rows;
                while (n < ROWS_PER_CHUNK && rs.next()) {
                    writer.write(chunk, rs);
                    n++;
                }
                if (n == 0) {
                    sink.complete();
                } else {
                    sink.next(chunk.toString().getBytes(StandardCharsets.UTF_8));
                }
            } catch (SQLException e) {
                sink.error(new UncheckedIOException(new java.io.IOException("reading responses failed", e)));
            }
            return cursor;
        }, Cursor::close).subscribeOn(Schedulers.boundedElastic())
                // Read ahead while the previous chunks go out: without it the cursor waits for each
                // chunk's write and the write for each chunk's read, a thread hand-over per chunk,
                // slow on a busy machine. Bounded: at most PREFETCH_CHUNKS chunks wait in memory.
                .publishOn(Schedulers.boundedElastic(), PREFETCH_CHUNKS);
        return Flux.concat(Flux.just(first), rows);
    }

    /**
     * Writes one result row as one CSV line, the cells as {@link CsvFile#line} writes them, straight
     * into the chunk: no list of cells, no boxed digits, no string per timestamp, and each version's
     * score positions and number looked up once, not per row (bench/export.sh, docs/benchmarks.md).
     */
    static final class RowWriter {

        /** A survey version's number as text and where each column's digit sits in its score line (-1: not asked). */
        private record Version(String number, int[] positions) {
        }

        private final String surveyCell;
        private final int columns;
        private final Map<Long, Version> versions = new HashMap<>();
        private long lastId = Long.MIN_VALUE;
        private @Nullable Version last;

        RowWriter(String survey, List<String> columns, List<Questionnaire> versions) {
            this.surveyCell = CsvFile.cell(survey);
            this.columns = columns.size();
            for (Questionnaire q : versions) {
                int[] at = new int[columns.size()];
                for (int c = 0; c < columns.size(); c++) {
                    at[c] = q.scoredCodes().contains(columns.get(c)) ? q.scorePosition(columns.get(c)) : -1;
                }
                this.versions.put(q.id(), new Version(Integer.toString(q.version()), at));
            }
        }

        /** Columns: id, agency code, version id, channel, language, submitted_at (UTC), submitted_date, score line. */
        void write(StringBuilder out, ResultSet rs) throws SQLException {
            long versionId = rs.getLong(3);
            if (versionId != lastId) {
                lastId = versionId;
                last = versions.get(versionId);
            }
            CsvFile.appendText(out, rs.getString(1));
            out.append(',');
            CsvFile.appendText(out, rs.getString(2));
            out.append(',').append(surveyCell).append(',');
            if (last != null) {
                out.append(last.number());
            }
            out.append(',');
            CsvFile.appendText(out, rs.getString(4));
            out.append(',');
            CsvFile.appendText(out, rs.getString(5));
            out.append(',');
            // The same text as Instant.toString(), formatted into the chunk.
            DateTimeFormatter.ISO_INSTANT.formatTo(rs.getObject(6, LocalDateTime.class).toInstant(ZoneOffset.UTC), out);
            out.append(',');
            out.append(rs.getObject(7, LocalDate.class));
            String scores = rs.getString(8);
            for (int c = 0; c < columns; c++) {
                out.append(',');
                int p = last == null ? -1 : last.positions()[c];
                char digit = p >= 0 && p < scores.length() ? scores.charAt(p) : '0';
                if (digit >= '1' && digit <= '9') {
                    out.append(digit);
                }
            }
            out.append("\r\n");
        }
    }

    /** One open connection, statement and streaming result set; closed when the download ends or is cancelled. */
    static final class Cursor {
        final Connection connection;
        final PreparedStatement statement;
        final ResultSet rows;
        /** Reused for every chunk of this download. */
        final StringBuilder chunk = new StringBuilder(ROWS_PER_CHUNK * 160);

        private Cursor(Connection connection, PreparedStatement statement, ResultSet rows) {
            this.connection = connection;
            this.statement = statement;
            this.rows = rows;
        }

        static Cursor open(DataSource dataSource, String sql, long agencyId, String survey,
                           @Nullable LocalDate from, @Nullable LocalDate to) throws SQLException {
            Connection connection = dataSource.getConnection();
            try {
                connection.setReadOnly(true);
                PreparedStatement statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                String product = connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
                // Connector/J streams row by row only with this fetch size; other drivers take it as a plain hint.
                statement.setFetchSize(product.contains("mysql") || product.contains("mariadb") ? Integer.MIN_VALUE : ROWS_PER_CHUNK);
                int i = 1;
                statement.setLong(i++, agencyId);
                statement.setString(i++, survey);
                if (from != null) {
                    statement.setObject(i++, from);
                }
                if (to != null) {
                    statement.setObject(i, to);
                }
                return new Cursor(connection, statement, statement.executeQuery());
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }

        void close() {
            try (Connection c = connection; PreparedStatement s = statement; ResultSet r = rows) {
                // closed in reverse order by try-with-resources
            } catch (SQLException e) {
                // the download is over either way; the pool discards a broken connection
            }
        }
    }
}
