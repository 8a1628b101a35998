package vn.hailong.demo;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.hailong.account.AccountRegistry;
import vn.hailong.account.Role;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.kiosk.KioskEnrolment;
import vn.hailong.response.ResponseRecorder;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The demo profile's data (`./mvnw mn:run`): a province with two communes, a reviewer for each
 * level, a kiosk, and a few hundred responses recorded through the real submission path.
 * Created once; later starts find it and only print where to go.
 */
@Singleton
@Requires(property = "hailong.demo.enabled", value = "true")
class DemoData implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);
    static final String PROVINCE = "DEMO";
    static final String REVIEWER = "reviewer";
    static final String REVIEWER_PASSWORD = "demo-reviewer-2026";

    private final AgencyTree agencies;
    private final AccountRegistry accounts;
    private final KioskEnrolment kiosks;
    private final SurveyCatalog surveys;
    private final ResponseRecorder recorder;

    private final DemoDossiers dossiers;

    DemoData(AgencyTree agencies, AccountRegistry accounts, KioskEnrolment kiosks, SurveyCatalog surveys, ResponseRecorder recorder,
             DemoDossiers dossiers) {
        this.dossiers = dossiers;
        this.agencies = agencies;
        this.accounts = accounts;
        this.kiosks = kiosks;
        this.surveys = surveys;
        this.recorder = recorder;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        String kioskToken = null;
        if (agencies.byCode(PROVINCE).isEmpty()) {
            kioskToken = create();
        }
        String url = event.getSource().getURL().toString();
        LOG.info("""

                ------------------------------------------------------------------
                 Hailong demo is running at {}
                 Questionnaire:  {}/s/DEMO-X1/sipas-2017   (English: add ?lang=en)
                 Also:           /s/DEMO-X1/sipas-2023 and /s/DEMO-X1/one-stop-rating (the counter rating)
                 Reports:        {}/reports
                 Log in as admin / demo-admin-2026 (demo profile only),
                 or {} / {} (province reviewer).{}
                ------------------------------------------------------------------""",
                url, url, url, REVIEWER, REVIEWER_PASSWORD,
                kioskToken == null ? "" : "\n Demo kiosk token (shown once): " + kioskToken);
    }

    private String create() {
        Agency province = agencies.add(agency(PROVINCE, "Tỉnh Minh Họa", "Demo Province", "PROVINCE", null));
        Agency first = agencies.add(agency("DEMO-X1", "Trung tâm Phục vụ hành chính công xã An Hòa",
                "An Hoa Commune Public Service Centre", "COMMUNE", province.id()));
        Agency second = agencies.add(agency("DEMO-X2", "Trung tâm Phục vụ hành chính công phường Bình Minh",
                "Binh Minh Ward Public Service Centre", "WARD", province.id()));
        accounts.create(REVIEWER, REVIEWER_PASSWORD, Role.REVIEWER, province.id());
        accounts.create("reviewer-x1", REVIEWER_PASSWORD, Role.REVIEWER, first.id());
        String token = kiosks.enrol(first, "Quầy 1 / Counter 1").token();
        Questionnaire sipas = surveys.current("sipas-2017").orElseThrow();
        Random random = new Random(2026);
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));
        for (int i = 0; i < 320; i++) {
            Agency where = i % 5 < 3 ? first : second;
            double mood = where == first ? 0.72 : 0.6;
            Instant when = today.minusDays(random.nextInt(180)).atTime(8 + random.nextInt(9), random.nextInt(60))
                    .atZone(ZoneId.of("Asia/Ho_Chi_Minh")).toInstant();
            recorder.record(response(sipas, where, when, mood, random), null);
        }
        dossiers.create(first.code(), second.code());
        LOG.info("Demo data created: province {}, communes {} and {}, 320 responses, 300 served dossiers.", province.code(),
                first.code(), second.code());
        return token;
    }

    private static Agency agency(String code, String vi, String en, String kind, Long parent) {
        return new Agency(null, code, vi, en, kind, parent, "Asia/Ho_Chi_Minh", null, null, Instant.now());
    }

    private static JsonNode response(Questionnaire sipas, Agency agency, Instant when, double mood, Random random) {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        for (String code : sipas.scoredCodes()) {
            if (random.nextDouble() < 0.08) {
                answers.put(code, JsonNode.nullNode());
                continue;
            }
            int value = random.nextDouble() < mood ? 4 + random.nextInt(2) : 1 + random.nextInt(3);
            answers.put(code, JsonNode.createNumberNode(value));
        }
        if (random.nextDouble() < 0.3) {
            answers.put("improve", JsonNode.createArrayNode(List.of(JsonNode.createStringNode("E" + (1 + random.nextInt(5))))));
        }
        if (random.nextDouble() < 0.15) {
            answers.put("comment", JsonNode.createStringNode(random.nextBoolean()
                    ? "Cán bộ hướng dẫn tận tình." : "Cần thêm ghế ở khu vực chờ."));
        }
        Map<String, JsonNode> body = new LinkedHashMap<>();
        body.put("id", JsonNode.createStringNode(UUID.randomUUID().toString()));
        body.put("survey", JsonNode.createStringNode(sipas.code()));
        body.put("agency", JsonNode.createStringNode(agency.code()));
        body.put("channel", JsonNode.createStringNode("web"));
        body.put("language", JsonNode.createStringNode("vi"));
        body.put("submittedAt", JsonNode.createStringNode(when.atOffset(ZoneOffset.ofHours(7)).toString()));
        body.put("answers", JsonNode.createObjectNode(answers));
        return JsonNode.createObjectNode(body);
    }
}
