package vn.hailong.system;

import io.micronaut.json.JsonMapper;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 item 10: no English on a Vietnamese page, ever. Walks every page in Vietnamese as
 * nobody, as an administrator and as a reviewer, plus pages with a provoked refusal (inverted
 * dates, unknown period, agency, survey, filter values, another agency's reports), and fails on
 * what a Vietnamese reader should never see: a message key shown raw (or Thymeleaf's ??key??),
 * an English text of the en bundle that differs from its Vietnamese one, or the API's English
 * wording ("must not", "must be", "is required").
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VietnamesePagesIT implements DatabaseTest {

    /** The API's English refusal wordings: pages must say them in the reader's language. */
    private static final List<String> API_WORDING = List.of("must not", "must be", "is required", "No agency with",
            "No survey with", "Your account may not", "Exception");
    private static final Pattern KEY_LIKE = Pattern.compile("(?<![\\w./-])[a-z][a-zA-Z]*(?:\\.[a-zA-Z0-9-]+)+(?![\\w/-])");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    @Inject
    vn.hailong.survey.SurveyCatalog surveys;

    String admin;
    String reviewer;
    Properties vi;
    Properties en;

    @BeforeAll
    void data() throws IOException {
        Api api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "VN", null);
        api.agency(admin, "VN-1", "VN");
        api.agency(admin, "VN-2", "VN");
        Map<String, Object> body = new LinkedHashMap<>(Api.submission("VN-1", Map.of("E1.1", 4, "overall", 4, "comment", "Tốt")));
        assertThat(api.post("/api/v1/responses", body, null).status()).isEqualTo(201);
        reviewer = api.reviewer(admin, "rev-vn1", "VN-1");
        vi = load("i18n/messages_vi.properties");
        en = load("i18n/messages_en.properties");
    }

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = VietnamesePagesIT.class.getClassLoader().getResourceAsStream(name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void noPageInVietnameseShowsEnglishOrRawKeys() throws Exception {
        List<String> everyone = List.of("/", "/login", "/privacy", "/s/VN-1/sipas-2017", "/s/VN-1/sipas-2023", "/s/VN-1/one-stop-rating",
                "/s/VN-1/sipas-2017/thanks", "/qr/VN-1/sipas-2017", "/kiosk", "/kiosk/setup", "/s/NOWHERE/sipas-2017",
                "/r/ABCD-EFGH-JKMN");
        List<String> staff = List.of("/reports", "/reports?agency=VN-1&period=all", "/reports/comments?agency=VN-1&period=all",
                "/reports/targets",
                // provoked refusals
                "/reports?agency=VN-1&period=custom&from=2026-05-01&to=2026-04-01",
                "/reports?agency=VN-1&period=2026-Q5", "/reports?agency=VN-1&period=custom&from=2026-13-01",
                "/reports?agency=NOWHERE", "/reports?agency=VN-1&survey=no-such-survey",
                "/reports?agency=VN-1&sort=nothing&dir=up",
                "/reports/comments?agency=VN-1&period=custom&from=2026-05-01&to=2026-04-01",
                "/reports/comments?agency=VN-1&rating=9", "/reports/comments?agency=VN-1&question=gender",
                "/reports/comments?agency=VN-1&page=0");
        List<String> reviewerOnly = List.of("/reports?agency=VN-2", "/reports/comments?agency=VN");
        List<String> adminOnly = List.of("/admin", "/admin/agencies", "/admin/agencies/VN", "/admin/accounts",
                "/admin/accounts/admin", "/admin/kiosks", "/admin/templates", "/admin/audit", "/admin/flags",
                "/admin/integrations", "/admin/audit?from=2026-05-01&to=2026-04-01", "/admin/audit?from=yesterday",
                "/admin/audit?page=0", "/admin/flags?state=whatever");

        List<String> wrong = new ArrayList<>();
        int walked = 0;
        for (String page : everyone) {
            walked += check(page, null, wrong);
        }
        for (String page : staff) {
            walked += check(page, admin, wrong);
            walked += check(page, reviewer, wrong);
        }
        for (String page : reviewerOnly) {
            walked += check(page, reviewer, wrong);
        }
        for (String page : adminOnly) {
            walked += check(page, admin, wrong);
        }
        assertThat(walked).isGreaterThan(50);
        assertThat(wrong).isEmpty();
    }

    /** Issue 12 item 7: the questionnaires name questions by their wording, never by code (criteria keep their SIPAS number). */
    @Test
    void questionnairesShowNoQuestionCodes() throws Exception {
        for (String survey : List.of("sipas-2017", "sipas-2023", "one-stop-rating")) {
            String text = visibleText(fetch("/s/VN-1/" + survey + "?lang=vi", null).body());
            for (vn.hailong.survey.SurveyDefinition.Question q : surveys.current(survey).orElseThrow().definition().questions()) {
                assertThat(text).as(survey + " shows the code " + q.code()).doesNotContainPattern("\\|\\s*" + Pattern.quote(q.code()) + "\\s*\\|");
            }
        }
    }

    /** The walk itself must be able to fail: an English page holds what it looks for. */
    @Test
    void theCheckFindsEnglishOnAnEnglishPage() throws Exception {
        String page = fetch("/reports?agency=VN-1&period=custom&from=2026-05-01&to=2026-04-01&lang=en", admin).body();
        assertThat(problems(visibleText(page))).isNotEmpty();
    }

    private int check(String page, String token, List<String> wrong) throws Exception {
        HttpResponse<String> response = fetch(page + (page.contains("?") ? "&" : "?") + "lang=vi", token);
        if (response.statusCode() == 303 || response.statusCode() == 302) {
            return 0;
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertThat(type).as(page).startsWith("text/html");
        for (String problem : problems(visibleText(response.body()))) {
            wrong.add(page + (token == null ? "" : token.equals(admin) ? " (admin)" : " (reviewer)") + " [" + response.statusCode() + "]: " + problem);
        }
        return 1;
    }

    private HttpResponse<String> fetch(String page, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + page)).header("Accept", "text/html").GET();
        if (token != null) {
            request.header("Cookie", "HAILONG_SESSION=" + token);
        }
        return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * What a reader sees or hears: the text between tags and the labels in alt, title, aria-label
     * and placeholder. An element marked {@code lang="en"} (the bilingual QR poster's second
     * invitation, the switch to English) is English on purpose and left out.
     */
    static String visibleText(String html) {
        String withoutCode = html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ")
                .replaceAll("(?is)<(?!html\\b)(\\w+)\\b[^>]*\\slang=\"en\"[^>]*>.*?</\\1>", " ");
        StringBuilder text = new StringBuilder();
        Matcher labels = Pattern.compile("(?i)\\s(?:alt|title|aria-label|placeholder)=\"([^\"]*)\"").matcher(withoutCode);
        while (labels.find()) {
            text.append(' ').append(labels.group(1)).append(" |");
        }
        text.append(' ').append(withoutCode.replaceAll("(?s)<[^>]*>", " |"));
        return text.toString().replace("&quot;", "\"").replace("&amp;", "&").replace("&#39;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replaceAll("\\s+", " ");
    }

    private List<String> problems(String text) {
        List<String> found = new ArrayList<>();
        if (text.contains("??")) {
            found.add("missing message marker ??…??");
        }
        Matcher keys = KEY_LIKE.matcher(text);
        while (keys.find()) {
            if (vi.containsKey(keys.group())) {
                found.add("raw message key " + keys.group());
            }
        }
        for (String wording : API_WORDING) {
            if (text.contains(wording)) {
                found.add("API wording \"" + wording + "\"");
            }
        }
        TreeSet<String> english = new TreeSet<>();
        for (String key : en.stringPropertyNames()) {
            String english1 = en.getProperty(key);
            String vietnamese = vi.getProperty(key, "");
            if (english1.equals(vietnamese) || !english1.matches("[\\p{ASCII}–—…’“”·×≥≤→←°%€]*")) {
                // the same in both, or not English at all (the switch back to "Tiếng Việt")
                continue;
            }
            // the longest piece between placeholders: what would show verbatim
            String piece = "";
            for (String part : english1.split("\\{\\d+}|\\n")) {
                if (part.strip().length() > piece.length()) {
                    piece = part.strip();
                }
            }
            if (piece.length() >= 8 && piece.contains(" ") && text.contains(piece) && !vietnamese.contains(piece)) {
                english.add(key + " = \"" + piece + "\"");
            }
        }
        english.forEach(e -> found.add("English text " + e));
        return found;
    }
}
