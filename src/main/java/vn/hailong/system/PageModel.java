package vn.hailong.system;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;

import java.util.HashMap;
import java.util.Map;

/** The model every page starts from: its language, the other language for the switch, its path. */
public final class PageModel {

    private PageModel() {
    }

    public static Map<String, Object> of(HttpRequest<?> request) {
        String lang = RequestLocaleResolver.language(request);
        Map<String, Object> model = new HashMap<>();
        model.put("lang", lang);
        model.put("otherLang", "vi".equals(lang) ? "en" : "vi");
        model.put("path", request.getPath());
        // The site navigation shows the administration link to administrators only.
        model.put("isAdmin", request.getUserPrincipal(Authentication.class)
                .map(a -> a.getRoles().contains("ADMIN")).orElse(false));
        // ... and the paper entry link to those who may key paper sheets (issue 15).
        model.put("mayEnter", request.getUserPrincipal(Authentication.class)
                .map(a -> a.getRoles().contains("ADMIN") || a.getRoles().contains("DATA_ENTRY")).orElse(false));
        return model;
    }
}
