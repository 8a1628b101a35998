package vn.hailong.report;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The comments report: text answers only (any text question of the version, never choice
 * answers), newest first, over the agency subtree and date range, paged; scoped like the other reports.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommentsIT implements DatabaseTest {

    private static final String PATH = "/api/v1/reports/comments";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;
    String admin;
    String communeReviewer;
    String fifthId;

    @BeforeAll
    void tree() {
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "P", null);
        api.agency(admin, "P-1", "P");
        api.agency(admin, "P-2", "P");
        post("P-1", "2025-03-01T09:00:00+07:00", Map.of("E1.1", 4, "E3.1", 2, "comment", "first"));
        post("P-2", "2025-03-05T09:00:00+07:00", Map.of("E1.1", 1, "overall", 5, "comment", "second"));
        post("P-1", "2025-03-10T09:00:00+07:00", Map.of("E1.1", 4, "E1.2", 5, "comment", "third"));
        post("P", "2025-03-12T09:00:00+07:00", Map.of("E1.1", 3, "gender", "female")); // no text answer
        fifthId = post("P-2", "2025-03-15T09:00:00+07:00", Map.of("E1.1", 2, "procedure", "Đăng ký kinh doanh", "comment", "fifth")); // a rated response: empty ones are refused
        communeReviewer = api.reviewer(admin, "rev-p1", "P-1");
    }

    private String post(String agency, String submittedAt, Map<String, Object> answers) {
        Map<String, Object> body = new LinkedHashMap<>(Api.submission(agency, answers));
        body.put("submittedAt", submittedAt);
        Api.Reply reply = api.post("/api/v1/responses", body, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return (String) body.get("id");
    }

    private static List<String> texts(Api.Reply reply) {
        List<String> texts = new ArrayList<>();
        reply.json().get("comments").values().forEach(c -> texts.add(c.get("text").getStringValue()));
        return texts;
    }

    private Api.Reply ok(String query, String token) {
        Api.Reply reply = api.get(PATH + "?" + query, token);
        assertThat(reply.status()).as(query + " " + reply.body()).isEqualTo(200);
        return reply;
    }

    @Test
    void provinceListsTheWholeSubtreeNewestFirst() {
        Api.Reply reply = ok("agency=P", admin);
        // the "which procedure" answer is not a comment: listed apart with question=procedure
        assertThat(texts(reply)).containsExactly("fifth", "third", "second", "first");
        assertThat(reply.json().get("total").getLongValue()).isEqualTo(4);
        assertThat(reply.json().get("page").getIntValue()).isEqualTo(1);
        assertThat(reply.json().get("size").getIntValue()).isEqualTo(50);
        assertThat(reply.json().get("agency").get("code").getStringValue()).isEqualTo("P");
        assertThat(reply.json().get("agency").get("nameEn").getStringValue()).isEqualTo("Agency P");

        JsonNode fifth = reply.json().get("comments").get(0);
        assertThat(fifth.get("responseId").getStringValue()).isEqualTo(fifthId);
        assertThat(fifth.get("agency").getStringValue()).isEqualTo("P-2");
        assertThat(fifth.get("survey").getStringValue()).isEqualTo("sipas-2017");
        assertThat(fifth.get("question").getStringValue()).isEqualTo("comment");
        assertThat(fifth.get("submittedAt").getStringValue()).isEqualTo("2025-03-15T02:00:00Z");
        assertThat(fifth.get("date").getStringValue()).isEqualTo("2025-03-15");
        assertThat(fifth.get("rating").getDoubleValue()).isEqualTo(2.0); // a response without any rating is refused (issue 12)
        assertThat(fifth.get("questionText").get("vi").getStringValue()).isEqualTo("Ông/Bà còn điều gì muốn góp ý với cơ quan không?");
        assertThat(fifth.get("timeZone").getStringValue()).isEqualTo("Asia/Ho_Chi_Minh");

        List<Object> ratings = new ArrayList<>();
        reply.json().get("comments").values().forEach(c -> ratings.add(c.get("rating").isNull() ? null : c.get("rating").getDoubleValue()));
        // fifth: its one criterion; third: mean of 4 and 5; second: its overall answer, not its criteria; first: mean of 4 and 2
        assertThat(ratings).containsExactly(2.0, 4.5, 5.0, 3.0);

        Api.Reply procedures = ok("agency=P&question=procedure", admin);
        assertThat(texts(procedures)).containsExactly("Đăng ký kinh doanh");
        assertThat(procedures.json().get("comments").get(0).get("question").getStringValue()).isEqualTo("procedure");
        assertThat(texts(ok("agency=P&question=comment", admin))).containsExactly("fifth", "third", "second", "first");
    }

    @Test
    void communeListsOnlyItsOwn() {
        assertThat(texts(ok("agency=P-1", communeReviewer))).containsExactly("third", "first");
        assertThat(texts(ok("agency=P-1&survey=sipas-2017", admin))).containsExactly("third", "first");
    }

    @Test
    void dateRangeIsInclusive() {
        Api.Reply reply = ok("agency=P&from=2025-03-05&to=2025-03-10", admin);
        assertThat(texts(reply)).containsExactly("third", "second");
        assertThat(reply.json().get("from").getStringValue()).isEqualTo("2025-03-05");
        assertThat(texts(ok("agency=P&from=2025-03-13", admin))).containsExactly("fifth");
        assertThat(texts(ok("agency=P&to=2025-02-28", admin))).isEmpty();
    }

    @Test
    void pagesShareOneTotal() {
        Api.Reply second = ok("agency=P&size=2&page=2", admin);
        assertThat(texts(second)).containsExactly("second", "first");
        assertThat(second.json().get("total").getLongValue()).isEqualTo(4);
        assertThat(texts(ok("agency=P&size=3&page=2", admin))).containsExactly("first");
        Api.Reply beyond = ok("agency=P&size=2&page=9", admin);
        assertThat(texts(beyond)).isEmpty();
        assertThat(beyond.json().get("total").getLongValue()).isEqualTo(4);
    }

    @Test
    void scopeAndAuthentication() {
        assertProblem(api.get(PATH + "?agency=P-2", communeReviewer), 403, "sibling");
        assertProblem(api.get(PATH + "?agency=P", communeReviewer), 403, "province");
        assertProblem(api.get(PATH + "?agency=P", null), 401, "no token");
    }

    @Test
    void badParametersNameTheField() {
        Api.Reply size = api.get(PATH + "?agency=P&size=0", admin);
        assertProblem(size, 400, "size=0");
        assertThat(fields(size)).containsExactly("size");
        assertThat(fields(api.get(PATH + "?agency=P&size=201", admin))).containsExactly("size");
        Api.Reply page = api.get(PATH + "?agency=P&page=abc", admin);
        assertProblem(page, 400, "page=abc");
        assertThat(fields(page)).containsExactly("page");
        Api.Reply agency = api.get(PATH, admin);
        assertProblem(agency, 400, "no agency");
        assertThat(fields(agency)).containsExactly("agency");
        assertThat(fields(api.get(PATH + "?agency=P&from=2025-13-01", admin))).containsExactly("from");
        assertThat(fields(api.get(PATH + "?agency=P&rating=6", admin))).containsExactly("rating");
        Api.Reply question = api.get(PATH + "?agency=P&survey=sipas-2017&question=gender", admin);
        assertProblem(question, 400, "not a text question");
        assertThat(fields(question)).containsExactly("question");
    }

    @Test
    void unknownAgencyOrSurveyIsNotFound() {
        Api.Reply agency = api.get(PATH + "?agency=NOWHERE", admin);
        assertProblem(agency, 404, "unknown agency");
        assertThat(fields(agency)).containsExactly("agency");
        Api.Reply survey = api.get(PATH + "?agency=P&survey=no-such-survey", admin);
        assertProblem(survey, 404, "unknown survey");
        assertThat(fields(survey)).containsExactly("survey");
    }

    private static void assertProblem(Api.Reply reply, int status, String what) {
        assertThat(reply.status()).as(what + " " + reply.body()).isEqualTo(status);
        assertThat(reply.response().getContentType().orElseThrow().toString()).as(what).isEqualTo("application/problem+json");
        assertThat(reply.json().get("status").getIntValue()).as(what).isEqualTo(status);
        assertThat(reply.body()).as(what).doesNotContain("Exception");
    }

    private static List<String> fields(Api.Reply reply) {
        List<String> fields = new ArrayList<>();
        JsonNode errors = reply.json().get("errors");
        if (errors != null && !errors.isNull()) {
            errors.values().forEach(e -> fields.add(e.get("field").getStringValue()));
        }
        return fields;
    }
}
