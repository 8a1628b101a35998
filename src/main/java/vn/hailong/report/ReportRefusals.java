package vn.hailong.report;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import vn.hailong.system.Problem;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * OpenAPI: what every report operation answers to parameters it cannot use, as {@link ReportParameters}
 * and {@link ReportAccess} refuse them (403 outside the caller's scope comes with
 * {@code TokenRefusals}). One place for the report controllers; an operation that refuses more
 * (a 422 of its own) adds it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ApiResponse(responseCode = "400", description = "A parameter missing or not readable (a date not YYYY-MM-DD, a page size out of range), each named",
        content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad parameters", value = """
                {"type": "https://hailong.vn/problems/400", "title": "Bad Request", "status": 400, "detail": "Some parameters are invalid.",
                 "errors": [{"field": "survey", "message": "is required (a survey code such as sipas-2017)"},
                            {"field": "from", "message": "must be a date YYYY-MM-DD"}]}""")))
@ApiResponse(responseCode = "404", description = "No agency or survey with the code given",
        content = @Content(mediaType = Problem.MEDIA_TYPE, examples = {
                @ExampleObject(name = "no such agency", value = """
                        {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "No agency with code 'BN-X9'.",
                         "errors": [{"field": "agency", "message": "No agency with code 'BN-X9'."}]}"""),
                @ExampleObject(name = "no such survey", value = """
                        {"type": "https://hailong.vn/problems/404", "title": "Not Found", "status": 404, "detail": "No survey with code 'sipas-2019'.",
                         "errors": [{"field": "survey", "message": "No survey with code 'sipas-2019'."}]}""")}))
@interface ReportRefusals {
}
