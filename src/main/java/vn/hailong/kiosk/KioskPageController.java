package vn.hailong.kiosk;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.system.Languages;
import vn.hailong.system.PageModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The kiosk's pages. The page itself is public and holds no data: the kiosk's token lives in the
 * kiosk browser (set once by staff on /kiosk/setup) and the page's script uses it for the API.
 * Both languages' texts are embedded so the citizen can switch at any time, even offline.
 */
@Controller("/kiosk")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class KioskPageController {

    static final String MESSAGE_PREFIX = "kiosk.";
    /** The "are you still there?" countdown before an idle reset: the overlay says "10 giây". */
    static final int WARNING_SECONDS = 10;

    private final ObjectMapper json;
    private final int idleSeconds;
    private final int thanksSeconds;
    private final int heartbeatSeconds;
    private final Map<String, Map<String, String>> texts;
    private final String serviceWorker;

    KioskPageController(ObjectMapper json,
                        @Value("${hailong.kiosk.idle-seconds:60}") int idleSeconds,
                        @Value("${hailong.kiosk.thanks-seconds:6}") int thanksSeconds,
                        @Value("${hailong.kiosk.heartbeat-seconds:60}") int heartbeatSeconds) {
        this.json = json;
        this.heartbeatSeconds = heartbeatSeconds;
        this.idleSeconds = idleSeconds;
        this.thanksSeconds = thanksSeconds;
        this.texts = new LinkedHashMap<>();
        for (String language : Languages.SUPPORTED) {
            texts.put(language, kioskTexts(language));
        }
        try (InputStream in = KioskPageController.class.getClassLoader().getResourceAsStream("static/js/kiosk-sw.js")) {
            this.serviceWorker = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(produces = MediaType.TEXT_HTML)
    HttpResponse<?> kiosk(HttpRequest<?> request) throws IOException {
        Map<String, Object> model = PageModel.of(request);
        model.put("texts", json.writeValueAsString(texts));
        model.put("idleSeconds", idleSeconds);
        // Half the idle time at most, so a very short idle time (tests, trials) still shows the warning.
        model.put("warningSeconds", Math.max(1, Math.min(WARNING_SECONDS, idleSeconds / 2)));
        model.put("thanksSeconds", thanksSeconds);
        model.put("heartbeatSeconds", heartbeatSeconds);
        // no-store: the browser must never keep a copy of a page a citizen filled in (back button).
        return HttpResponse.ok(new ModelAndView<>("kiosk/kiosk", model)).header("Cache-Control", "no-store");
    }

    @Get(value = "/setup", produces = MediaType.TEXT_HTML)
    HttpResponse<?> setup(HttpRequest<?> request) {
        return HttpResponse.ok(new ModelAndView<>("kiosk/setup", PageModel.of(request))).header("Cache-Control", "no-store");
    }

    /** The service worker must be served from /kiosk/ to control the kiosk pages. */
    @Get(value = "/sw.js", produces = "text/javascript")
    HttpResponse<String> serviceWorker() {
        return HttpResponse.ok(serviceWorker)
                .contentType(MediaType.of("text/javascript;charset=utf-8")).header("Cache-Control", "no-cache")
                // The worker lives at /kiosk/sw.js but must also control the page /kiosk itself.
                .header("Service-Worker-Allowed", "/kiosk");
    }

    /** The kiosk.* keys of one language's bundle, without the prefix. */
    private static Map<String, String> kioskTexts(String language) {
        Properties properties = new Properties();
        String file = "i18n/messages_" + language + ".properties";
        try (InputStream in = KioskPageController.class.getClassLoader().getResourceAsStream(file)) {
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> result = new java.util.TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(MESSAGE_PREFIX)) {
                result.put(key.substring(MESSAGE_PREFIX.length()), properties.getProperty(key));
            }
        }
        return result;
    }
}
