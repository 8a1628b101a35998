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
 * OpenAPI: the 401 and 403 problem+json answers of every operation that needs a bearer token
 * (written by {@code AuthorizationProblemHandler}), on a controller or one operation. One place,
 * so each controller does not repeat them. A controller carrying it must list its own success
 * answers: class-level answers replace the one the generator would otherwise add.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ApiResponse(responseCode = "401", description = "No token, or an expired or revoked one (header WWW-Authenticate: Bearer)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "no token", value = """
                {"type": "https://hailong.vn/problems/401", "title": "Unauthorized", "status": 401,
                 "detail": "Log in first: send a bearer token."}""")))
@ApiResponse(responseCode = "403", description = "The token's role may not call this operation, or the agency it names is outside the account's scope",
        content = @Content(mediaType = Problem.MEDIA_TYPE, examples = {
                @ExampleObject(name = "wrong role", value = """
                        {"type": "https://hailong.vn/problems/403", "title": "Forbidden", "status": 403,
                         "detail": "This account may not do this."}"""),
                @ExampleObject(name = "outside scope", value = """
                        {"type": "https://hailong.vn/problems/403", "title": "Forbidden", "status": 403,
                         "detail": "Your account may not see reports of HN-HK.",
                         "errors": [{"field": "agency", "message": "Your account may not see reports of HN-HK."}]}""")}))
public @interface TokenRefusals {
}
