package vn.hailong.system;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * OpenAPI: the problem+json answers every operation with a JSON body can give before it looks at
 * the content (written by {@code ApiProblemHandler} and the server's size limit): a body that is
 * not JSON, one over {@code micronaut.server.max-request-size}, and another content type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ApiResponse(responseCode = "400", description = "The body is not readable JSON of the expected shape; nothing stored",
        content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "broken JSON", value = """
                {"type": "https://hailong.vn/problems/400", "title": "Bad Request", "status": 400,
                 "detail": "The value of request is not valid.",
                 "errors": [{"field": "request", "message": "The value of request is not valid."}]}""")))
@ApiResponse(responseCode = "413", description = "The body is larger than the server accepts (4 MB by default); nothing stored",
        content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "too large", value = """
                {"type": "https://hailong.vn/problems/413", "title": "Request Entity Too Large", "status": 413,
                 "detail": "The request body has 5242880 bytes; at most 4194304 are accepted."}""")))
@ApiResponse(responseCode = "415", description = "The body is not sent as application/json",
        content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "not JSON", value = """
                {"type": "https://hailong.vn/problems/415", "title": "Unsupported Media Type", "status": 415,
                 "detail": "Content Type [text/plain] not allowed. Allowed types: [application/json]",
                 "errors": [{"field": "request", "message": "Content Type [text/plain] not allowed. Allowed types: [application/json]"}]}""")))
public @interface BodyRefusals {
}
