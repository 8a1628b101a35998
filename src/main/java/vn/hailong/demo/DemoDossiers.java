package vn.hailong.demo;

import java.time.Clock;

import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import vn.hailong.dossier.DossierIngest;
import vn.hailong.response.Channel;
import vn.hailong.response.ResponseRecorder;
import vn.hailong.response.Submission;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The demo's dossier-system feed (issue 13): 300 served dossiers of the last 60 days with
 * procedures, counters and officers, about 40 % of them rated by their code, so the demo shows a
 * response rate and has dimensions to break down.
 */
@Singleton
class DemoDossiers {

    private static final String[][] PROCEDURES = {
            {"1.004227", "Đăng ký khai sinh", "Hộ tịch"}, {"1.001193", "Đăng ký kết hôn", "Hộ tịch"},
            {"1.000656", "Đăng ký khai tử", "Hộ tịch"}, {"2.000908", "Chứng thực bản sao từ bản chính", "Chứng thực"},
            {"1.003003", "Đăng ký thường trú", "Cư trú"}, {"1.008004", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Xây dựng"}};
    private static final String[] OFFICERS = {"Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Thu Dung", "Hoàng Đức Em", "Vũ Thị Giang"};

    private final DossierIngest ingest;
    private final ResponseRecorder recorder;

    private final Clock clock;

    DemoDossiers(DossierIngest ingest, ResponseRecorder recorder, Clock clock) {
        this.clock = clock;
        this.ingest = ingest;
        this.recorder = recorder;
    }

    void create(String... communes) {
        Random random = new Random(13);
        ZoneId zone = ZoneId.of("Asia/Ho_Chi_Minh");
        LocalDate today = LocalDate.now(clock.withZone(zone));
        List<JsonNode> items = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String[] p = PROCEDURES[random.nextInt(PROCEDURES.length)];
            LocalDate day = today.minusDays(1 + random.nextInt(60));
            Map<String, JsonNode> d = new LinkedHashMap<>();
            d.put("code", text("DEMO." + day.toString().replace("-", "") + "-" + String.format("%04d", i)));
            d.put("agency", text(communes[i % communes.length]));
            d.put("procedure", JsonNode.createObjectNode(Map.of("code", text(p[0]), "name", text(p[1]))));
            d.put("field", text(p[2]));
            d.put("counter", text("Q" + (1 + random.nextInt(4))));
            int officer = random.nextInt(OFFICERS.length);
            d.put("officer", JsonNode.createObjectNode(Map.of("code", text("cb-" + officer), "name", text(OFFICERS[officer]))));
            d.put("channel", text(random.nextInt(5) == 0 ? "online" : "direct"));
            d.put("receivedAt", text(day.minusDays(2).atTime(8, 0).atZone(zone).toOffsetDateTime().toString()));
            d.put("returnedAt", text(day.atTime(9 + random.nextInt(7), random.nextInt(60)).atZone(zone).toOffsetDateTime().toString()));
            items.add(JsonNode.createObjectNode(d));
        }
        List<DossierIngest.Result> results = ingest.ingest(items, null);
        for (DossierIngest.Result result : results) {
            if (result.ratingCode() != null && random.nextInt(10) < 4) {
                int rating = random.nextInt(10) == 0 ? 1 : 2 + random.nextInt(2);
                Map<String, JsonNode> answers = new LinkedHashMap<>();
                answers.put("rating", JsonNode.createNumberNode(rating));
                if (rating == 1) {
                    answers.put("reason", text("long-wait"));
                }
                recorder.record(Submission.of(UUID.nameUUIDFromBytes(result.ratingCode().getBytes()).toString(), "one-stop-rating", "",
                        Channel.WEB, answers).ratingCode(result.ratingCode()).build(clock), null);
            }
        }
    }

    private static JsonNode text(String value) {
        return JsonNode.createStringNode(value);
    }
}
