package vn.hailong.report;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 items 6 and 9: every place a reviewer reads citizens' comments (the API, the comments
 * page as admin and as reviewer, the CSV and XLSX downloads) shows phone numbers, e-mail
 * addresses and ID numbers masked while the database keeps the text as typed; the search ignores
 * accents and đ/d on the page and in the API; the rating band and the agency picker filter.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommentReadersIT implements DatabaseTest {

    private static final String PERSONAL = "Phải chờ đợi lâu, gọi 0912 345 678 hoặc +84 987.654.321, mail an.nguyen@gmail.com, CCCD 001203004567";
    private static final String[] HIDDEN = {"0912", "345 678", "987.654", "an.nguyen", "gmail", "001203004567"};

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;
    String admin;
    String reviewer;

    @BeforeAll
    void data() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "CR", null);
        api.agency(admin, "CR-1", "CR");
        api.agency(admin, "CR-2", "CR");
        post("CR-1", "2025-05-02T09:00:00+07:00", Map.of("E1.1", 2, "comment", PERSONAL));
        post("CR-2", "2025-05-03T09:00:00+07:00", Map.of("E1.1", 5, "overall", 5, "comment", "Không phải đi lại nhiều lần, rất tốt"));
        post("CR-1", "2025-05-04T09:00:00+07:00", Map.of("E1.1", 4, "E1.2", 3, "comment", "Đợi dài quá", "procedure", "Đăng ký khai sinh"));
        reviewer = api.reviewer(admin, "rev-cr", "CR");
    }

    private void post(String agency, String submittedAt, Map<String, Object> answers) {
        Map<String, Object> body = new LinkedHashMap<>(Api.submission(agency, answers));
        body.put("submittedAt", submittedAt);
        Api.Reply reply = api.post("/api/v1/responses", body, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    private List<String> apiTexts(String query) {
        Api.Reply reply = api.get("/api/v1/reports/comments?agency=CR&" + query, reviewer);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> texts = new ArrayList<>();
        reply.json().get("comments").values().forEach(c -> texts.add(c.get("text").getStringValue()));
        return texts;
    }

    private String page(String query, String token) {
        return client.toBlocking().retrieve(HttpRequest.GET("/reports/comments?period=all&lang=vi&" + query)
                .header("Cookie", "HAILONG_SESSION=" + token));
    }

    private byte[] download(String path) {
        HttpResponse<byte[]> response = client.toBlocking().exchange(HttpRequest.GET(path)
                .header("Cookie", "HAILONG_SESSION=" + reviewer), byte[].class);
        assertThat(response.code()).isEqualTo(200);
        return response.body();
    }

    private static void masked(String where, String text) {
        for (String hidden : HIDDEN) {
            assertThat(text).as(where + " shows " + hidden).doesNotContain(hidden);
        }
        assertThat(text).as(where).contains("**** *** ***").contains("+** ***.***.***").contains("***@***").contains("************");
    }

    @Test
    void everyReaderSeesPersonalDataMaskedWhileTheDatabaseKeepsItAsTyped() throws Exception {
        assertThat(Rows.count("SELECT COUNT(*) FROM answer WHERE value_text = '" + PERSONAL + "'")).isEqualTo(1);

        String fromApi = apiTexts("").stream().filter(t -> t.startsWith("Phải chờ đợi")).findFirst().orElseThrow();
        masked("API", fromApi);
        masked("API as admin", api.get("/api/v1/reports/comments?agency=CR", admin).body());
        masked("page (reviewer)", page("agency=CR", reviewer));
        masked("page (admin)", page("agency=CR", admin));
        String query = "?agency=CR&survey=sipas-2017&period=all&lang=vi";
        masked("CSV", new String(download("/reports/export/comments.csv" + query), StandardCharsets.UTF_8));
        List<List<String>> xlsx = DashboardExportIT.xlsx(download("/reports/export/comments.xlsx" + query));
        masked("XLSX", xlsx.stream().map(r -> String.join(" | ", r)).reduce("", String::concat));
    }

    @Test
    void aSearchForAHiddenNumberFindsNothing() {
        assertThat(apiTexts("q=0912")).isEmpty();
        assertThat(apiTexts("q=gmail")).isEmpty();
    }

    @Test
    void searchIgnoresAccentsCaseAndDStrokeInTheApiAndOnThePage() {
        assertThat(apiTexts("q=cho%20doi")).singleElement().asString().startsWith("Phải chờ đợi");
        assertThat(apiTexts("q=DI%20LAI")).containsExactly("Không phải đi lại nhiều lần, rất tốt");
        assertThat(apiTexts("q=doi")).hasSize(2); // "đợi" in two comments
        assertThat(apiTexts("q=" + URLEncoder.encode("đợi dài", StandardCharsets.UTF_8))).containsExactly("Đợi dài quá");
        String found = page("agency=CR&q=di+lai", reviewer);
        assertThat(found).contains("Không phải đi lại nhiều lần").doesNotContain("Đợi dài quá").contains("1 góp ý");
    }

    @Test
    void ratingBandAgencyAndProcedureFilters() {
        assertThat(apiTexts("rating=5")).containsExactly("Không phải đi lại nhiều lần, rất tốt");
        assertThat(apiTexts("rating=3")).containsExactly("Đợi dài quá"); // mean of 4 and 3
        assertThat(apiTexts("rating=2")).hasSize(1);
        assertThat(apiTexts("rating=none")).isEmpty();
        assertThat(apiTexts("rating=3&question=procedure")).containsExactly("Đăng ký khai sinh");
        String onlyCr2 = page("agency=CR-2", reviewer);
        assertThat(onlyCr2).contains("Không phải đi lại nhiều lần").doesNotContain("Đợi dài quá");
        // the page's pickers: the agency list is the caller's scope, questions and ratings are labels
        assertThat(page("agency=CR", reviewer)).contains("<option value=\"CR-1\"").contains("Tất cả góp ý")
                .contains("Ông/Bà vừa làm thủ tục gì?").doesNotContain(">procedure<").doesNotContain(">comment<")
                .doesNotContain("Đăng ký khai sinh");
        assertThat(page("agency=CR&question=procedure", reviewer)).contains("Đăng ký khai sinh").doesNotContain("Đợi dài quá");
    }

    @Test
    void badFiltersAreNamedInVietnameseOnThePage() {
        HttpClientResponseException refused = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
                () -> page("agency=CR&rating=9", reviewer));
        assertThat(refused.getStatus().getCode()).isEqualTo(400);
        String body = refused.getResponse().getBody(String.class).orElseThrow();
        assertThat(body).contains("Mức đánh giá: giá trị này không có trong danh sách được chọn (").doesNotContain("must be");
    }
}
