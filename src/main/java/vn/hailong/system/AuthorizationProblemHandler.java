package vn.hailong.system;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.views.ViewsRenderer;
import io.micronaut.views.ViewsRendererLocator;
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

    private final ViewsRendererLocator views;

    AuthorizationProblemHandler(ViewsRendererLocator views) {
        this.views = views;
    }

    @Override
    @SuppressWarnings("unchecked")
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
        // Rendered here: a response made for a request the security filter refused does not pass the
        // views filter, so a ModelAndView body would be written as JSON and fail (500, not 403).
        return HttpResponse.status(HttpStatus.FORBIDDEN)
                .contentType(MediaType.TEXT_HTML_TYPE)
                .body(views.resolveViewsRenderer("system/forbidden", MediaType.TEXT_HTML, Map.of())
                        .map(renderer -> (Object) ((ViewsRenderer<Object, HttpRequest<?>>) renderer).render("system/forbidden", Map.of(), request))
                        .orElse("Not allowed / Không có quyền truy cập"));
    }

    static boolean isApi(HttpRequest<?> request) {
        return request.getPath().startsWith("/api/");
    }
}
