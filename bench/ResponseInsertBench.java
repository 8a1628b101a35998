import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the response table's secondary indexes cost a submission's insert: the same rows inserted
 * into two databases loaded by bench/load.sh from the same seed that differ only in their indexes
 * (e.g. main's schema and one with V98), in one run, alternating A and B block by block so both see
 * the same machine. Rows are copies of stored responses with fresh ids (after every stored one, as
 * the app's time-ordered ids are), dated on one new day (as live submissions are: at the end of each
 * agency's range in the (agency, survey, date, …) index) and without a dossier hash (no unique
 * conflicts); they are deleted again at the end.
 * <p>
 * Two ways, each timed per block: one row per transaction (what a submission commits; bound by the
 * log flush of every commit), and blocks in one transaction of {@code batch} rows (what the indexes
 * cost apart from the flush).
 * <pre>
 * java -cp ~/.m2/repository/com/mysql/mysql-connector-j/9.4.0/mysql-connector-j-9.4.0.jar \
 *   bench/ResponseInsertBench.java hailong_bench_export hailong_bench_export_v98 [rows-per-block=2000] [rounds=5] [empty]
 * </pre>
 */
public class ResponseInsertBench {

    static final String COLUMNS = "id, survey_code, survey_version_id, agency_id, channel, language, kiosk_id, started_at, "
            + "submitted_at, submitted_date, received_at, dossier_hash, content_hash, scores";
    static final String DAY = "2030-01-01";
    // Not a hex digit: bench/Generate.java's ids run from 00000000-… to ffff…, so "f" would match (and the
    // clean-up delete) stored rows; "z" sorts after every one of them, like the app's newest ids.
    static final String ID_PREFIX = "z";
    static String table = "response";

    public static void main(String[] args) throws Exception {
        String[] databases = {args[0], args[1]};
        int block = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        // "empty": into an empty copy of each database's response table (CREATE TABLE ... LIKE: the same
        // indexes, no foreign keys), small enough to stay in memory: what is left is the CPU cost of the entries.
        boolean empty = args.length > 4 && args[4].equals("empty");
        table = empty ? "response_insert_bench" : "response";
        Connection[] connections = new Connection[2];
        for (int d = 0; d < 2; d++) {
            connections[d] = DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/" + databases[d] + "?user=root&password=", "root", "");
            if (empty) {
                try (var create = connections[d].createStatement()) {
                    create.execute("DROP TABLE IF EXISTS " + table);
                    create.execute("CREATE TABLE " + table + " LIKE response");
                }
            }
            clean(connections[d]);
        }
        List<Object[]> source = source(connections[0], block * rounds * 2);
        System.out.printf("%d source rows, blocks of %d, %d rounds, into %s; A = %s, B = %s%n", source.size(), block, rounds, table,
                databases[0], databases[1]);
        for (int d = 0; d < 2; d++) {
            System.out.printf("%s: indexes on " + table + ": %s%n", databases[d], indexes(connections[d]));
        }
        long serial = 0;
        // [mode][database] → rows/s of each block
        List<List<List<Double>>> rates = List.of(List.of(new ArrayList<>(), new ArrayList<>()), List.of(new ArrayList<>(), new ArrayList<>()));
        int next = 0;
        for (int r = 0; r < rounds; r++) {
            for (int mode = 0; mode < 2; mode++) {
                List<Object[]> rows = source.subList(next, next + block);
                next = (next + block) % (source.size() - block + 1);
                for (int k = 0; k < 2; k++) {
                    int d = (r + k) % 2;   // A first in even rounds, B first in odd ones
                    long t0 = System.nanoTime();
                    serial = insert(connections[d], rows, serial, mode == 0 ? 1 : block);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    rates.get(mode).get(d).add(rows.size() / seconds);
                    System.out.printf("round %d %-22s %s: %,8.0f rows/s (%s)%n", r + 1, mode == 0 ? "one row per commit" : "one commit per block",
                            d == 0 ? "A" : "B", rows.size() / seconds, load());
                }
            }
        }
        for (int mode = 0; mode < 2; mode++) {
            double a = median(rates.get(mode).get(0));
            double b = median(rates.get(mode).get(1));
            System.out.printf("median %-22s A %,8.0f rows/s, B %,8.0f rows/s, B / A %.3f%n",
                    mode == 0 ? "one row per commit" : "one commit per block", a, b, b / a);
        }
        for (Connection c : connections) {
            clean(c);
            if (empty) {
                try (var drop = c.createStatement()) {
                    drop.execute("DROP TABLE " + table);
                }
            }
            c.close();
        }
    }

    static List<Object[]> source(Connection connection, int n) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM response ORDER BY id LIMIT ?")) {
            select.setInt(1, n);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Object[] row = new Object[14];
                    for (int i = 0; i < 14; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    static long insert(Connection connection, List<Object[]> rows, long serial, int perCommit) throws SQLException {
        connection.setAutoCommit(perCommit == 1);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (" + COLUMNS + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(14, "?")) + ")")) {
            int inTransaction = 0;
            for (Object[] row : rows) {
                Object[] copy = Arrays.copyOf(row, row.length);
                copy[0] = String.format("%s%07x-0000-4000-8000-%012x", ID_PREFIX, 0, serial++);
                copy[8] = DAY + " 08:00:00";
                copy[9] = DAY;
                copy[10] = DAY + " 08:00:01";
                copy[11] = null;
                for (int i = 0; i < 14; i++) {
                    insert.setObject(i + 1, copy[i]);
                }
                insert.executeUpdate();
                if (perCommit > 1 && ++inTransaction == perCommit) {
                    connection.commit();
                    inTransaction = 0;
                }
            }
            if (perCommit > 1) {
                connection.commit();
            }
        }
        connection.setAutoCommit(true);
        return serial;
    }

    static void clean(Connection connection) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE id LIKE '" + ID_PREFIX + "%'")) {
            delete.executeUpdate();
        }
    }

    static String indexes(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT index_name, GROUP_CONCAT(column_name ORDER BY seq_in_index) FROM information_schema.statistics
                WHERE table_schema = DATABASE() AND table_name = ? GROUP BY index_name ORDER BY index_name""")) {
            select.setString(1, table);
            ResultSet rs = select.executeQuery();
            while (rs.next()) {
                names.add(rs.getString(1) + "(" + rs.getString(2) + ")");
            }
        }
        return String.join(" ", names);
    }

    static String load() {
        try {
            return "load " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "load ?";
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
