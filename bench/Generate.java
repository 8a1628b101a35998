import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Writes N synthetic responses as tab-separated files that LOAD DATA reads into the app's own
 * tables: agency, agency_closure, kiosk, response, answer. The rows are what the app stores for
 * the same submissions: the score line in the survey's definition order (22 criteria, then the
 * "overall" scale question), answer rows as AnswerChecker builds them, submitted_date in the
 * agency's zone, and the content hash computed as ResponseRecorder does. Only the dossier hash is a
 * placeholder (random hex instead of the keyed hash of a real dossier code; reports never read it).
 *
 * <p>Run with the JDK's source launcher, no build needed:
 * {@code java bench/Generate.java --responses 1000000 --out /tmp/bench-1m --sipas-version 1 --onestop-version 3}
 *
 * <p>Tree: 34 provinces (the provinces and cities of 2025) with 100 communes each; provinces have
 * skewed sizes (weight 1/sqrt(rank)), communes log-normal sizes. Every commune has its own
 * quality, element profile and trend, so indexes and rankings differ. Response ids are random
 * version-4 UUIDs generated in ascending order, so the files arrive in primary-key order.
 */
public class Generate {

    static final String[] CRITERIA = {"E1.1", "E1.2", "E1.3", "E1.4", "E2.1", "E2.2", "E2.3", "E2.4", "E2.5",
            "E3.1", "E3.2", "E3.3", "E3.4", "E3.5", "E3.6", "E4.1", "E4.2", "E4.3", "E5.1", "E5.2", "E5.3", "E5.4"};
    static final int[] ELEMENT = {0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4};
    static final double[] ELEMENT_OFFSET = {0.15, -0.15, 0.05, 0.2, -0.45};
    static final double[] MISSING = {0.05, 0.05, 0.07, 0.07, 0.06, 0.06, 0.05, 0.05, 0.08, 0.04, 0.04, 0.04, 0.05, 0.05,
            0.06, 0.06, 0.06, 0.07, 0.15, 0.18, 0.22, 0.25};
    static final String[] IMPROVE = {"E1", "E2", "E3", "E4", "E5", "other"};
    static final String[] GENDER = {"male", "female", "undisclosed"};
    static final double[] GENDER_W = {0.48, 0.49, 0.03};
    static final String[] AGE = {"under-25", "25-34", "35-44", "45-54", "55-64", "65-plus", "undisclosed"};
    static final double[] AGE_W = {0.1, 0.25, 0.25, 0.18, 0.12, 0.06, 0.04};
    static final String[] EDUCATION = {"primary-or-less", "lower-secondary", "upper-secondary", "vocational", "university",
            "postgraduate", "undisclosed"};
    static final double[] EDUCATION_W = {0.12, 0.22, 0.28, 0.14, 0.17, 0.03, 0.04};
    static final String[] OCCUPATION = {"farming", "worker", "business", "private-employee", "public-employee", "student",
            "retired", "homemaker", "unemployed", "other", "undisclosed"};
    static final double[] OCCUPATION_W = {0.26, 0.15, 0.17, 0.13, 0.08, 0.04, 0.06, 0.04, 0.02, 0.03, 0.02};
    static final String[] ETHNICITY = {"kinh", "other-ethnic-group", "undisclosed"};
    static final double[] ETHNICITY_W = {0.83, 0.14, 0.03};
    static final String[] PROCEDURES = {"Đăng ký khai sinh", "Chứng thực bản sao từ bản chính", "Đăng ký kết hôn",
            "Đăng ký thường trú", "Cấp giấy chứng nhận quyền sử dụng đất", "Đăng ký khai tử", "Chứng thực chữ ký",
            "Cấp bản sao trích lục hộ tịch", "Xác nhận tình trạng hôn nhân", "Đăng ký hộ kinh doanh"};
    static final String[] PRAISE = {"Cán bộ nhiệt tình, hướng dẫn rõ ràng.", "Thủ tục nhanh gọn, cảm ơn.",
            "Rất hài lòng với cách phục vụ.", "Nơi chờ sạch sẽ, thoáng mát."};
    static final String[] COMPLAINT = {"Phải chờ quá lâu mới đến lượt.", "Thiếu ghế ngồi ở nơi chờ.",
            "Hướng dẫn chưa rõ, phải đi lại hai lần.", "Máy lấy số thứ tự hay bị hỏng.",
            "Cán bộ trả lời qua loa, chưa nhiệt tình.", "Kết quả trả trễ hẹn ba ngày."};
    static final String[] REASONS = {"long-wait", "extra-documents", "unclear-guidance", "staff-attitude", "late-result", "other"};
    static final double[] REASONS_W = {0.35, 0.1, 0.2, 0.15, 0.15, 0.05};
    static final String[] REASON_TEXT = {"Chờ hơn một tiếng.", "Phải bổ sung giấy tờ nhiều lần.", "Không ai hướng dẫn."};
    // The 34 provinces and centrally-run cities after the 2025 merger.
    static final String[] PROVINCES = {"Thành phố Hồ Chí Minh", "Thành phố Hà Nội", "Thanh Hóa", "Nghệ An", "Đồng Nai",
            "An Giang", "Thành phố Hải Phòng", "Gia Lai", "Đắk Lắk", "Đồng Tháp", "Vĩnh Long", "Phú Thọ", "Ninh Bình",
            "Bắc Ninh", "Lâm Đồng", "Thành phố Cần Thơ", "Hưng Yên", "Khánh Hòa", "Tây Ninh", "Quảng Ngãi",
            "Thành phố Đà Nẵng", "Quảng Trị", "Cà Mau", "Thái Nguyên", "Lào Cai", "Sơn La", "Tuyên Quang", "Quảng Ninh",
            "Hà Tĩnh", "Lạng Sơn", "Thành phố Huế", "Điện Biên", "Cao Bằng", "Lai Châu"};
    static final int COMMUNES = 100;
    static final ZoneOffset VIETNAM = ZoneOffset.ofHours(7); // Asia/Ho_Chi_Minh has had no DST since 1975
    static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    final SplittableRandom rng;
    final long sipasVersionId;
    final long oneStopVersionId;
    final double oneStopShare;
    final LocalDate firstDay;
    final int days;
    final String created = "2024-11-01 00:00:00.000000";
    final HexFormat hex = HexFormat.of();
    final MessageDigest sha;

    // per commune (index 0..3399): agency id, code, kiosk id, quality, element offsets, trend, kiosk share
    int communes;
    long[] communeId;
    String[] communeCode;
    double[] quality;
    double[][] elementOffset;
    double[] trend;
    double[] kioskShare;
    double[] communeCumulative;
    double[] dayCumulative;

    Generate(long seed, long sipasVersionId, long oneStopVersionId, double oneStopShare, LocalDate firstDay, int days) throws Exception {
        this.rng = new SplittableRandom(seed);
        this.sipasVersionId = sipasVersionId;
        this.oneStopVersionId = oneStopVersionId;
        this.oneStopShare = oneStopShare;
        this.firstDay = firstDay;
        this.days = days;
        this.sha = MessageDigest.getInstance("SHA-256");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        long n = Long.parseLong(a.getOrDefault("responses", "1000000"));
        Path out = Path.of(a.getOrDefault("out", "/tmp/bench-data"));
        Generate g = new Generate(Long.parseLong(a.getOrDefault("seed", "2017")),
                Long.parseLong(a.get("sipas-version")), Long.parseLong(a.get("onestop-version")),
                Double.parseDouble(a.getOrDefault("onestop-share", "0.15")),
                LocalDate.parse(a.getOrDefault("first-day", "2024-12-01")), Integer.parseInt(a.getOrDefault("days", "721")));
        Files.createDirectories(out);
        long start = System.nanoTime();
        g.tree(out);
        try (Writer responses = writer(out.resolve("response.tsv")); Writer answers = writer(out.resolve("answer.tsv"))) {
            g.responses(n, responses, answers);
        }
        System.out.printf("generated %d responses in %.1f s into %s%n", n, (System.nanoTime() - start) / 1e9, out);
    }

    static Writer writer(Path path) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(new FileOutputStream(path.toFile()), StandardCharsets.UTF_8), 1 << 20);
    }

    /** Provinces 1..34, communes 35..3434, one kiosk per commune; closure rows at depth 0 and 1. */
    void tree(Path out) throws IOException {
        communes = PROVINCES.length * COMMUNES;
        communeId = new long[communes];
        communeCode = new String[communes];
        quality = new double[communes];
        elementOffset = new double[communes][5];
        trend = new double[communes];
        kioskShare = new double[communes];
        double[] weight = new double[communes];
        try (Writer agency = writer(out.resolve("agency.tsv")); Writer closure = writer(out.resolve("agency_closure.tsv"));
             Writer kiosk = writer(out.resolve("kiosk.tsv"))) {
            for (int p = 0; p < PROVINCES.length; p++) {
                long id = p + 1;
                String code = String.format("P%02d", p + 1);
                agency.write(id + "\t" + code + "\t" + PROVINCES[p] + "\t" + PROVINCES[p] + "\tPROVINCE\t\\N\tAsia/Ho_Chi_Minh\t\\N\t\\N\t" + created + "\n");
                closure.write(id + "\t" + id + "\t0\n");
            }
            for (int p = 0; p < PROVINCES.length; p++) {
                double provinceQuality = 3.75 + rng.nextDouble() * 0.7;
                double provinceWeight = 1 / Math.sqrt(p + 1);
                for (int c = 0; c < COMMUNES; c++) {
                    int i = p * COMMUNES + c;
                    long id = PROVINCES.length + 1 + i;
                    long parent = p + 1;
                    communeId[i] = id;
                    communeCode[i] = String.format("P%02d-C%03d", p + 1, c + 1);
                    agency.write(id + "\t" + communeCode[i] + "\tXã số " + (c + 1) + " (" + PROVINCES[p] + ")\tCommune "
                            + (c + 1) + " (" + PROVINCES[p] + ")\tCOMMUNE\t" + parent + "\tAsia/Ho_Chi_Minh\t\\N\t\\N\t" + created + "\n");
                    closure.write(id + "\t" + id + "\t0\n");
                    closure.write(parent + "\t" + id + "\t1\n");
                    kiosk.write(i + 1 + "\t" + id + "\tKi-ốt một cửa\t" + sha256("hk_bench-kiosk-" + id) + "\t" + created + "\t\\N\t\\N\n");
                    quality[i] = provinceQuality + rng.nextGaussian() * 0.25;
                    for (int e = 0; e < 5; e++) {
                        elementOffset[i][e] = ELEMENT_OFFSET[e] + rng.nextGaussian() * 0.2;
                    }
                    trend[i] = rng.nextGaussian() * 0.15; // per year
                    kioskShare[i] = 0.3 + rng.nextDouble() * 0.5;
                    weight[i] = provinceWeight * Math.exp(rng.nextGaussian() * 0.6);
                }
            }
        }
        communeCumulative = cumulative(weight);
        // Offices open Monday to Saturday morning; use of the survey grows over the two years.
        double[] dayWeight = new double[days];
        for (int d = 0; d < days; d++) {
            int dow = firstDay.plusDays(d).getDayOfWeek().getValue();
            dayWeight[d] = (dow <= 5 ? 1.0 : dow == 6 ? 0.3 : 0.0) * (0.6 + 0.8 * d / days);
        }
        dayCumulative = cumulative(dayWeight);
    }

    static double[] cumulative(double[] weights) {
        double[] c = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            c[i] = sum;
        }
        for (int i = 0; i < c.length; i++) {
            c[i] /= sum;
        }
        return c;
    }

    int pick(double[] cumulative) {
        int i = Arrays.binarySearch(cumulative, rng.nextDouble());
        return Math.min(i >= 0 ? i : -i - 1, cumulative.length - 1);
    }

    String pick(String[] values, double[] weights) {
        double u = rng.nextDouble();
        for (int i = 0; i < values.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    void responses(long n, Writer responses, Writer answers) throws IOException {
        double gap = Math.pow(2, 48) / (n * 1.05);
        long top = 0;
        StringBuilder line = new StringBuilder(512);
        StringBuilder rows = new StringBuilder(4096);
        for (long r = 0; r < n; r++) {
            top += 1 + (long) (-Math.log(1 - rng.nextDouble()) * gap);
            String id = uuid(top);
            int commune = pick(communeCumulative);
            int day = pick(dayCumulative);
            LocalDate date = firstDay.plusDays(day);
            LocalDateTime local = date.atTime(7, 30).plusSeconds(rng.nextInt(9 * 3600 + 1800)).plusNanos(rng.nextInt(1000) * 1_000_000L);
            Instant submitted = local.toInstant(VIETNAM);
            boolean kiosk = rng.nextDouble() < kioskShare[commune];
            boolean oneStop = rng.nextDouble() < oneStopShare;
            Instant started = submitted.minusSeconds(oneStop ? 4 + rng.nextInt(30) : 60 + rng.nextInt(600)).minusMillis(rng.nextInt(1000));
            Instant received = kiosk && rng.nextDouble() < 0.05
                    ? submitted.plusSeconds(60 + rng.nextInt(6 * 3600)) // queued on a kiosk that was offline
                    : submitted.plusMillis(30 + rng.nextInt(900));
            String language = rng.nextDouble() < 0.97 ? "vi" : "en";
            double years = day / 365.0;
            TreeMap<String, String> canonical = new TreeMap<>();
            rows.setLength(0);
            String scores;
            String dossier = null;
            if (oneStop) {
                scores = oneStopAnswers(id, commune, years, canonical, rows);
                if (rng.nextDouble() < 0.6) {
                    dossier = sha256("dossier-" + id); // placeholder for the keyed hash of a dossier code
                }
            } else {
                scores = sipasAnswers(id, commune, years, canonical, rows);
            }
            String survey = oneStop ? "one-stop-rating" : "sipas-2017";
            String agencyCode = communeCode[commune];
            String channel = kiosk ? "kiosk" : "web";
            String content = sha256(String.join("\n", id, survey, "1", agencyCode, channel, language,
                    String.valueOf(started), String.valueOf(submitted), String.valueOf(dossier), canonicalText(canonical)));
            line.setLength(0);
            line.append(id).append('\t').append(survey).append('\t').append(oneStop ? oneStopVersionId : sipasVersionId).append('\t')
                    .append(communeId[commune]).append('\t').append(channel).append('\t').append(language).append('\t')
                    .append(kiosk ? String.valueOf(commune + 1) : "\\N").append('\t')
                    .append(sql(started)).append('\t').append(sql(submitted)).append('\t').append(date).append('\t')
                    .append(sql(received)).append('\t').append(dossier == null ? "\\N" : dossier).append('\t')
                    .append(content).append('\t').append(scores).append('\n');
            responses.append(line);
            answers.append(rows);
        }
    }

    String sipasAnswers(String id, int commune, double years, TreeMap<String, String> canonical, StringBuilder rows) {
        char[] scores = new char[CRITERIA.length + 1];
        double mood = rng.nextGaussian() * 0.5;
        double base = quality[commune] + trend[commune] * (years - 1) + mood;
        double[] elementSum = new double[5];
        int[] elementCount = new int[5];
        double sum = 0;
        int count = 0;
        for (int k = 0; k < CRITERIA.length; k++) {
            if (rng.nextDouble() < MISSING[k]) {
                scores[k] = '0';
                continue;
            }
            int e = ELEMENT[k];
            int value = clamp((int) Math.round(base + elementOffset[commune][e] + rng.nextGaussian() * 0.6), 1, 5);
            scores[k] = (char) ('0' + value);
            scale(id, CRITERIA[k], value, canonical, rows);
            elementSum[e] += value;
            elementCount[e]++;
            sum += value;
            count++;
        }
        if (rng.nextDouble() < 0.96) {
            int overall = clamp((int) Math.round((count == 0 ? base : sum / count) + rng.nextGaussian() * 0.5), 1, 5);
            scores[CRITERIA.length] = (char) ('0' + overall);
            scale(id, "overall", overall, canonical, rows);
        } else {
            scores[CRITERIA.length] = '0';
        }
        if (rng.nextDouble() < 0.7) {
            // Mostly the element this respondent rated lowest, sometimes a second one.
            int worst = -1;
            double worstMean = 9;
            for (int e = 0; e < 5; e++) {
                if (elementCount[e] > 0 && elementSum[e] / elementCount[e] < worstMean) {
                    worstMean = elementSum[e] / elementCount[e];
                    worst = e;
                }
            }
            String first = worst >= 0 && rng.nextDouble() < 0.6 ? IMPROVE[worst] : IMPROVE[rng.nextInt(IMPROVE.length)];
            List<String> picked = new ArrayList<>(List.of(first));
            if (rng.nextDouble() < 0.4) {
                String second = IMPROVE[rng.nextInt(IMPROVE.length)];
                if (!second.equals(first)) {
                    picked.add(second);
                }
            }
            for (int i = 0; i < picked.size(); i++) {
                text(id, "improve", i, picked.get(i), rows);
            }
            canonical.put("improve", String.join(",", picked.stream().sorted().toList()));
        }
        if (rng.nextDouble() < 0.25) {
            choice(id, "procedure", PROCEDURES[rng.nextInt(PROCEDURES.length)], canonical, rows);
        }
        double mean = count == 0 ? 4 : sum / count;
        if (rng.nextDouble() < (mean < 3.5 ? 0.2 : 0.04)) {
            choice(id, "comment", mean < 3.5 ? COMPLAINT[rng.nextInt(COMPLAINT.length)] : PRAISE[rng.nextInt(PRAISE.length)], canonical, rows);
        }
        maybe(id, "gender", 0.7, GENDER, GENDER_W, canonical, rows);
        maybe(id, "ageBand", 0.65, AGE, AGE_W, canonical, rows);
        maybe(id, "education", 0.55, EDUCATION, EDUCATION_W, canonical, rows);
        maybe(id, "occupation", 0.55, OCCUPATION, OCCUPATION_W, canonical, rows);
        maybe(id, "ethnicity", 0.6, ETHNICITY, ETHNICITY_W, canonical, rows);
        return new String(scores);
    }

    String oneStopAnswers(String id, int commune, double years, TreeMap<String, String> canonical, StringBuilder rows) {
        double q = quality[commune] + trend[commune] * (years - 1);
        double unhappy = Math.max(0.01, Math.min(0.4, 0.05 + (4.4 - q) * 0.12));
        double u = rng.nextDouble();
        int rating = u < unhappy ? 1 : u < unhappy + (1 - unhappy) * 0.45 ? 2 : 3;
        scale(id, "rating", rating, canonical, rows);
        if (rating == 1) {
            choice(id, "reason", pick(REASONS, REASONS_W), canonical, rows);
            if (rng.nextDouble() < 0.3) {
                choice(id, "reasonText", REASON_TEXT[rng.nextInt(REASON_TEXT.length)], canonical, rows);
            }
        }
        return String.valueOf((char) ('0' + rating));
    }

    void maybe(String id, String code, double answered, String[] values, double[] weights, TreeMap<String, String> canonical, StringBuilder rows) {
        if (rng.nextDouble() < answered) {
            choice(id, code, pick(values, weights), canonical, rows);
        }
    }

    static void scale(String id, String code, int value, TreeMap<String, String> canonical, StringBuilder rows) {
        rows.append(id).append('\t').append(code).append("\t0\t").append(value).append("\t\\N\n");
        canonical.put(code, Integer.toString(value));
    }

    /** A choice or text answer: one row, value in value_text. */
    static void choice(String id, String code, String value, TreeMap<String, String> canonical, StringBuilder rows) {
        text(id, code, 0, value, rows);
        canonical.put(code, value);
    }

    static void text(String id, String code, int ordinal, String value, StringBuilder rows) {
        rows.append(id).append('\t').append(code).append('\t').append(ordinal).append("\t\\N\t").append(value).append('\n');
    }

    /** As AnswerChecker: sorted by code, each "code=length:value", joined by ';'. */
    static String canonicalText(TreeMap<String, String> canonical) {
        StringBuilder s = new StringBuilder(256);
        for (Map.Entry<String, String> e : canonical.entrySet()) {
            if (s.length() > 0) {
                s.append(';');
            }
            s.append(e.getKey()).append('=').append(e.getValue().length()).append(':').append(e.getValue());
        }
        return s.toString();
    }

    static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    static String sql(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).format(SQL_TIME);
    }

    /** A version-4 UUID whose first 48 bits are {@code top}: ascending ids, random otherwise. */
    String uuid(long top) {
        String t = String.format("%012x", top);
        String r = String.format("%016x", rng.nextLong());
        String v = "89ab".charAt(rng.nextInt(4)) + "";
        return t.substring(0, 8) + "-" + t.substring(8, 12) + "-4" + r.substring(0, 3) + "-" + v + r.substring(3, 6) + "-"
                + r.substring(6, 16) + String.format("%02x", rng.nextInt(256));
    }

    String sha256(String text) {
        return hex.formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
