package vn.hailong.system;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The site icon at the address browsers try by themselves (/favicon.ico). Pages name
 * /static/favicon.svg in their head; this answers the rest (a JSON or YAML page opened in the
 * browser), so no page logs a 404 for it (issue 12 item 15: that 404 cost Lighthouse points).
 * Chromium and Firefox show an SVG icon whatever its path's extension.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
class FaviconController {

    static final String TYPE = "image/svg+xml";

    private final byte[] icon;

    FaviconController() {
        try (InputStream in = FaviconController.class.getClassLoader().getResourceAsStream("static/favicon.svg")) {
            this.icon = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(value = "/favicon.ico", produces = TYPE)
    HttpResponse<byte[]> favicon() {
        return HttpResponse.ok(icon).contentType(MediaType.of(TYPE)).header("Cache-Control", "public, max-age=86400");
    }
}
