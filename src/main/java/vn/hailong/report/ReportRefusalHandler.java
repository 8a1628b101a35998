package vn.hailong.report;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import vn.hailong.system.Problem;
import vn.hailong.system.Problems;

/** The API's answer to report parameters it cannot use: problem+json naming each parameter and why. */
@Singleton
@Produces(Problem.MEDIA_TYPE)
class ReportRefusalHandler implements ExceptionHandler<ReportParametersRefused, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ReportParametersRefused refused) {
        return Problems.response(refused.status(), refused.getMessage(), refused.errors());
    }
}
