package vn.hailong.report;

import io.micronaut.http.client.BlockingHttpClient;
import vn.hailong.support.Api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test data and page helpers for the dashboard tests: a small tree (DB with DB-1, DB-2, DB-3 and
 * DB-1-1 under DB-1, plus an unrelated OT), responses in 2026-Q2 with version 1, some in July,
 * and August responses of versions 1 and 2 (a questionnaire folder adds sipas-2017 version 2).
 */
final class DashboardFixture {

    static final String QUARTER = "2026-Q2";
    static final String QUARTER_FROM = "2026-04-01";
    static final String QUARTER_TO = "2026-06-30";

    private DashboardFixture() {
    }

    /** A folder with sipas-2017 version 2 (the shipped file with a new version number). */
    static Path templatesWithVersion2() {
        try (InputStream shipped = DashboardFixture.class.getClassLoader().getResourceAsStream("survey-templates/sipas-2017.yml")) {
            String text = new String(shipped.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).contains("\nversion: 1\n");
            Path folder = Files.createTempDirectory("hailong-templates-");
            Files.writeString(folder.resolve("sipas-2017-v2.yml"), text.replace("\nversion: 1\n", "\nversion: 2\n"), StandardCharsets.UTF_8);
            folder.toFile().deleteOnExit();
            folder.resolve("sipas-2017-v2.yml").toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void load(Api api) {
        String admin = api.adminToken();
        api.agency(admin, "DB", null);
        api.agency(admin, "DB-1", "DB");
        api.agency(admin, "DB-2", "DB");
        api.agency(admin, "DB-3", "DB");
        api.agency(admin, "DB-1-1", "DB-1");
        api.agency(admin, "OT", null);
        api.reviewer(admin, "db-reviewer", "DB");
        api.reviewer(admin, "db1-reviewer", "DB-1");
        Random random = new Random(42);
        String[] months = {"2026-04", "2026-05", "2026-06"};
        List<String> comments = List.of("Cán bộ nhiệt tình, hướng dẫn rõ ràng", "Chờ hơi lâu, cần thêm ghế",
                "=HYPERLINK(\"http://example.invalid\",\"x\")", "Thủ tục nhanh, phí đúng quy định");
        int i = 0;
        for (String agency : List.of("DB-1", "DB-2", "DB-3", "DB-1-1")) {
            int count = switch (agency) {
                case "DB-1" -> 40;
                case "DB-2" -> 36;
                case "DB-3" -> 6;
                default -> 12;
            };
            int bias = agency.equals("DB-2") ? 1 : 0; // DB-2 is a little more satisfied, so the ranking has an order
            for (int k = 0; k < count; k++, i++) {
                Map<String, Object> answers = new LinkedHashMap<>();
                for (String code : Api.SIPAS_CRITERIA) {
                    if (random.nextInt(6) > 0) {
                        answers.put(code, Math.min(5, 1 + random.nextInt(5) + (random.nextInt(3) == 0 ? bias : 0)));
                    }
                }
                if (random.nextBoolean()) {
                    answers.put("overall", 1 + random.nextInt(5));
                }
                if (random.nextInt(3) > 0) {
                    answers.put("improve", List.of("E" + (1 + random.nextInt(5))));
                }
                if (k % 3 == 0) {
                    answers.put("comment", comments.get((i / 3) % comments.size()));
                }
                String date = months[k % 3] + "-" + String.format("%02d", 1 + random.nextInt(28)) + "T09:30:00+07:00";
                post(api, agency, 1, date, answers);
            }
        }
        for (int k = 0; k < 8; k++) { // July: outside the quarter
            post(api, "DB-1", 1, "2026-07-10T10:00:00+07:00", Map.of("E1.1", 1, "E2.1", 1, "comment", "Tháng bảy"));
        }
        for (int k = 0; k < 6; k++) { // August: versions 1 and 2 mixed
            post(api, "DB-2", 1 + k % 2, "2026-08-05T10:00:00+07:00", Map.of("E1.1", 4, "E3.1", 5));
        }
        for (int k = 0; k < 3; k++) {
            post(api, "OT", 1, "2026-05-05T10:00:00+07:00", Map.of("E1.1", 4));
        }
    }

    private static void post(Api api, String agency, int version, String submittedAt, Map<String, Object> answers) {
        Map<String, Object> body = Api.submission(agency, answers);
        body.put("surveyVersion", version);
        body.put("submittedAt", submittedAt);
        Api.Reply reply = api.post("/api/v1/responses", body, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    /** Logs in on the page and returns the session cookie ("name=value"). */
    static String sessionCookie(Api api, BlockingHttpClient noRedirects, String username, String password) {
        var response = noRedirects.exchange(api.csrf().form("/login", "username=" + username + "&password=" + password + "&next=/reports"),
                String.class);
        assertThat(response.code()).isEqualTo(303);
        return response.getHeaders().get("Set-Cookie").split(";")[0];
    }

    // --- reading the page ---

    /** The text of the element with {@code id} up to its closing tag {@code tag}. */
    static String element(String html, String id, String tag) {
        int at = html.indexOf("id=\"" + id + "\"");
        assertThat(at).as("element #" + id).isPositive();
        int start = html.indexOf('>', at) + 1;
        int end = html.indexOf("</" + tag + ">", start);
        return html.substring(start, end);
    }

    /** The cells (th and td) of the table row with {@code id}, as plain text. */
    static List<String> cells(String html, String id) {
        String row = element(html, id, "tr");
        Matcher m = Pattern.compile("<t[hd][^>]*>(.*?)</t[hd]>", Pattern.DOTALL).matcher(row);
        List<String> cells = new ArrayList<>();
        while (m.find()) {
            cells.add(text(m.group(1)));
        }
        return cells;
    }

    static String text(String html) {
        return html.replaceAll("(?s)<svg.*?</svg>", "").replaceAll("<[^>]+>", "").replace("&amp;", "&")
                .replace("&#39;", "'").replace("&quot;", "\"").replaceAll("\\s+", " ").strip();
    }

    static String group(String html, String regex) {
        Matcher matcher = Pattern.compile(regex, Pattern.DOTALL).matcher(html);
        assertThat(matcher.find()).as(regex).isTrue();
        return matcher.group(1);
    }
}
