package vn.hailong.demo;

import java.time.Clock;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
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
import vn.hailong.kiosk.KioskEnrolment.EnrolledKiosk;
import vn.hailong.response.Channel;
import vn.hailong.response.ResponseRecorder;
import vn.hailong.response.Submission;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The demo profile's data (`./mvnw mn:run`): a province with two communes, a reviewer for each
 * level, a kiosk, and a few hundred responses recorded through the real submission path.
 * Created once; later starts find it and only print where to go. The demo kiosk's token is kept in
 * the demo's data folder (demo profile only: a real deployment shows a token once, never stores
 * it), so a restart over the same data prints it again while it is still valid.
 */
@Singleton
@Requires(property = "hailong.demo.enabled", value = "true")
class DemoData implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);
    static final String PROVINCE = "DEMO";
    static final String REVIEWER = "reviewer";
    static final String REVIEWER_PASSWORD = "demo-reviewer-2026";
    static final String COMMUNE_REVIEWER = "reviewer-x1";
    /** Two typists of the province (issue 15), so that double keying can be tried: one keys, the other keys again. */
    static final List<String> DATA_ENTRY = List.of("entry-1", "entry-2");
    static final String DATA_ENTRY_PASSWORD = "demo-entry-2026";
    /** application-demo.yml's default; a password set through the environment is never printed. */
    static final String DEMO_ADMIN_PASSWORD = "demo-admin-2026";
    /** In the data folder: "kiosk-id token" of the demo kiosk. */
    static final String TOKEN_FILE = "demo-kiosk-token.txt";

    private final AgencyTree agencies;
    private final AccountRegistry accounts;
    private final KioskEnrolment kiosks;
    private final SurveyCatalog surveys;
    private final ResponseRecorder recorder;

    private final DemoDossiers dossiers;
    private final Path tokenFile;
    private final String adminUsername;
    private final String adminPassword;

    /**
     * The data folder as a path. Its default, {@code ~/.hailong}, is written for H2, which reads a
     * leading {@code ~} as the home folder; Java's Path does not, and the token file landed in a
     * folder literally named "~" under the working directory.
     */
    static Path folder(String dataDir, String home) {
        if (dataDir.equals("~")) {
            return Path.of(home);
        }
        if (dataDir.startsWith("~/") || dataDir.startsWith("~" + java.io.File.separator)) {
            return Path.of(home, dataDir.substring(2));
        }
        return Path.of(dataDir);
    }

    private final Clock clock;

    DemoData(AgencyTree agencies, AccountRegistry accounts, KioskEnrolment kiosks, SurveyCatalog surveys, ResponseRecorder recorder,
             DemoDossiers dossiers, @Value("${hailong.data-dir}") String dataDir,
             @Value("${hailong.admin.username:admin}") String adminUsername,
             @Value("${hailong.admin.password:}") String adminPassword, Clock clock) {
        this.clock = clock;
        this.tokenFile = folder(dataDir, System.getProperty("user.home")).resolve(TOKEN_FILE);
        this.adminUsername = adminUsername;
        this.adminPassword = adminPassword;
        this.dossiers = dossiers;
        this.agencies = agencies;
        this.accounts = accounts;
        this.kiosks = kiosks;
        this.surveys = surveys;
        this.recorder = recorder;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        boolean first = agencies.byCode(PROVINCE).isEmpty();
        if (first) {
            EnrolledKiosk kiosk = create();
            keepToken(kiosk);
        }
        LOG.info(banner(event.getSource().getURL().toString(), first, keptToken()));
    }

    /** The start-up text: every place to go and every demo login; the kiosk token, or how to get one. */
    String banner(String url, boolean created, String kioskToken) {
        String kiosk = kioskToken != null
                ? """
                 Kiosk:          open %1$s/kiosk/setup on the counter's touch screen and enter the kiosk token
                                 %2$s
                                 (Quầy 1 / Counter 1 of DEMO-X1), then %1$s/kiosk""".formatted(url, kioskToken)
                : """
                 Kiosk:          the demo kiosk's token is no longer known (revoked, or a demo older than this
                                 banner). Get one: log in as %2$s at %1$s/admin/kiosks, enrol a kiosk, then enter
                                 its token at %1$s/kiosk/setup on the touch screen (then %1$s/kiosk)""".formatted(url, adminUsername);
        return """

                ------------------------------------------------------------------
                 Hailong demo is running at %1$s (%2$s)
                 Questionnaire:  %1$s/s/DEMO-X1/sipas-2017   (English: add ?lang=en)
                 Also:           %1$s/s/DEMO-X1/sipas-2023 and %1$s/s/DEMO-X1/one-stop-rating (the counter rating)
                 QR poster (A4): %1$s/qr/DEMO-X1/sipas-2017   (print it for the counter)
                %3$s
                 Reports:        %1$s/reports   (comments: /reports/comments, sample targets: /reports/targets)
                 API:            %1$s/api
                 Demo logins (demo profile only, never in a real deployment):
                   %4$s / %5$s   administrator (%1$s/admin)
                   %6$s / %7$s   province reviewer (DEMO)
                   %8$s / %7$s   commune reviewer (DEMO-X1)
                   %9$s, %10$s / %11$s   paper entry (DEMO; %1$s/entry)
                ------------------------------------------------------------------""".formatted(
                url, created ? "demo data created" : "demo data found, as created before", kiosk.stripTrailing(),
                adminUsername, DEMO_ADMIN_PASSWORD.equals(adminPassword) ? adminPassword : "(HAILONG_ADMIN_PASSWORD)",
                REVIEWER, REVIEWER_PASSWORD, COMMUNE_REVIEWER, DATA_ENTRY.get(0), DATA_ENTRY.get(1), DATA_ENTRY_PASSWORD);
    }

    /** The kept token of the demo kiosk while it still is that kiosk's token (not revoked), else null. */
    private String keptToken() {
        try {
            if (!Files.isRegularFile(tokenFile)) {
                return null;
            }
            String[] kept = Files.readString(tokenFile, StandardCharsets.UTF_8).strip().split(" ", 2);
            return kept.length == 2 && kiosks.isTokenOf(Long.parseLong(kept[0]), kept[1]) ? kept[1] : null;
        } catch (IOException | NumberFormatException e) {
            LOG.warn("Demo kiosk token file {} unreadable: {}", tokenFile, e.toString());
            return null;
        }
    }

    private void keepToken(EnrolledKiosk kiosk) {
        try {
            Files.createDirectories(tokenFile.getParent());
            Files.writeString(tokenFile, kiosk.id() + " " + kiosk.token() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("Demo kiosk token not kept in {} (a restart will not show it): {}", tokenFile, e.toString());
        }
    }

    private EnrolledKiosk create() {
        Agency province = agencies.add(agency(PROVINCE, "Tỉnh Minh Họa", "Demo Province", "PROVINCE", null));
        Agency first = agencies.add(agency("DEMO-X1", "Trung tâm Phục vụ hành chính công xã An Hòa",
                "An Hoa Commune Public Service Centre", "COMMUNE", province.id()));
        Agency second = agencies.add(agency("DEMO-X2", "Trung tâm Phục vụ hành chính công phường Bình Minh",
                "Binh Minh Ward Public Service Centre", "WARD", province.id()));
        accounts.create(REVIEWER, REVIEWER_PASSWORD, Role.REVIEWER, province.id());
        accounts.create(COMMUNE_REVIEWER, REVIEWER_PASSWORD, Role.REVIEWER, first.id());
        DATA_ENTRY.forEach(typist -> accounts.create(typist, DATA_ENTRY_PASSWORD, Role.DATA_ENTRY, province.id()));
        EnrolledKiosk kiosk = kiosks.enrol(first, "Quầy 1 / Counter 1");
        Questionnaire sipas = surveys.current("sipas-2017").orElseThrow();
        Random random = new Random(2026);
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Ho_Chi_Minh")));
        for (int i = 0; i < 320; i++) {
            Agency where = i % 5 < 3 ? first : second;
            double mood = where == first ? 0.72 : 0.6;
            // From yesterday back: an office hour of today may still be ahead (refused as in the future).
            Instant when = today.minusDays(1 + random.nextInt(180)).atTime(8 + random.nextInt(9), random.nextInt(60))
                    .atZone(ZoneId.of("Asia/Ho_Chi_Minh")).toInstant();
            recorder.record(response(sipas, where, when, mood, random), null);
        }
        // The 2023 questionnaire too, so its reports have data (a smaller, more recent sample).
        Questionnaire sipas2023 = surveys.current("sipas-2023").orElseThrow();
        for (int i = 0; i < 120; i++) {
            Agency where = i % 2 == 0 ? first : second;
            double mood = where == first ? 0.75 : 0.63;
            Instant when = today.minusDays(1 + random.nextInt(90)).atTime(8 + random.nextInt(9), random.nextInt(60))
                    .atZone(ZoneId.of("Asia/Ho_Chi_Minh")).toInstant();
            recorder.record(response(sipas2023, where, when, mood, random), null);
        }
        dossiers.create(first.code(), second.code());
        LOG.info("Demo data created: province {}, communes {} and {}, 320 sipas-2017 and 120 sipas-2023 responses,"
                + " 300 served dossiers with their one-stop ratings.", province.code(), first.code(), second.code());
        return kiosk;
    }

    private Agency agency(String code, String vi, String en, String kind, Long parent) {
        return new Agency(null, code, vi, en, kind, parent, "Asia/Ho_Chi_Minh", null, null, clock.instant());
    }

    private Submission response(Questionnaire sipas, Agency agency, Instant when, double mood, Random random) {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        for (String code : sipas.scoredCodes()) {
            if (random.nextDouble() < 0.08) {
                answers.put(code, JsonNode.nullNode());
                continue;
            }
            int value = random.nextDouble() < mood ? 4 + random.nextInt(2) : 1 + random.nextInt(3);
            answers.put(code, JsonNode.createNumberNode(value));
        }
        if (sipas.code().equals("sipas-2017") && random.nextDouble() < 0.3) {
            answers.put("improve", JsonNode.createArrayNode(List.of(JsonNode.createStringNode("E" + (1 + random.nextInt(5))))));
        }
        if (random.nextDouble() < 0.15) {
            answers.put("comment", JsonNode.createStringNode(random.nextBoolean()
                    ? "Cán bộ hướng dẫn tận tình." : "Cần thêm ghế ở khu vực chờ."));
        }
        return Submission.of(UUID.randomUUID().toString(), sipas.code(), agency.code(), Channel.WEB, answers)
                .language("vi").submittedAt(when).build(clock);
    }
}
