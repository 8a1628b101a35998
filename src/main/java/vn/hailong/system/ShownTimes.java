package vn.hailong.system;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.views.ModelAndView;
import io.micronaut.views.model.ViewModelProcessor;
import jakarta.inject.Singleton;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every moment a page shows, the one way: local time in the zone it belongs to (an agency's own,
 * else the deployment's {@code hailong.default-time-zone}) with the zone named, e.g.
 * "2026-03-01 09:30:00 (Asia/Ho_Chi_Minh)", never a bare UTC instant that reads like local time.
 * Every page model gets {@code times}: {@code ${times.at(instant)}}, {@code ${times.at(instant, zoneId)}}.
 */
@Singleton
public class ShownTimes implements ViewModelProcessor<Map<String, Object>> {

    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final ZoneId defaultZone;

    ShownTimes(@Value("${hailong.default-time-zone:Asia/Ho_Chi_Minh}") String defaultZone) {
        this.defaultZone = ZoneId.of(defaultZone);
    }

    @Override
    public void process(HttpRequest<?> request, ModelAndView<Map<String, Object>> modelAndView) {
        Map<String, Object> model = new HashMap<>(modelAndView.getModel().orElse(Map.of()));
        model.put("times", this);
        modelAndView.setModel(model);
    }

    /** In the deployment's zone (for what belongs to no agency: questionnaire versions, accounts). */
    public String at(@Nullable Instant instant) {
        return at(instant, null);
    }

    /** In {@code zoneId} (an agency's zone); the deployment's when it is blank or unknown. Empty for no instant. */
    public String at(@Nullable Instant instant, @Nullable String zoneId) {
        if (instant == null) {
            return "";
        }
        ZoneId zone = zone(zoneId);
        return LOCAL.format(instant.atZone(zone)) + " (" + zone.getId() + ")";
    }

    private ZoneId zone(@Nullable String zoneId) {
        if (zoneId == null || zoneId.isBlank()) {
            return defaultZone;
        }
        try {
            return ZoneId.of(zoneId);
        } catch (DateTimeException e) {
            return defaultZone;
        }
    }
}
