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
 * (500 per transaction, hashes computed here), in the same run on the same database.
 *   java -cp mysql-connector-j.jar bench/DossierIngestBench.java <base url> <jdbc url> <admin password> <dossiers>
 */
public class DossierIngestBench {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String jdbc = args[1];
        String password = args[2];
        int n = Integer.parseInt(args[3]);
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
        long t0 = System.nanoTime();
        for (int from = 0; from < n; from += 500) {
            String body = "{\"dossiers\":[" + String.join(",", items.subList(from, Math.min(n, from + 500))) + "]}";
            String reply = post(http, base + "/api/v1/dossiers:batch", body, key);
            if (reply.contains("\"rejected\"")) {
                throw new IllegalStateException("rejected items: " + reply.substring(0, 300));
            }
        }
        double api = n / ((System.nanoTime() - t0) / 1e9);

        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Connection c = DriverManager.getConnection(jdbc, "root", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS bench_raw_dossier");
                s.execute("CREATE TABLE bench_raw_dossier LIKE served_dossier");
            }
            c.setAutoCommit(false);
            long t1 = System.nanoTime();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO bench_raw_dossier (agency_id, code_hash, procedure_id,"
                    + " counter_id, officer_id, channel, received_at, returned_at, served_date, content_hash, rating_code_hash, rating_salt,"
                    + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)")) {
                for (int i = 0; i < n; i++) {
                    String hex = HexFormat.of().formatHex(sha.digest(items.get(i).getBytes()));
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
                    if ((i + 1) % 500 == 0 || i == n - 1) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
            }
            double raw = n / ((System.nanoTime() - t1) / 1e9);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE bench_raw_dossier");
            }
            System.out.printf("dossiers %d: batch API %.0f/s, raw JDBC insert %.0f/s, ratio %.0f %%%n", n, api, raw, 100 * api / raw);
        }
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
