package vn.hailong.system;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

@Singleton
@Produces(Problem.MEDIA_TYPE)
class ApiProblemHandler implements ExceptionHandler<ApiProblemException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ApiProblemException exception) {
        var response = Problems.response(exception.status(), exception.getMessage(),
                exception.errors().isEmpty() ? null : exception.errors());
        if (exception.retryAfterSeconds() != null) {
            response.header(io.micronaut.http.HttpHeaders.RETRY_AFTER, Long.toString(exception.retryAfterSeconds()));
        }
        return response;
    }
}
