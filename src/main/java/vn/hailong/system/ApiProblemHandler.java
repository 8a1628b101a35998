package vn.hailong.system;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * A refusal as problem+json for API callers. A 403 met on a page (a province administrator opening
 * an agency or account outside their scope by its address) is shown as the same readable
 * Vietnamese/English "not allowed" page the security filter shows, never as English JSON.
 */
@Singleton
@Produces(Problem.MEDIA_TYPE)
class ApiProblemHandler implements ExceptionHandler<ApiProblemException, MutableHttpResponse<?>> {

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, ApiProblemException exception) {
        if (exception.status() == HttpStatus.FORBIDDEN && !AuthorizationProblemHandler.isApi(request)) {
            return AuthorizationProblemHandler.forbiddenPage();
        }
        var response = Problems.response(exception.status(), exception.getMessage(),
                exception.errors().isEmpty() ? null : exception.errors());
        if (exception.retryAfterSeconds() != null) {
            response.header(io.micronaut.http.HttpHeaders.RETRY_AFTER, Long.toString(exception.retryAfterSeconds()));
        }
        return response;
    }
}
