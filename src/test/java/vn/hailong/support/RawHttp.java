package vn.hailong.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDK's HTTP client, without redirects and without any opinion on statuses: for tests that
 * must see exactly what the server answers (status, headers, body), including to odd requests.
 */
public final class RawHttp {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    public RawHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder r = request(path).GET();
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return send(r);
    }

    public HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        HttpRequest.Builder r = request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return send(r);
    }

    /** A browser's view of the CSRF pair: "HAILONG_CSRF=..." cookie and the form token, from a fresh GET of {@code page}. */
    public String[] csrf(String page) {
        HttpResponse<String> response = get(page);
        String cookie = response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("HAILONG_CSRF="))
                .findFirst().orElseThrow(() -> new IllegalStateException("no CSRF cookie from " + page)).split(";")[0];
        Matcher m = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(response.body());
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token on " + page);
        }
        return new String[] {cookie, m.group(1)};
    }

    public static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }
}
