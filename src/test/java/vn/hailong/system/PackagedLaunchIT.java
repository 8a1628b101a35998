package vn.hailong.system;

import org.junit.jupiter.api.Test;
import vn.hailong.support.AppProcess;
import vn.hailong.support.OwnMariaDb;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar started as operators start it — by {@code deploy/hailong} — in the demo profile
 * ({@code ./mvnw mn:run}'s), twice over the same embedded database:
 * <ul>
 *   <li>the running JVM has every option of {@code deploy/jvm.options}; the first start of a jar
 *       writes the class-data archive when it stops (SIGTERM), the second maps it;</li>
 *   <li>the start-up banner names the kiosk set-up page with a kiosk token that works, the QR
 *       poster and every demo login; after the restart over the same data it prints the same token
 *       again and creates nothing twice;</li>
 *   <li>the demo data has sipas-2017, sipas-2023 and one-stop-rating responses, so every report has data.</li>
 * </ul>
 * Needs no database server: the demo profile's embedded H2 in the process's data folder.
 */
class PackagedLaunchIT {

    static final String BANNER_END = "------------------------------------------------------------------";
    static final Pattern TOKEN = Pattern.compile("(?m)^\\s+(hk_\\S+)\\s*$");

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void launcherOptionsArchiveAndDemoBannerOverTwoStarts() throws Exception {
        try (AppProcess app = AppProcess.startWithLauncher(Map.of("MICRONAUT_ENVIRONMENTS", "demo"))) {
            String jar = app.jar().toString();
            Path archive = Path.of(jar.replaceFirst("\\.jar$", ".jsa"));

            // first start: the options of the file, and the archive to be written at exit
            assertThat(commandLine(app.pid())).contains("@" + Path.of("deploy/jvm.options").toAbsolutePath(), "-jar", jar);
            List<String> first = jvmArguments(app.pid());
            assertThat(first).containsAll(LaunchOptionsTest.options());
            assertThat(first).contains("-XX:ArchiveClassesAtExit=" + archive);
            String banner = awaitBanner(app, 1);
            assertThat(banner).contains("demo data created")
                    .contains(app.uri("/kiosk/setup").toString())
                    .contains(app.uri("/qr/DEMO-X1/sipas-2017").toString())
                    .contains(app.uri("/s/DEMO-X1/sipas-2017").toString())
                    .contains(app.uri("/reports").toString())
                    .contains("admin / demo-admin-2026")
                    .contains("reviewer / demo-reviewer-2026")
                    .contains("reviewer-x1 / demo-reviewer-2026")
                    .contains("entry-1, entry-2 / demo-entry-2026");
            String token = token(banner);
            assertThat(kioskMe(app, token)).as("the printed kiosk token is an enrolled kiosk's").isEqualTo(200);
            assertThat(kioskMe(app, token + "x")).as("a wrong token").isNotEqualTo(200);

            app.terminate();
            assertThat(app.awaitExit(Duration.ofSeconds(180))).as("stopped on SIGTERM").isTrue();
            assertThat(archive).as("class-data archive written at exit").isRegularFile();
            assertThat(Files.size(archive)).isGreaterThan(1_000_000);

            Map<String, Integer> surveys = responsesBySurvey(app.jar().getParent().resolve("data"));
            assertThat(surveys).containsEntry("sipas-2017", 320).containsEntry("sipas-2023", 120);
            assertThat(surveys.getOrDefault("one-stop-rating", 0)).as("one-stop ratings").isGreaterThan(100);

            // second start over the same data: archive mapped, banner with the same token, nothing created again
            app.restart();
            List<String> second = jvmArguments(app.pid());
            assertThat(second).containsAll(LaunchOptionsTest.options()).contains("-XX:SharedArchiveFile=" + archive);
            assertThat(Files.readString(Path.of("/proc/" + app.pid() + "/maps"))).as("archive mapped").contains(archive.toString());
            String again = awaitBanner(app, 2);
            assertThat(again).contains("demo data found").contains(app.uri("/kiosk/setup").toString())
                    .contains("admin / demo-admin-2026");
            assertThat(token(again)).isEqualTo(token);
            assertThat(kioskMe(app, token)).isEqualTo(200);
            assertThat(count(app.log(), "Demo data created")).isEqualTo(1);
            assertThat(app.status("/health")).isEqualTo(200);
        }
    }

    /** The n-th banner in the log (the demo logs it after the server has started), waited for. */
    static String awaitBanner(AppProcess app, int n) {
        Instant deadline = Instant.now().plus(AppProcess.START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            String log = app.log();
            String[] banners = log.split("Hailong demo is running at ", -1);
            if (banners.length > n && banners[n].contains(BANNER_END)) {
                return banners[n].substring(0, banners[n].indexOf(BANNER_END));
            }
            OwnMariaDb.pause(Duration.ofMillis(250));
        }
        throw new AssertionError("no demo banner number " + n + " in the log:\n" + app.logTail());
    }

    static String token(String banner) {
        Matcher m = TOKEN.matcher(banner);
        assertThat(m.find()).as("a kiosk token in the banner:\n" + banner).isTrue();
        return m.group(1);
    }

    int kioskMe(AppProcess app, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(app.uri("/api/v1/kiosk/me")).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static List<String> commandLine(long pid) throws Exception {
        byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
        return Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
    }

    /** The JVM's own arguments, the argument file expanded (what the running VM was given). */
    static List<String> jvmArguments(long pid) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "VM.command_line").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        return Arrays.stream(out.split("\n")).filter(line -> line.startsWith("jvm_args:"))
                .flatMap(line -> Arrays.stream(line.substring("jvm_args:".length()).trim().split("\\s+")))
                .toList();
    }

    static Map<String, Integer> responsesBySurvey(Path dataDir) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("hailong")
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=FALSE", "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT survey_code, COUNT(*) FROM response GROUP BY survey_code")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        }
        return counts;
    }

    static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
