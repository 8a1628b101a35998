package vn.hailong.system;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.http.MediaType;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

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
        // Plain HTML, not a view: a refusal by the security filter happens before (outside) the view
        // rendering, where a ModelAndView would not be rendered at all (it became a 500).
        return forbiddenPage();
    }

    /** The bilingual "not allowed" page, for a 403 on any page (also from a scope check inside a controller). */
    static MutableHttpResponse<String> forbiddenPage() {
        return HttpResponse.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_HTML + ";charset=utf-8").body(FORBIDDEN_PAGE);
    }

    private static final String FORBIDDEN_PAGE = readPage("views/system/forbidden.html");

    private static String readPage(String resource) {
        try (java.io.InputStream in = AuthorizationProblemHandler.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(" xmlns:th=\"http://www.thymeleaf.org\"", "");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static boolean isApi(HttpRequest<?> request) {
        return request.getPath().startsWith("/api/");
    }
}
