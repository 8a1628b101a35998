package vn.hailong.report;

import vn.hailong.support.Api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test data for the period comparison and the report document: a province RD with communes RD-1
 * and RD-2 and responses in three quarters — 2026-Q2 (the reported one, mostly satisfied),
 * 2026-Q1 (far less satisfied: the change is well beyond noise) and 2025-Q2 (nearly as satisfied:
 * the change is within noise) — plus comments, one carrying a phone number.
 */
final class ComparisonFixture {

    static final String QUARTER = "2026-Q2";
    static final String[] CURRENT = {"2026-04-01", "2026-06-30"};
    static final String[] PREVIOUS = {"2026-01-01", "2026-03-31"};
    static final String[] YEAR_EARLIER = {"2025-04-01", "2025-06-30"};
    static final String PHONE = "0912345678";

    private ComparisonFixture() {
    }

    static void load(Api api) {
        String admin = api.adminToken();
        api.agency(admin, "RD", null);
        api.agency(admin, "RD-1", "RD");
        api.agency(admin, "RD-2", "RD");
        api.reviewer(admin, "rd-reviewer", "RD");
        api.reviewer(admin, "rd1-reviewer", "RD-1");
        Random random = new Random(15);
        // share of satisfied (4–5) answers per quarter, and the months of each quarter
        load(api, random, new String[]{"2026-04", "2026-05", "2026-06"}, 0.78, 45);
        load(api, random, new String[]{"2026-01", "2026-02", "2026-03"}, 0.50, 40);
        load(api, random, new String[]{"2025-04", "2025-05", "2025-06"}, 0.775, 40);
    }

    private static void load(Api api, Random random, String[] months, double satisfied, int perCommune) {
        List<String> comments = List.of("Cán bộ hướng dẫn tận tình, thủ tục nhanh", "Phòng chờ đông, cần thêm ghế ngồi",
                "Cần gọi lại cho tôi số " + PHONE + " về hồ sơ", "Phí đúng quy định, trả kết quả đúng hẹn");
        for (String agency : List.of("RD-1", "RD-2")) {
            for (int k = 0; k < perCommune; k++) {
                Map<String, Object> answers = new LinkedHashMap<>();
                for (String code : Api.SIPAS_CRITERIA) {
                    if (random.nextInt(8) > 0) {
                        answers.put(code, random.nextDouble() < satisfied ? 4 + random.nextInt(2) : 1 + random.nextInt(3));
                    }
                }
                answers.put("improve", List.of("E" + (1 + random.nextInt(5))));
                if (k % 5 == 0) {
                    answers.put("comment", comments.get((k / 5) % comments.size()));
                }
                Map<String, Object> body = Api.submission(agency, answers);
                body.put("submittedAt", months[k % 3] + "-" + String.format("%02d", 1 + random.nextInt(28)) + "T10:15:00+07:00");
                Api.Reply reply = api.post("/api/v1/responses", body, null);
                assertThat(reply.status()).as(reply.body()).isEqualTo(201);
            }
        }
    }
}
