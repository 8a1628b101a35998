package vn.hailong.report;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.Api;
import vn.hailong.support.DatabaseTest;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * sipas-2023 in the satisfaction report: parts (a) opinions and (c) expectations come back as
 * shares of answers (the {@code choices} list), equal to a recomputation here from what was
 * posted; the index is computed from part (b), the five elements, alone.
 *
 * <p>Seeded-random responses over a small tree (province Q, communes, centre Q-1-A
 * under Q-1), some outside the date range, some answering only parts (a) and (c), plus sipas-2017
 * responses in the same agencies that must not count.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Sipas2023ReportIT implements DatabaseTest {

    static final String SURVEY = "sipas-2023";
    static final LocalDate FROM = LocalDate.of(2026, 3, 1);
    static final LocalDate TO = LocalDate.of(2026, 4, 30);
    static final Map<String, List<String>> ELEMENTS = new LinkedHashMap<>();
    /** Choice questions of sipas-2023 with their options, in template order; expectations is the multi-choice. */
    static final Map<String, List<String>> CHOICES = new LinkedHashMap<>();

    static {
        ELEMENTS.put("E1", List.of("E1.1", "E1.2", "E1.3", "E1.4", "E1.5"));
        ELEMENTS.put("E2", List.of("E2.1", "E2.2", "E2.3", "E2.4", "E2.5"));
        ELEMENTS.put("E3", List.of("E3.1", "E3.2", "E3.3", "E3.4", "E3.5", "E3.6"));
        ELEMENTS.put("E4", List.of("E4.1", "E4.2", "E4.3"));
        ELEMENTS.put("E5", List.of("E5.1", "E5.2", "E5.3", "E5.4"));
        CHOICES.put("harassment", List.of("none", "some", "many"));
        CHOICES.put("informalPayment", List.of("no", "yes", "undisclosed"));
        CHOICES.put("submission", List.of("in-person", "online", "post"));
        CHOICES.put("expectations", List.of("information", "simpler-procedures", "faster", "lower-fees", "online-services",
                "staff-attitude", "staff-skills", "facilities", "feedback", "other"));
    }

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    HttpClient client;
    HttpClient noRedirects;
    Api api;
    String admin;
    final List<Sent> sent = new ArrayList<>();

    /** One posted sipas-2023 response: where, which local date, and its answers as posted. */
    record Sent(String agency, LocalDate date, Map<String, Object> answers) {
    }

    @BeforeAll
    void data() {
        client = HttpClient.create(server.getURL());
        api = new Api(client, json);
        admin = api.adminToken();
        api.agency(admin, "Q", null);
        api.agency(admin, "Q-1", "Q");
        api.agency(admin, "Q-2", "Q");
        api.agency(admin, "Q-1-A", "Q-1");
        api.agency(admin, "ONLY-AC", null);
        List<String> agencies = List.of("Q", "Q-1", "Q-2", "Q-1-A");
        Random random = new Random(1001_2023L);
        for (int i = 0; i < 260; i++) {
            String agency = agencies.get(random.nextInt(agencies.size()));
            // mostly March-April; about one in eight in February or May, outside the range
            LocalDate date = random.nextInt(8) == 0
                    ? (random.nextBoolean() ? FROM.minusDays(1 + random.nextInt(20)) : TO.plusDays(1 + random.nextInt(20)))
                    : FROM.plusDays(random.nextInt(61));
            post(agency, date, answers(random, random.nextInt(10) > 0));
        }
        // Only parts (a) and (c) and the overall question: these count as responses, never in the index.
        for (int i = 0; i < 12; i++) {
            post("ONLY-AC", FROM.plusDays(i), answers(random, false));
        }
        // sipas-2017 responses in the same agencies: another survey code, not in these reports.
        for (int i = 0; i < 15; i++) {
            Map<String, Object> answers = new LinkedHashMap<>();
            answers.put("E1.1", 1 + random.nextInt(5));
            answers.put("improve", List.of("E1"));
            answers.put("gender", "female");
            Map<String, Object> body = Api.submission(agencies.get(i % agencies.size()), answers);
            body.put("channel", "paper");
            body.put("submittedAt", OffsetDateTime.of(FROM.plusDays(i).atTime(10, 0), ZoneOffset.ofHours(7)).toString());
            assertThat(api.post("/api/v1/responses", body, admin).status()).isEqualTo(201);
        }
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setFollowRedirects(false);
        noRedirects = HttpClient.create(server.getURL(), configuration);
    }

    @AfterAll
    void close() {
        client.close();
        noRedirects.close();
    }

    @Test
    void choicesOfTheProvinceInTheRangeAreSharesOfThoseWhoAnswered() {
        JsonNode report = report("Q", FROM, TO);
        List<Sent> scope = scope(Set.of("Q", "Q-1", "Q-2", "Q-1-A"), FROM, TO);

        assertThat(report.get("responses").getLongValue()).isEqualTo(scope.size());
        assertChoices(report, scope);
        JsonNode harassment = OneStopRatingIT.choice(report, "harassment");
        assertThat(harassment.get("section").getStringValue()).isEqualTo("opinions");
        assertThat(harassment.get("text").get("vi").getStringValue()).contains("phiền hà");
        assertThat(harassment.get("options").get(0).get("label").get("en").getStringValue()).isEqualTo("No");
        assertThat(OneStopRatingIT.choice(report, "expectations").get("section").getStringValue()).isEqualTo("expectations");
    }

    @Test
    void choicesOfACommuneIncludeItsCentreOverTheWholeHistory() {
        JsonNode report = report("Q-1", null, null);
        List<Sent> scope = scope(Set.of("Q-1", "Q-1-A"), null, null);

        assertThat(report.get("responses").getLongValue()).isEqualTo(scope.size());
        assertChoices(report, scope);
    }

    @Test
    void theIndexIsComputedFromTheFiveElementsAlone() {
        JsonNode report = report("Q", FROM, TO);
        List<Sent> scope = scope(Set.of("Q", "Q-1", "Q-2", "Q-1-A"), FROM, TO);

        List<String> elementCodes = new ArrayList<>();
        List<Double> elementIndexes = new ArrayList<>();
        for (JsonNode element : report.get("elements").values()) {
            String code = element.get("code").getStringValue();
            elementCodes.add(code);
            List<String> criteria = new ArrayList<>();
            List<Double> criterionIndexes = new ArrayList<>();
            for (JsonNode criterion : element.get("criteria").values()) {
                String k = criterion.get("code").getStringValue();
                criteria.add(k);
                long n = scope.stream().filter(s -> s.answers().get(k) instanceof Integer).count();
                long satisfied = scope.stream().filter(s -> s.answers().get(k) instanceof Integer v && v >= 4).count();
                assertThat(criterion.get("answers").getLongValue()).as(k).isEqualTo(n);
                assertThat(criterion.get("satisfied").getLongValue()).as(k).isEqualTo(satisfied);
                double index = 100.0 * satisfied / n;
                assertThat(criterion.get("index").getDoubleValue()).as(k).isCloseTo(index, within(0.001));
                criterionIndexes.add(index);
            }
            assertThat(criteria).as(code).containsExactlyElementsOf(ELEMENTS.get(code));
            double elementIndex = criterionIndexes.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertThat(element.get("index").getDoubleValue()).as(code).isCloseTo(elementIndex, within(0.001));
            elementIndexes.add(elementIndex);
        }
        assertThat(elementCodes).containsExactlyElementsOf(ELEMENTS.keySet());
        double expected = elementIndexes.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(report.get("index").getDoubleValue()).isCloseTo(expected, within(0.001));
        // overall is reported beside the index, and nothing of parts (a) or (c) is a scale figure
        List<String> questions = new ArrayList<>();
        report.get("questions").values().forEach(q -> questions.add(q.get("code").getStringValue()));
        assertThat(questions).containsExactly("overall");
    }

    @Test
    void responsesWithOnlyOpinionsAndExpectationsHaveNoIndex() {
        JsonNode report = report("ONLY-AC", null, null);
        List<Sent> scope = scope(Set.of("ONLY-AC"), null, null);

        assertThat(report.get("responses").getLongValue()).isEqualTo(12);
        assertThat(noValue(report.get("index"))).as("no part (b) answer, no index").isTrue();
        report.get("elements").values().forEach(e -> assertThat(noValue(e.get("index"))).as(e.get("code").getStringValue()).isTrue());
        assertThat(scope.stream().filter(s -> s.answers().containsKey("overall")).count()).isPositive();
        assertThat(report.get("questions").get(0).get("answers").getLongValue())
                .isEqualTo(scope.stream().filter(s -> s.answers().get("overall") != null).count());
        assertChoices(report, scope);
        assertThat(OneStopRatingIT.choice(report, "harassment").get("answered").getLongValue()).isPositive();
    }

    @Test
    void theReportPageShowsEveryChoiceAsATable() {
        String cookie = adminCookie();
        Api.Reply page = api.send(HttpRequest.GET("/reports?agency=Q&survey=sipas-2023&from=" + FROM + "&to=" + TO + "&lang=en")
                .header("Cookie", cookie));
        JsonNode report = report("Q", FROM, TO);

        assertThat(page.status()).isEqualTo(200);
        String html = page.body();
        assertThat(html).contains("id=\"choices\"").contains("Other questions: shares of answers");
        for (String code : CHOICES.keySet()) {
            JsonNode choice = OneStopRatingIT.choice(report, code);
            assertThat(html).contains("id=\"choice-" + code + "\"");
            for (JsonNode option : choice.get("options").values()) {
                String id = "id=\"choice-" + code + "-" + option.get("code").getStringValue() + "\"";
                int start = html.indexOf(id);
                assertThat(start).as(id).isPositive();
                String row = html.substring(start, html.indexOf("</tr>", start));
                assertThat(row).contains(">" + option.get("label").get("en").getStringValue() + "<")
                        .contains(">" + option.get("count").coerceStringValue() + "<")
                        .contains(">" + String.format(Locale.ROOT, "%.2f", option.get("share").getDoubleValue()) + "<");
            }
        }
        assertThat(html).contains("(needs and expectations)").contains("(opinions)");

        // without a survey chosen the page opens on sipas-2017, the configured default
        Api.Reply defaultPage = api.send(HttpRequest.GET("/reports?agency=Q").header("Cookie", cookie));
        assertThat(defaultPage.status()).isEqualTo(200);
        assertThat(defaultPage.body()).containsPattern("<option value=\"sipas-2017\" selected=\"selected\">");
    }

    // --- expected values, from what was posted ---

    /** Each choice of the report equals the shares recomputed over {@code scope}. */
    private static void assertChoices(JsonNode report, List<Sent> scope) {
        List<String> codes = new ArrayList<>();
        report.get("choices").values().forEach(c -> codes.add(c.get("code").getStringValue()));
        assertThat(codes).as("choice and multi-choice questions only, in template order").containsExactlyElementsOf(CHOICES.keySet());
        for (Map.Entry<String, List<String>> question : CHOICES.entrySet()) {
            String code = question.getKey();
            List<List<String>> picks = new ArrayList<>();
            for (Sent s : scope) {
                Object answer = s.answers().get(code);
                if (answer instanceof String one) {
                    picks.add(List.of(one));
                } else if (answer instanceof List<?> many && !many.isEmpty()) {
                    picks.add(many.stream().map(String::valueOf).toList());
                }
            }
            JsonNode choice = OneStopRatingIT.choice(report, code);
            assertThat(choice.get("answered").getLongValue()).as(code + " answered").isEqualTo(picks.size());
            List<String> options = new ArrayList<>();
            for (JsonNode option : choice.get("options").values()) {
                String value = option.get("code").getStringValue();
                options.add(value);
                long count = picks.stream().filter(p -> p.contains(value)).count();
                assertThat(option.get("count").getLongValue()).as(code + " " + value).isEqualTo(count);
                if (picks.isEmpty()) {
                    assertThat(noValue(option.get("share"))).as(code + " " + value + " share").isTrue();
                } else {
                    assertThat(option.get("share").getDoubleValue()).as(code + " " + value + " share")
                            .isCloseTo(100.0 * count / picks.size(), within(0.001));
                }
            }
            assertThat(options).as(code + " options").containsExactlyElementsOf(question.getValue());
        }
    }

    /** A figure without a value: null, or left out of the JSON. */
    private static boolean noValue(JsonNode node) {
        return node == null || node.isNull();
    }

    private List<Sent> scope(Set<String> agencies, LocalDate from, LocalDate to) {
        Predicate<Sent> inRange = s -> (from == null || !s.date().isBefore(from)) && (to == null || !s.date().isAfter(to));
        return sent.stream().filter(s -> agencies.contains(s.agency())).filter(inRange).toList();
    }

    // --- data ---

    /** Random answers; part (b) only when {@code withCriteria}. Values a citizen leaves out are absent or null. */
    private static Map<String, Object> answers(Random random, boolean withCriteria) {
        Map<String, Object> answers = new LinkedHashMap<>();
        if (withCriteria) {
            for (List<String> criteria : ELEMENTS.values()) {
                for (String criterion : criteria) {
                    int roll = random.nextInt(10);
                    if (roll < 7) {
                        // skewed towards satisfied, as real answers are
                        answers.put(criterion, Math.min(5, 1 + random.nextInt(5) + random.nextInt(2)));
                    } else if (roll == 7) {
                        answers.put(criterion, null);
                    }
                }
            }
        }
        for (String code : List.of("harassment", "informalPayment", "submission")) {
            int roll = random.nextInt(10);
            if (roll < 8) {
                List<String> options = CHOICES.get(code);
                // most people say "none"/"no"/"in person"
                answers.put(code, options.get(random.nextInt(3) == 0 ? random.nextInt(options.size()) : 0));
            } else if (roll == 8) {
                answers.put(code, null);
            }
        }
        int expectations = random.nextInt(5); // 0: not answered; 1: an empty list (= not answered); 2-4: 1-3 picks
        if (expectations == 1) {
            answers.put("expectations", List.of());
        } else if (expectations > 1) {
            List<String> options = new ArrayList<>(CHOICES.get("expectations"));
            Collections.shuffle(options, random);
            answers.put("expectations", List.copyOf(options.subList(0, expectations - 1)));
        }
        if (random.nextInt(10) < 6) {
            answers.put("overall", 1 + random.nextInt(5));
        }
        if (random.nextInt(6) == 0) {
            answers.put("comment", "Mong cơ quan giải quyết nhanh hơn");
        }
        if (answers.values().stream().noneMatch(v -> v instanceof Integer)) {
            answers.put("overall", 1 + random.nextInt(5)); // a response rated on no scale is refused (issue 12)
        }
        return answers;
    }

    private void post(String agency, LocalDate date, Map<String, Object> answers) {
        Map<String, Object> body = Api.submission(agency, answers);
        body.put("survey", SURVEY);
        body.put("channel", "paper"); // typed in by staff: admin token, no per-client rate limit
        body.put("submittedAt", OffsetDateTime.of(date.atTime(9 + (int) (sent.size() % 8), 30), ZoneOffset.ofHours(7)).toString());
        Api.Reply reply = api.post("/api/v1/responses", body, admin);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        sent.add(new Sent(agency, date, answers));
    }

    private JsonNode report(String agency, LocalDate from, LocalDate to) {
        String range = (from == null ? "" : "&from=" + from) + (to == null ? "" : "&to=" + to);
        Api.Reply reply = api.get("/api/v1/reports/satisfaction?agency=" + agency + "&survey=" + SURVEY + range, admin);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private String adminCookie() {
        var response = noRedirects.toBlocking().exchange(api.csrf().form("/login",
                        "username=" + ADMIN + "&password=" + ADMIN_PASSWORD + "&next=/reports")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE), String.class);
        assertThat(response.code()).isEqualTo(303);
        return response.getHeaders().get("Set-Cookie").split(";")[0];
    }
}
