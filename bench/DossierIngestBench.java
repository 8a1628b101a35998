import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 13 ingest benchmark: POST /api/v1/dossiers:batch (500 per call, registries, idempotency,
 * rating codes, rollups) against a raw JDBC insert of the same rows into a copy of served_dossier
 * (500 per transaction, hashes computed here, the app's Connector/J settings), in the same run on the
 * same database: raw, API, raw, API, ..., raw, so every API round is bracketed by raw rounds under the
 * same machine load; medians and the per-round ratios are printed.
 *   java -cp mysql-connector-j.jar bench/DossierIngestBench.java <base url> <jdbc url> <admin password> <dossiers> [rounds]
 */
public class DossierIngestBench {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String jdbc = args[1];
        String password = args[2];
        int n = Integer.parseInt(args[3]);
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String token = field(post(http, base + "/api/v1/login", "{\"username\":\"admin\",\"password\":\"" + password + "\"}", null), "accessToken");
        post(http, base + "/api/v1/agencies", "{\"code\":\"BB\",\"nameVi\":\"BB\",\"nameEn\":\"BB\",\"kind\":\"PROVINCE\"}", token);
        for (int c = 1; c <= 10; c++) {
            post(http, base + "/api/v1/agencies", "{\"code\":\"BB-" + c + "\",\"nameVi\":\"X\",\"nameEn\":\"X\",\"kind\":\"COMMUNE\",\"parent\":\"BB\"}", token);
        }
        String key = field(post(http, base + "/api/v1/integrations", "{\"name\":\"bench\",\"agency\":\"BB\"}", token), "key");
        SplittableRandom random = new SplittableRandom(13);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int day = 1 + random.nextInt(28);
            items.add("{\"code\":\"H01.23-2611" + String.format("%02d", day) + "-" + i + "\",\"agency\":\"BB-" + (1 + random.nextInt(10))
                    + "\",\"procedure\":{\"code\":\"1.00" + (4000 + random.nextInt(200)) + "\",\"name\":\"Thủ tục\"},\"field\":\"Hộ tịch\","
                    + "\"counter\":\"Q" + (1 + random.nextInt(6)) + "\",\"officer\":{\"code\":\"cb-" + random.nextInt(40) + "\",\"name\":\"Cán bộ\"},"
                    + "\"channel\":\"direct\",\"receivedAt\":\"2026-11-" + String.format("%02d", day) + "T08:10:00+07:00\","
                    + "\"returnedAt\":\"2026-11-" + String.format("%02d", day) + "T15:30:00+07:00\"}");
        }
        // warm-up: one batch of other dossiers
        post(http, base + "/api/v1/dossiers:batch", "{\"dossiers\":[" + items.get(0).replace("H01.23", "W") + "]}", key);

        // The machine is shared: raw rounds bracket every API round (raw, API, raw, API, ..., raw), so
        // each API round has a raw figure taken just before and just after it, under the same load.
        String rawUrl = jdbc + (jdbc.contains("?") ? "&" : "?") + DRIVER_SETTINGS;
        List<Double> apiRates = new ArrayList<>();
        List<Double> rawRates = new ArrayList<>();
        List<Double> withRollupRates = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(rawUrl, "root", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS bench_raw_dossier");
                s.execute("CREATE TABLE bench_raw_dossier LIKE served_dossier");
                s.execute("DROP TABLE IF EXISTS bench_raw_served_day");
                s.execute("CREATE TABLE bench_raw_served_day LIKE dossier_served_day");
            }
            c.setAutoCommit(false);
            int perRound = n / rounds;
            rawRates.add(raw(c, items, 0, perRound, false));
            for (int round = 0; round < rounds; round++) {
                List<String> mine = items.subList(round * perRound, (round + 1) * perRound);
                long t0 = System.nanoTime();
                for (int from = 0; from < mine.size(); from += 500) {
                    String body = "{\"dossiers\":[" + String.join(",", mine.subList(from, Math.min(mine.size(), from + 500))) + "]}";
                    String reply = post(http, base + "/api/v1/dossiers:batch", body, key);
                    if (reply.contains("\"rejected\"")) {
                        throw new IllegalStateException("rejected items: " + reply.substring(0, 300));
                    }
                }
                apiRates.add(mine.size() / ((System.nanoTime() - t0) / 1e9));
                rawRates.add(raw(c, items, (round + 1) * perRound, perRound, false));
                // What the API cannot do without: the same rows plus one served-count rollup row each (the
                // generator's dimensions give almost every dossier its own rollup key).
                withRollupRates.add(raw(c, items, (rounds + 1 + round) * perRound, perRound, true));
                System.out.printf("round %d: raw before %.0f/s, batch API %.0f/s, raw after %.0f/s, ratio %.0f %%;"
                        + " raw with rollup rows %.0f/s, API / that %.0f %%%n", round + 1,
                        rawRates.get(round), apiRates.get(round), rawRates.get(round + 1),
                        100 * apiRates.get(round) / ((rawRates.get(round) + rawRates.get(round + 1)) / 2),
                        withRollupRates.get(round), 100 * apiRates.get(round) / withRollupRates.get(round));
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE bench_raw_dossier");
                s.execute("DROP TABLE bench_raw_served_day");
            }
        }
        double api = median(apiRates);
        double raw = median(rawRates);
        System.out.printf("dossiers %d in %d rounds: batch API median %.0f/s (%s), raw JDBC insert median %.0f/s (%s), ratio %.0f %%%n",
                rounds * (n / rounds), rounds, api, list(apiRates), raw, list(rawRates), 100 * api / raw);
        System.out.printf("raw insert with one rollup row per dossier: median %.0f/s (%s); batch API median / that %.0f %%%n",
                median(withRollupRates), list(withRollupRates), 100 * api / median(withRollupRates));
    }

    /** The app's Connector/J settings (system.MysqlDriverSettings), so the raw side batches as the app does. */
    static final String DRIVER_SETTINGS = "rewriteBatchedStatements=true&useLocalSessionState=true&cachePrepStmts=true"
            + "&prepStmtCacheSize=250&prepStmtCacheSqlLimit=2048";

    /** Raw insert of {@code count} rows shaped like served_dossier rows, 500 per batch and transaction; rows/s. */
    static double raw(Connection c, List<String> items, int offset, int count, boolean withRollup) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long t1 = System.nanoTime();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO bench_raw_dossier (agency_id, code_hash, procedure_id,"
                + " counter_id, officer_id, channel, received_at, returned_at, served_date, content_hash, rating_code_hash, rating_salt,"
                + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)");
             PreparedStatement rollup = c.prepareStatement("INSERT INTO bench_raw_served_day (agency_id, served_date, procedure_id,"
                     + " counter_id, officer_id, channel, served, rated) VALUES (?, ?, ?, ?, ?, ?, 1, 0)"
                     + " ON DUPLICATE KEY UPDATE served = served + VALUES(served), rated = rated + VALUES(rated)")) {
            for (int j = 0; j < count; j++) {
                int i = offset + j;
                // The offset keeps every round's hashes new (code_hash and rating_code_hash are unique keys).
                String hex = HexFormat.of().formatHex(sha.digest((offset + "\n" + items.get(i % items.size())).getBytes()));
                LocalDateTime now = LocalDateTime.now();
                insert.setLong(1, 1 + i % 10);
                insert.setString(2, hex);
                insert.setLong(3, i % 200);
                insert.setLong(4, i % 6);
                insert.setLong(5, i % 40);
                insert.setString(6, "direct");
                insert.setObject(7, now);
                insert.setObject(8, now);
                insert.setObject(9, now.toLocalDate());
                insert.setString(10, hex);
                insert.setString(11, HexFormat.of().formatHex(sha.digest(hex.getBytes())));
                insert.setObject(12, now);
                insert.setObject(13, now);
                insert.addBatch();
                if (withRollup) {
                    rollup.setLong(1, 1 + i % 10);
                    rollup.setObject(2, now.toLocalDate());
                    rollup.setLong(3, i % 200);
                    rollup.setLong(4, i % 6);
                    rollup.setLong(5, i); // a key of its own, as nearly every dossier of the API rounds has
                    rollup.setString(6, "direct");
                    rollup.addBatch();
                }
                if ((j + 1) % 500 == 0 || j == count - 1) {
                    insert.executeBatch();
                    if (withRollup) {
                        rollup.executeBatch();
                    }
                    c.commit();
                }
            }
        }
        return count / ((System.nanoTime() - t1) / 1e9);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
    }

    static String list(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format("%.0f", v)).toList());
    }

    static String post(HttpClient http, String url, String body, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException(json);
        }
        return m.group(1);
    }
}
