package vn.hailong.alert;

import io.micronaut.context.MessageSource;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import vn.hailong.system.FieldError;
import vn.hailong.system.Languages;
import vn.hailong.system.Problem;
import vn.hailong.system.Problems;
import vn.hailong.system.RequestLocaleResolver;

import java.util.List;
import java.util.Locale;

/** The API's answer to a refused rule or case action: problem+json naming each field, in the request's language. */
@Singleton
@Produces(Problem.MEDIA_TYPE)
class AlertRefusalHandler implements ExceptionHandler<AlertRefused, HttpResponse<Problem>> {

    private final MessageSource messages;

    AlertRefusalHandler(MessageSource messages) {
        this.messages = messages;
    }

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, AlertRefused refused) {
        Locale locale = Languages.toLocale(RequestLocaleResolver.language(request));
        List<FieldError> errors = refused.refusals().stream()
                .map(r -> new FieldError(r.field(), messages.getMessage(r.key(), locale, r.params()).orElse(r.key())))
                .toList();
        String detail = errors.size() == 1 ? errors.get(0).message() : "The request has invalid fields.";
        return Problems.response(refused.status(), detail, errors);
    }
}
