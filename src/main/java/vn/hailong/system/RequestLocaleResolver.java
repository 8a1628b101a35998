package vn.hailong.system;

import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.server.util.locale.HttpLocaleResolver;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Optional;

/**
 * Vietnamese first, English too: {@code ?lang=} wins, then the language cookie set by the
 * switcher, then the browser's Accept-Language; anything else falls back to Vietnamese.
 */
@Singleton
public class RequestLocaleResolver implements HttpLocaleResolver {

    public static final String COOKIE = "hailong_lang";
    public static final Locale VIETNAMESE = Locale.forLanguageTag("vi");

    @Override
    public @NonNull Optional<Locale> resolve(@NonNull HttpRequest<?> request) {
        return Optional.of(Languages.toLocale(language(request)));
    }

    @Override
    public @NonNull Locale resolveOrDefault(@NonNull HttpRequest<?> request) {
        return Languages.toLocale(language(request));
    }

    public static String language(HttpRequest<?> request) {
        String query = request.getParameters().get("lang");
        if (Languages.isSupported(query)) {
            return query;
        }
        Optional<Cookie> cookie = request.getCookies().findCookie(COOKIE);
        if (cookie.isPresent() && Languages.isSupported(cookie.get().getValue())) {
            return cookie.get().getValue();
        }
        for (Locale locale : request.getHeaders().findAcceptLanguage().stream().toList()) {
            if (Languages.isSupported(locale.getLanguage())) {
                return locale.getLanguage();
            }
        }
        return Languages.DEFAULT;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
