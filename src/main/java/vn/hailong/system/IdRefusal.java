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
 * OpenAPI: the 400 an operation with a numeric {@code {id}} in its path answers when the id is not a
 * whole number (the framework's conversion error, worded by {@code ApiProblemHandler}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ApiResponse(responseCode = "400", description = "The id in the path is not a whole number",
        content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "id not a number", value = """
                {"type": "https://hailong.vn/problems/400", "title": "Bad Request", "status": 400,
                 "detail": "'abc' is not a valid value for id.",
                 "errors": [{"field": "id", "message": "'abc' is not a valid value for id."}]}""")))
public @interface IdRefusal {
}
