package vn.hailong.system;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.views.ModelAndView;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * API callers get problem+json 401/403; people on pages are sent to the login page (401)
 * or shown a readable "not allowed" page (403).
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
class AuthorizationProblemHandler implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        boolean forbidden = exception.isForbidden();
        if (isApi(request)) {
            return forbidden
                    ? Problems.response(HttpStatus.FORBIDDEN, "This account may not do this.", null)
                    : Problems.response(HttpStatus.UNAUTHORIZED, "Log in first: send a bearer token.", null)
                            .header("WWW-Authenticate", "Bearer");
        }
        if (!forbidden) {
            String next = URLEncoder.encode(request.getUri().toString(), StandardCharsets.UTF_8);
            return HttpResponse.seeOther(URI.create("/login?next=" + next));
        }
        return HttpResponse.status(HttpStatus.FORBIDDEN)
                .body(new ModelAndView<>("system/forbidden", Map.of()));
    }

    static boolean isApi(HttpRequest<?> request) {
        return request.getPath().startsWith("/api/");
    }
}
