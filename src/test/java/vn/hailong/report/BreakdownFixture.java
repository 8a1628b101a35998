package vn.hailong.report;

import io.micronaut.json.tree.JsonNode;
import vn.hailong.support.Api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Responses rated by code as an integrator makes them: served dossiers through
 * POST /api/v1/dossiers:batch (procedures with fields, counters and officers in two communes,
 * channels), then one sipas-2017 response per dossier with its rating code.
 */
final class BreakdownFixture {

    private BreakdownFixture() {
    }

    /** What one rated response carried, as this test sent it. */
    record Sent(String agency, String procedure, String field, String counter, String officer, String channel,
                String day, Map<String, Integer> answers) {
    }

    static final Map<String, String> FIELDS = Map.of("1.004227", "Hộ tịch", "1.001193", "Hộ tịch", "2.000488", "Đất đai");
    static final Map<String, String> PROCEDURE_NAMES = Map.of("1.004227", "Đăng ký khai sinh", "1.001193", "Đăng ký kết hôn",
            "2.000488", "Cấp giấy chứng nhận quyền sử dụng đất");

    /**
     * Creates BN with communes BN-X1 and BN-X2, sends {@code count} served dossiers through the batch
     * API and submits a sipas-2017 response with each one's rating code (plus 40 responses without
     * a code in BN-X1), and returns what each rated response carried.
     */
    static List<Sent> feed(Api api, String admin, int count) {
        List<Sent> sent = new ArrayList<>();
        api.agency(admin, "BN", null);
        api.agency(admin, "BN-X1", "BN");
        api.agency(admin, "BN-X2", "BN");
        Random random = new Random(1304);
        List<String> procedures = List.of("1.004227", "1.004227", "1.004227", "1.001193", "2.000488", "");
        List<Map<String, Object>> dossiers = new ArrayList<>();
        List<Sent> planned = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String agency = random.nextInt(3) == 0 ? "BN-X2" : "BN-X1";
            String procedure = procedures.get(random.nextInt(procedures.size()));
            String counter = random.nextInt(4) == 0 ? "Q2" : "Q1";
            String officer = "cb-0" + random.nextInt(3);
            String channel = List.of("direct", "direct", "online", "").get(random.nextInt(4));
            String day = "2026-11-" + (10 + random.nextInt(10));
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("code", "BD-" + i);
            d.put("agency", agency);
            if (!procedure.isEmpty()) {
                d.put("procedure", Map.of("code", procedure, "name", PROCEDURE_NAMES.get(procedure)));
                d.put("field", FIELDS.get(procedure));
            }
            d.put("counter", Map.of("code", counter, "name", "Quầy " + counter.substring(1) + " " + agency));
            d.put("officer", Map.of("code", officer, "name", "Cán bộ " + officer + " " + agency));
            if (!channel.isEmpty()) {
                d.put("channel", channel);
            }
            d.put("returnedAt", day + "T09:00:00+07:00");
            dossiers.add(d);
            Map<String, Integer> answers = new LinkedHashMap<>();
            for (String criterion : Api.SIPAS_CRITERIA) {
                int pick = random.nextInt(8); // 0: not asked, 1: no answer, else a value weighted by the procedure
                if (pick >= 2) {
                    int bias = procedure.equals("2.000488") ? -1 : agency.equals("BN-X2") ? 1 : 0;
                    answers.put(criterion, Math.max(1, Math.min(5, 1 + random.nextInt(5) + bias)));
                } else if (pick == 1) {
                    answers.put(criterion, null);
                }
            }
            answers.put(Api.SIPAS_CRITERIA.get(random.nextInt(Api.SIPAS_CRITERIA.size())), 1 + random.nextInt(5));
            planned.add(new Sent(agency, procedure.isEmpty() ? null : procedure, procedure.isEmpty() ? null : FIELDS.get(procedure),
                    counter, officer, channel.isEmpty() ? null : channel, day, answers));
        }
        Api.Reply batch = api.post("/api/v1/dossiers:batch", Map.of("dossiers", dossiers), admin);
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        JsonNode results = batch.json().get("results");
        for (int i = 0; i < planned.size(); i++) {
            Sent s = planned.get(i);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", UUID.randomUUID().toString());
            body.put("survey", "sipas-2017");
            body.put("channel", "web");
            body.put("language", "vi");
            body.put("submittedAt", s.day() + "T15:00:00+07:00");
            body.put("ratingCode", results.get(i).get("ratingCode").getStringValue());
            body.put("answers", s.answers());
            Api.Reply reply = api.post("/api/v1/responses", body, null);
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
            sent.add(s);
        }
        // Responses without a rating code carry no dimension: no breakdown row counts them.
        for (int i = 0; i < 40; i++) {
            Map<String, Object> plain = Api.submission("BN-X1", Map.of("E1.1", 1, "E2.1", 1));
            plain.put("submittedAt", "2026-11-12T10:00:00+07:00");
            assertThat(api.post("/api/v1/responses", plain, admin).status()).isEqualTo(201);
        }
        return sent;
    }
}
