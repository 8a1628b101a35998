package vn.hailong.response;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
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
 * The content hash decides "replay" (200) against "conflict" (409) for a response id stored
 * before (ADR 0001), so it must not change when the code that reads a submission does: a
 * response stored by an older build and sent again must still be a replay. The hash of this
 * fixed submission was computed by the build before submissions became typed (issue 16 §3) and
 * is pinned here.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContentHashPinIT implements DatabaseTest {

    /** sha256 of the canonical form of {@link #body()}, as the JSON-reading build stored it. */
    static final String PINNED = "e25ca463d5d9a0a8e15a44116c66134598b9ccf0a8656328a5cdf5ec799a4a21";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    Api api;

    @BeforeAll
    void tree() {
        api = new Api(client, json);
        String admin = api.adminToken();
        api.agency(admin, "PIN", null);
        api.agency(admin, "PIN-01", "PIN");
    }

    private static Map<String, Object> body() {
        Map<String, Object> answers = new LinkedHashMap<>();
        answers.put("E1.1", 5);
        answers.put("E1.2", 4);
        answers.put("E3.1", null);
        answers.put("improve", List.of("E5", "E3"));
        answers.put("comment", "Cán bộ rất nhiệt tình");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "3F0C2B9E-7A41-4D6E-9B8A-1C2D3E4F5A6B");
        body.put("survey", "sipas-2017");
        body.put("surveyVersion", 1);
        body.put("agency", "PIN-01");
        body.put("channel", "web");
        body.put("language", "vi");
        body.put("startedAt", "2026-11-20T09:10:00+07:00");
        body.put("submittedAt", "2026-11-20T09:16:41.250+07:00");
        body.put("answers", answers);
        return body;
    }

    @Test
    void aResponseStoredBeforeTheTypedReaderIsStillAReplay() {
        Api.Reply first = api.post("/api/v1/responses", body(), null);
        assertThat(first.status()).isEqualTo(201);
        String id = "3f0c2b9e-7a41-4d6e-9b8a-1c2d3e4f5a6b";
        assertThat(Rows.text("SELECT content_hash FROM response WHERE id = '" + id + "'")).isEqualTo(PINNED);

        String before = Rows.submissionState();
        Api.Reply again = api.post("/api/v1/responses", body(), null);

        assertThat(again.status()).as("the same content again is a replay").isEqualTo(200);
        assertThat(Rows.submissionState()).isEqualTo(before);
    }

    /**
     * The phone form builds its submission itself rather than JSON for the reader: the same
     * answers sent afterwards through the API (whose hash is pinned above) are a replay of it, so
     * the two paths hash alike.
     */
    @Test
    void theFormBuildsTheSubmissionTheApiWouldRead() {
        String id = "7d2e4f60-1b3c-4a5d-8e9f-0a1b2c3d4e5f";
        String form = form(List.of("id", id, "version", "1", "startedAt", "2026-11-20T09:10:00+07:00",
                "a.E1.1", "5", "a.E1.2", "4", "a.improve", "E5", "a.improve", "E3", "a.comment", "Cán bộ rất nhiệt tình"));
        Api.Reply page = api.send(api.csrf().form("/s/PIN-01/sipas-2017?lang=vi", form));
        // (this client follows the redirect to the thank-you page)
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Cảm ơn");
        assertThat(Rows.count("SELECT COUNT(*) FROM response WHERE id = '" + id + "' AND channel = 'web'")).isEqualTo(1);
        String before = Rows.submissionState();

        Map<String, Object> body = body();
        body.put("id", id);
        body.remove("submittedAt");
        @SuppressWarnings("unchecked")
        Map<String, Object> answers = (Map<String, Object>) body.get("answers");
        answers.remove("E3.1");
        Api.Reply api = this.api.post("/api/v1/responses", body, null);

        assertThat(api.status()).as("the form's response sent again through the API is a replay").isEqualTo(200);
        assertThat(Rows.submissionState()).isEqualTo(before);
    }

    private static String form(List<String> pairs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i += 2) {
            parts.add(URLEncoder.encode(pairs.get(i), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(pairs.get(i + 1), StandardCharsets.UTF_8));
        }
        return String.join("&", parts);
    }
}
