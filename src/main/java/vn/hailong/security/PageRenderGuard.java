package vn.hailong.security;

import io.micronaut.core.io.Writable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.StringWriter;
import java.util.Optional;

/**
 * Renders each page completely before the first byte goes out. The views module otherwise renders
 * while writing the response: a template error then happens after the status line was sent, and
 * the only thing left to do is to drop the connection. Rendered here, an error becomes a plain
 * 500 page without any detail (the cause goes to the log), and the headers stay correct.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class PageRenderGuard implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(PageRenderGuard.class);

    static final String ERROR_PAGE = """
            <!DOCTYPE html>
            <html lang="vi"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>500</title><link rel="stylesheet" href="/static/css/hailong.css"></head>
            <body><main class="page">
            <h1 lang="vi">Đã có lỗi trên máy chủ</h1><p lang="vi">Xin thử lại sau ít phút.</p>
            <h2 lang="en">Something went wrong on the server</h2><p lang="en">Please try again in a few minutes.</p>
            <p><a href="/">Hailong</a></p>
            </main></body></html>
            """;

    @ResponseFilter
    MutableHttpResponse<?> renderNow(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Optional<?> body = response.getBody();
        if (body.isEmpty() || !(body.get() instanceof Writable page)) {
            return response;
        }
        StringWriter out = new StringWriter(16 * 1024);
        try {
            page.writeTo(out);
        } catch (Exception | StackOverflowError e) {
            LOG.error("Rendering the page for {} {} failed", request.getMethod(), request.getPath(), e);
            return HttpResponse.status(HttpStatus.INTERNAL_SERVER_ERROR)
                    .contentType(MediaType.TEXT_HTML + ";charset=utf-8").body(ERROR_PAGE);
        }
        return response.body(out.toString());
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.RENDERING.before();
    }
}
