package vn.hailong.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

/**
 * Whether cookies get the {@code Secure} flag and responses HSTS. {@code hailong.https}:
 * {@code auto} (default) = when this request came over TLS; {@code true} = always (the app sits
 * behind a TLS-terminating proxy, where it sees plain HTTP); {@code false} = never (local tests).
 */
@Singleton
public class CookieSecurity {

    private final String mode;

    CookieSecurity(@Value("${hailong.https:auto}") String mode) {
        this.mode = mode.strip().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean secure(HttpRequest<?> request) {
        return switch (mode) {
            case "true" -> true;
            case "false" -> false;
            default -> request.isSecure();
        };
    }
}
