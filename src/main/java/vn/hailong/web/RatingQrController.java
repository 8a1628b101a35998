package vn.hailong.web;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.dossier.RatingCodeGuard;
import vn.hailong.dossier.RatingCodes;
import vn.hailong.system.PageModel;

/** {@code /qr/r/{ratingCode}.png}: the receipt's QR code, linking to {@code /r/{ratingCode}}. */
@Controller("/qr/r")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class RatingQrController {

    private final RatingCodes codes;
    private final PublicLinks links;
    private final RatingCodeGuard guard;

    RatingQrController(RatingCodes codes, PublicLinks links, RatingCodeGuard guard) {
        this.codes = codes;
        this.links = links;
        this.guard = guard;
    }

    @Get("/{code}.png")
    HttpResponse<?> png(String code, HttpRequest<?> request) {
        var wait = guard.retryAfterSeconds(request);
        if (wait.isPresent()) {
            return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, Long.toString(wait.getAsLong()));
        }
        var dossier = codes.find(code);
        if (dossier.isEmpty()) {
            guard.miss(request);
            return HttpResponse.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML_TYPE)
                    .body(new ModelAndView<>("web/rating-unknown", PageModel.of(request)));
        }
        String grouped = RatingCodes.grouped(RatingCodes.normalize(code).orElseThrow());
        // A used code still shows its QR (the receipt is printed once): the page then says "already rated".
        return HttpResponse.ok(QrCodes.png(links.rating(request, grouped))).contentType("image/png")
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=86400");
    }
}
