package vn.hailong.system;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * The one edge where a {@link Refusal} (or a controller's {@link ApiProblemException}) becomes
 * problem+json for API callers: the status from {@link RefusalStatus}, the English detail and the
 * refused fields. A 403 met on a page (a province administrator opening an agency or account
 * outside their scope by its address) is shown as the same readable Vietnamese/English "not
 * allowed" page the security filter shows, never as English JSON.
 */
@Singleton
@Produces(Problem.MEDIA_TYPE)
class ApiProblemHandler implements ExceptionHandler<Refusal, MutableHttpResponse<?>> {

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, Refusal refusal) {
        HttpStatus status = RefusalStatus.of(refusal);
        if (status == HttpStatus.FORBIDDEN && !AuthorizationProblemHandler.isApi(request)) {
            return AuthorizationProblemHandler.forbiddenPage();
        }
        var response = Problems.response(refusal);
        if (refusal.retryAfterSeconds() != null) {
            response.header(io.micronaut.http.HttpHeaders.RETRY_AFTER, Long.toString(refusal.retryAfterSeconds()));
        }
        return response;
    }
}
