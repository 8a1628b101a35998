package vn.hailong.system;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import jakarta.inject.Singleton;

/** A form body that is not valid url-encoding (a stray '%', bad hex) is the client's error: 400, not 500. */
@Singleton
@Produces(Problem.MEDIA_TYPE)
class MalformedFormHandler implements ExceptionHandler<HttpPostRequestDecoder.ErrorDataDecoderException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, HttpPostRequestDecoder.ErrorDataDecoderException exception) {
        return Problems.response(HttpStatus.BAD_REQUEST, "The form data is not valid url-encoding.", null);
    }
}
