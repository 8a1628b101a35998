import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Submission benchmark: POST /api/v1/responses against a running Hailong with 1, 8, 32 and 100
 * concurrent clients, each level beside the raw-insert ceiling measured right after it in the same
 * run: plain JDBC inserting the same rows (one response row + its answer rows, one transaction per
 * response) with as many connections as clients. Single-file program (java SubmissionBench.java),
 * MySQL Connector/J on the class path; run by run-submission-bench.sh.
 *
 * Bodies are what kiosks and phones send: a full sipas-2017 questionnaire with 1-2 of the 22
 * criteria left out, the overall rating, sometimes improvement choices and a Vietnamese comment,
 * a dossier code on about a third; half on channel kiosk with that client's kiosk token, half on
 * channel web without credentials. Every body has a fresh id: every request stores a response.
 *
 * With the app's process id, also the CPU time the app used per submission in each measured window
 * (from /proc): a figure that holds even on a machine shared with other work.
 *
 * Before the levels, the app runs {@code jitSeconds} at 16 clients (not measured): a fresh JVM
 * spends most of its first minute compiling, which is start-up cost, not submission cost.
 *
 * <p>Requests go over {@link Wire}, a minimal keep-alive HTTP/1.1 client (one connection per client
 * thread): the load generator shares the 2 cores with the app and the database, and the JDK's
 * HttpClient took about four times the CPU per request. With {@code -Drates="250 500"} it also runs
 * open-loop levels: submissions started at a fixed rate, each timed from when it was due.
 *
 * Arguments: baseUrl jdbcUrl dbUser dbPassword adminUser adminPassword appPid jitSeconds warmupSeconds measureSeconds levels...
 */
public class SubmissionBench {

    static final String[] CRITERIA = {"E1.1", "E1.2", "E1.3", "E1.4", "E2.1", "E2.2", "E2.3", "E2.4", "E2.5",
            "E3.1", "E3.2", "E3.3", "E3.4", "E3.5", "E3.6", "E4.1", "E4.2", "E4.3", "E5.1", "E5.2", "E5.3", "E5.4"};
    static final String[] IMPROVE = {"E1", "E2", "E3", "E4", "E5"};
    static final String[] COMMENTS = {"Cán bộ nhiệt tình, hướng dẫn rõ ràng.", "Chờ hơi lâu ở quầy số 3.",
            "Thủ tục đơn giản hơn trước, cảm ơn.", "Nên có thêm chỗ ngồi chờ."};

    static long appPid;
    static final int rawConnections = Integer.getInteger("rawConnections", 20);
    static String base;
    static String jdbcUrl;
    static String dbUser;
    static String dbPassword;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    static final List<String> COMMUNES = new ArrayList<>();
    static final List<String> KIOSK_TOKENS = new ArrayList<>();
    static final List<String> KIOSK_AGENCIES = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        base = args[0];
        jdbcUrl = args[1];
        dbUser = args[2];
        dbPassword = args[3];
        String admin = login(args[4], args[5]);
        appPid = Long.parseLong(args[6]);
        int jit = Integer.parseInt(args[7]);
        int warmup = Integer.parseInt(args[8]);
        int measure = Integer.parseInt(args[9]);
        int[] levels = Arrays.stream(args).skip(10).mapToInt(Integer::parseInt).toArray();
        int maxClients = Arrays.stream(levels).max().orElse(1);

        String run = Long.toString(System.currentTimeMillis() % 100000, 36).toUpperCase(Locale.ROOT);
        String province = "B" + run;
        post("/api/v1/agencies", agency(province, null), admin, 201);
        for (int i = 1; i <= 10; i++) {
            String commune = province + "-" + i;
            post("/api/v1/agencies", agency(commune, province), admin, 201);
            COMMUNES.add(commune);
        }
        for (int i = 0; i < maxClients; i++) {
            String commune = COMMUNES.get(i % COMMUNES.size());
            String reply = post("/api/v1/kiosks", "{\"agency\":\"" + commune + "\",\"label\":\"Quầy " + (i + 1) + "\"}", admin, 201);
            KIOSK_TOKENS.add(field(reply, "token"));
            KIOSK_AGENCIES.add(commune);
        }
        // Templates for the raw inserts: rows the application itself stored from the same kind of body.
        for (int i = 0; i < 200; i++) {
            submit(i);
        }
        List<Template> templates = templates(province);
        System.out.printf(Locale.ROOT, "setup: %d communes, %d kiosks, %d template responses (%.1f answer rows each)%n",
                COMMUNES.size(), KIOSK_TOKENS.size(), templates.size(),
                templates.stream().mapToInt(t -> t.answers.size()).average().orElse(0));
        if (jit > 0) {
            Result warm = drive(16, 0, jit, SubmissionBench::submit, () -> null);
            System.out.printf(Locale.ROOT, "JIT warm-up: %d s at 16 clients, %.0f responses/s, app CPU %.2f ms per response%n",
                    jit, warm.perSecond(), (double) warm.cpuMillis() / Math.max(1, warm.operations()));
        }
        System.out.println();
        System.out.println("| clients | app responses/s | app p50 ms | app p99 ms | raw-insert tx/s | raw p50 ms | raw p99 ms | app / raw | app CPU ms / response | errors |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int clients : levels) {
            Result app = drive(clients, warmup, measure, SubmissionBench::submit, () -> null);
            Result raw = drive(clients, warmup, measure, null, () -> new RawPool(templates, Math.min(clients, rawConnections)));
            System.out.printf(Locale.ROOT, "| %d | %.0f | %.1f | %.1f | %.0f | %.1f | %.1f | %.0f %% | %s | %d |%n",
                    clients, app.perSecond(), app.percentile(50), app.percentile(99),
                    raw.perSecond(), raw.percentile(50), raw.percentile(99),
                    100 * app.perSecond() / raw.perSecond(),
                    app.cpuMillis() < 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) app.cpuMillis() / Math.max(1, app.operations())),
                    app.errors + raw.errors);
        }
        String rates = System.getProperty("rates", "").trim();
        // Peak RSS so far (VmHWM): the JIT warm-up and the closed-loop levels, before the open loop's
        // hundreds of connections; with the resident size now and its part mapped from files (the jar,
        // the class-data archive).
        System.out.println();
        System.out.println("app memory after the closed-loop levels: " + memory());
        if (!rates.isEmpty()) {
            System.out.println();
            System.out.println("| offered responses/s | achieved/s | p50 ms | p90 ms | p99 ms | max ms | app CPU ms / response | errors |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (String rate : rates.split("[ ,]+")) {
                Result paced = paced(Integer.parseInt(rate), warmup, measure);
                System.out.printf(Locale.ROOT, "| %s | %.0f | %.1f | %.1f | %.1f | %.1f | %s | %d |%n", rate, paced.perSecond(),
                        paced.percentile(50), paced.percentile(90), paced.percentile(99), paced.percentile(100),
                        paced.cpuMillis() < 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) paced.cpuMillis() / Math.max(1, paced.operations())),
                        paced.errors);
            }
        }
    }

    /** Workers of the open-loop runs: enough that a slow answer never holds up the next request. */
    static final int PACED_WORKERS = Integer.getInteger("pacedWorkers", 400);

    /**
     * Open loop: submissions start at a fixed rate whatever the answers do (as citizens finish
     * surveys), each timed from the moment it was due — a request that had to wait for a free
     * worker counts that wait — so the percentiles are not flattered by a generator that slows
     * down with the server (coordinated omission).
     */
    static Result paced(int rate, int warmup, int measure) throws Exception {
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime() + 100_000_000L;
        long measureFrom = start + warmup * 1_000_000_000L;
        long end = measureFrom + measure * 1_000_000_000L;
        long[] nanos = new long[(int) ((long) rate * (measure + 1))];
        java.util.concurrent.atomic.AtomicInteger recorded = new java.util.concurrent.atomic.AtomicInteger();
        AtomicLong errors = new AtomicLong();
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(PACED_WORKERS);
        long[] cpu = {-1, -1};
        for (long i = 0; ; i++) {
            long due = start + i * interval;
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            if (cpu[0] < 0 && due >= measureFrom) {
                cpu[0] = appCpuMillis();
            }
            int client = (int) (i % PACED_WORKERS);
            workers.execute(() -> {
                boolean ok;
                try {
                    ok = submit(client);
                } catch (Exception e) {
                    ok = false;
                }
                long took = System.nanoTime() - due;
                if (due >= measureFrom) {
                    if (!ok) {
                        errors.incrementAndGet();
                    } else {
                        int at = recorded.getAndIncrement();
                        if (at < nanos.length) {
                            nanos[at] = took;
                        }
                    }
                }
            });
        }
        workers.shutdown();
        workers.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
        cpu[1] = appCpuMillis();
        long[] all = Arrays.copyOf(nanos, Math.min(recorded.get(), nanos.length));
        Arrays.sort(all);
        // Achieved: answered in the measured window's worth of requests over the time they took to be answered.
        double seconds = Math.max(measure, (System.nanoTime() - measureFrom) / 1e9);
        return new Result(all.length, errors.get(), seconds, all, cpu[0] < 0 ? -1 : cpu[1] - cpu[0]);
    }

    interface Task {
        /** One operation; true when it succeeded. */
        boolean run(int client) throws Exception;
    }

    interface WorkerFactory {
        RawPool create() throws Exception;
    }

    /** CPU time (user + system) the app process has used so far, in ms; -1 without a process id. */
    static long appCpuMillis() {
        if (appPid <= 0) {
            return -1;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + appPid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (Exception e) {
            return -1;
        }
    }

    static String memory() {
        try {
            java.util.Map<String, Long> kb = new java.util.HashMap<>();
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + appPid + "/status"))) {
                String[] parts = line.split("\\s+");
                if (parts.length >= 2 && parts[0].matches("(VmHWM|VmRSS|RssFile|RssAnon):")) {
                    kb.put(parts[0].substring(0, parts[0].length() - 1), Long.parseLong(parts[1]));
                }
            }
            return String.format(Locale.ROOT, "peak RSS %d MiB, RSS now %d MiB (anonymous %d, file-backed %d)",
                    kb.get("VmHWM") / 1024, kb.get("VmRSS") / 1024, kb.get("RssAnon") / 1024, kb.get("RssFile") / 1024);
        } catch (Exception e) {
            return "not readable (" + e + ")";
        }
    }

    record Result(long operations, long errors, double seconds, long[] nanos, long cpuMillis) {
        double perSecond() {
            return operations / seconds;
        }

        double percentile(double p) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * nanos.length) - 1;
            return nanos[Math.max(0, Math.min(index, nanos.length - 1))] / 1e6;
        }
    }

    /** {@code clients} threads run the task in a loop: warm-up (not counted), then the measured window. */
    static Result drive(int clients, int warmup, int measure, Task http, WorkerFactory raw) throws Exception {
        long start = System.nanoTime();
        long measureFrom = start + warmup * 1_000_000_000L;
        long end = measureFrom + measure * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        List<long[]> samples = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long[][] perThread = new long[clients][];
        RawPool pool = http == null ? raw.create() : null;
        long[] cpu = {-1, -1};
        Thread cpuWatch = new Thread(() -> {
            try {
                Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
                cpu[0] = appCpuMillis();
                Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
                cpu[1] = appCpuMillis();
            } catch (InterruptedException ignored) {
                // end of run
            }
        });
        cpuWatch.start();
        int[] counts = new int[clients];
        for (int c = 0; c < clients; c++) {
            int client = c;
            perThread[c] = new long[1 << 16];
            Thread thread = new Thread(() -> {
                try {
                    while (true) {
                        long before = System.nanoTime();
                        if (before >= end) {
                            break;
                        }
                        boolean ok;
                        try {
                            ok = http != null ? http.run(client) : pool.insert();
                        } catch (Exception e) {
                            ok = false;
                        }
                        long after = System.nanoTime();
                        if (before >= measureFrom && after <= end) {
                            if (!ok) {
                                errors.incrementAndGet();
                            } else {
                                if (counts[client] == perThread[client].length) {
                                    perThread[client] = Arrays.copyOf(perThread[client], counts[client] * 2);
                                }
                                perThread[client][counts[client]++] = after - before;
                            }
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        cpuWatch.join();
        if (pool != null) {
            pool.close();
        }
        int total = 0;
        for (int c = 0; c < clients; c++) {
            total += counts[c];
        }
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(perThread[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new Result(total, errors.get(), measure, all, cpu[0] < 0 || cpu[1] < 0 ? -1 : cpu[1] - cpu[0]);
    }

    /** One submission as a kiosk (even clients) or a phone (odd clients); true on 201. */
    static boolean submit(int client) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean kiosk = client % 2 == 0 && !KIOSK_TOKENS.isEmpty();
        String agency = kiosk ? KIOSK_AGENCIES.get(client % KIOSK_AGENCIES.size()) : COMMUNES.get(random.nextInt(COMMUNES.size()));
        StringBuilder answers = new StringBuilder();
        int skip1 = random.nextInt(CRITERIA.length);
        int skip2 = random.nextInt(4) == 0 ? random.nextInt(CRITERIA.length) : -1;
        int mood = 2 + random.nextInt(4);
        for (int i = 0; i < CRITERIA.length; i++) {
            if (i == skip1 || i == skip2) {
                continue;
            }
            int value = Math.max(1, Math.min(5, mood + random.nextInt(3) - 1));
            answers.append('"').append(CRITERIA[i]).append("\":").append(value).append(',');
        }
        answers.append("\"overall\":").append(mood);
        if (random.nextInt(3) == 0) {
            int first = random.nextInt(5);
            answers.append(",\"improve\":[\"").append(IMPROVE[first]).append("\",\"")
                    .append(IMPROVE[(first + 1 + random.nextInt(4)) % 5]).append("\"]");
        }
        if (random.nextInt(5) == 0) {
            answers.append(",\"comment\":\"").append(COMMENTS[random.nextInt(COMMENTS.length)]).append('"');
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(7));
        String body = "{\"id\":\"" + UUID.randomUUID() + "\",\"survey\":\"sipas-2017\",\"agency\":\"" + agency
                + "\",\"channel\":\"" + (kiosk ? "kiosk" : "web") + "\",\"language\":\"vi\",\"startedAt\":\""
                + now.minusSeconds(90 + random.nextInt(120)).withNano(0) + "\",\"submittedAt\":\"" + now.withNano(0) + "\""
                + (random.nextInt(3) == 0 ? ",\"dossier\":\"H01.23-" + UUID.randomUUID().toString().substring(0, 13) + "\"" : "")
                + ",\"answers\":{" + answers + "}}";
        Wire wire = WIRES.get();
        int status = wire.post("/api/v1/responses", body, kiosk ? KIOSK_TOKENS.get(client % KIOSK_TOKENS.size()) : null);
        if (status != 201) {
            if (ThreadLocalRandom.current().nextInt(50) == 0) {
                System.err.println("submission answered " + status + ": " + wire.lastBody);
            }
            return false;
        }
        return true;
    }

    /** One keep-alive connection per client thread. */
    static final ThreadLocal<Wire> WIRES = ThreadLocal.withInitial(() -> new Wire(URI.create(base)));

    /**
     * A minimal HTTP/1.1 client over one kept-alive socket: writes the request, reads the status
     * line, the headers and a Content-Length or chunked body. The JDK's HttpClient costs several
     * times more CPU per request, and on this 2-core machine every cycle the load generator burns
     * is taken from the app or the database it measures.
     */
    static final class Wire {
        private final String host;
        private final int port;
        private java.net.Socket socket;
        private java.io.OutputStream out;
        private java.io.BufferedInputStream in;
        String lastBody = "";

        Wire(URI base) {
            this.host = base.getHost();
            this.port = base.getPort();
        }

        int post(String path, String body, String bearer) throws java.io.IOException {
            byte[] payload = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + payload.length
                    + (bearer == null ? "" : "\r\nAuthorization: Bearer " + bearer) + "\r\n\r\n";
            for (int attempt = 0; ; attempt++) {
                try {
                    if (socket == null) {
                        socket = new java.net.Socket(host, port);
                        socket.setTcpNoDelay(true);
                        socket.setSoTimeout(30_000);
                        out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8192);
                        in = new java.io.BufferedInputStream(socket.getInputStream(), 8192);
                    }
                    out.write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    out.write(payload);
                    out.flush();
                    return readResponse();
                } catch (java.io.IOException e) {
                    close();
                    // A kept-alive connection the server closed meanwhile: once more on a new one.
                    if (attempt > 0) {
                        throw e;
                    }
                }
            }
        }

        private int readResponse() throws java.io.IOException {
            String status = line();
            if (!status.startsWith("HTTP/1.1 ")) {
                throw new java.io.IOException("not an HTTP response: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean closing = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closing = true;
                }
            }
            java.io.ByteArrayOutputStream bodyBytes = new java.io.ByteArrayOutputStream();
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    bodyBytes.write(in.readNBytes((int) size));
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                bodyBytes.write(in.readNBytes((int) length));
            } else {
                bodyBytes.write(in.readAllBytes());
                closing = true;
            }
            if (code != 201) {
                lastBody = bodyBytes.toString(java.nio.charset.StandardCharsets.UTF_8);
            }
            if (closing) {
                close();
            }
            return code;
        }

        private String line() throws java.io.IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new java.io.EOFException("connection closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        private void close() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (java.io.IOException ignored) {
                // already gone
            }
            socket = null;
        }
    }

    record Answer(String question, int ordinal, Integer valueInt, String valueText) {
    }

    record Template(Object[] response, List<Answer> answers) {
    }

    /** The responses the application stored during setup, with their answer rows. */
    static List<Template> templates(String province) throws SQLException {
        List<Template> templates = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, survey_code, survey_version_id, agency_id, channel, language, kiosk_id,"
                     + " started_at, submitted_at, submitted_date, received_at, dossier_hash, content_hash, scores"
                     + " FROM response ORDER BY received_at DESC LIMIT 200")) {
            while (rs.next()) {
                Object[] row = new Object[14];
                for (int i = 0; i < 14; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                templates.add(new Template(row, new ArrayList<>()));
            }
            for (Template t : templates) {
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT question_code, ordinal, value_int, value_text FROM answer WHERE response_id = ?")) {
                    p.setString(1, (String) t.response[0]);
                    try (ResultSet a = p.executeQuery()) {
                        while (a.next()) {
                            t.answers.add(new Answer(a.getString(1), a.getInt(2), (Integer) a.getObject(3), a.getString(4)));
                        }
                    }
                }
            }
        }
        return templates;
    }

    /**
     * The ceiling: the same INSERTs the application makes, one response per transaction, nothing
     * else. Client threads share a pool of at most {@code rawConnections} connections (default 20,
     * the app's pool size), as the app's request threads share its pool.
     */
    static final class RawPool {
        private final java.util.concurrent.BlockingQueue<RawInserter> free;
        private final List<RawInserter> all = new ArrayList<>();

        RawPool(List<Template> templates, int size) throws SQLException {
            free = new java.util.concurrent.ArrayBlockingQueue<>(size);
            for (int i = 0; i < size; i++) {
                RawInserter inserter = new RawInserter(templates);
                all.add(inserter);
                free.add(inserter);
            }
        }

        boolean insert() throws Exception {
            RawInserter inserter = free.take();
            try {
                return inserter.insert();
            } finally {
                free.add(inserter);
            }
        }

        void close() {
            all.forEach(RawInserter::close);
        }
    }

    static final class RawInserter implements AutoCloseable {
        private final List<Template> templates;
        private final Connection connection;
        private final PreparedStatement response;
        private final PreparedStatement answer;

        RawInserter(List<Template> templates) throws SQLException {
            this.templates = templates;
            this.connection = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
            connection.setAutoCommit(false);
            this.response = connection.prepareStatement("INSERT INTO response (id, survey_code, survey_version_id, agency_id,"
                    + " channel, language, kiosk_id, started_at, submitted_at, submitted_date, received_at, dossier_hash,"
                    + " content_hash, scores) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            this.answer = connection.prepareStatement(
                    "INSERT INTO answer (response_id, question_code, ordinal, value_int, value_text) VALUES (?, ?, ?, ?, ?)");
        }

        boolean insert() throws SQLException {
            Template t = templates.get(ThreadLocalRandom.current().nextInt(templates.size()));
            String id = UUID.randomUUID().toString();
            try {
                for (int i = 0; i < 14; i++) {
                    response.setObject(i + 1, t.response[i]);
                }
                response.setString(1, id);
                if (t.response[11] != null) {
                    byte[] hash = new byte[32];
                    ThreadLocalRandom.current().nextBytes(hash);
                    response.setString(12, HexFormat.of().formatHex(hash));
                }
                response.executeUpdate();
                if (!t.answers.isEmpty()) {
                    for (Answer a : t.answers) {
                        answer.setString(1, id);
                        answer.setString(2, a.question());
                        answer.setInt(3, a.ordinal());
                        answer.setObject(4, a.valueInt());
                        answer.setString(5, a.valueText());
                        answer.addBatch();
                    }
                    answer.executeBatch();
                }
                connection.commit();
                return true;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // end of the run
            }
        }
    }

    static String login(String user, String password) throws Exception {
        String reply = post("/api/v1/login", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}", null, 200);
        return field(reply, "accessToken");
    }

    static String agency(String code, String parent) {
        return "{\"code\":\"" + code + "\",\"nameVi\":\"Cơ quan " + code + "\",\"nameEn\":\"Agency " + code
                + "\",\"kind\":\"" + (parent == null ? "PROVINCE" : "COMMUNE") + "\",\"parent\":"
                + (parent == null ? "null" : "\"" + parent + "\"") + "}";
    }

    static String post(String path, String body, String token, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
