package vn.hailong.system;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.core.io.Writable;
import io.micronaut.http.MediaType;
import io.micronaut.views.ViewsRenderer;
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

    private final ViewsRenderer<Map<String, Object>, HttpRequest<?>> views;

    AuthorizationProblemHandler(ViewsRenderer<Map<String, Object>, HttpRequest<?>> views) {
        this.views = views;
    }

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
        // Rendered here rather than left to the views filter: for a refused POST the response
        // carries no route match, the filter passes it by and the view model reached the JSON
        // encoder (a 500 instead of the 403 page).
        Writable page = views.render("system/forbidden", PageModel.of(request), request);
        return HttpResponse.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_HTML_TYPE + ";charset=utf-8").body(page);
    }

    static boolean isApi(HttpRequest<?> request) {
        return request.getPath().startsWith("/api/");
    }
}
