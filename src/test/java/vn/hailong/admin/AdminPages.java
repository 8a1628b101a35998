package vn.hailong.admin;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import vn.hailong.support.Api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person's browser on the admin pages, without a browser: a session cookie from the login
 * form, GET pages, POST forms (with the page's _csrf field and any cookie it set), no redirects
 * followed so that tests see the 303s of Post/Redirect/Get.
 */
final class AdminPages implements AutoCloseable {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]*)\"");

    private final HttpClient http;
    final Api api;

    AdminPages(EmbeddedServer server, JsonMapper json) {
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setFollowRedirects(false);
        this.http = HttpClient.create(server.getURL(), configuration);
        this.api = new Api(http, json);
    }

    /** A logged-in page session. */
    final class Session {
        private final Map<String, String> cookies = new LinkedHashMap<>();

        Session(String cookie) {
            remember(List.of(cookie));
        }

        String cookieHeader() {
            return String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }

        String cookie(String name) {
            return cookies.get(name);
        }

        private void remember(List<String> setCookies) {
            for (String header : setCookies) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    String value = pair.substring(eq + 1);
                    boolean expired = header.toLowerCase().contains("max-age=0");
                    if (value.isEmpty() || expired) {
                        cookies.remove(pair.substring(0, eq));
                    } else {
                        cookies.put(pair.substring(0, eq), value);
                    }
                }
            }
        }

        Api.Reply get(String path) {
            Api.Reply reply = api.send(HttpRequest.GET(path).header("Cookie", cookieHeader()));
            remember(reply.response().getHeaders().getAll("Set-Cookie"));
            return reply;
        }

        /** Posts a form as the page at {@code formPage} would: with its _csrf value. */
        Api.Reply post(String formPage, String action, Map<String, String> fields) {
            String csrf = csrfOf(formPage);
            StringBuilder body = new StringBuilder("_csrf=" + enc(csrf));
            fields.forEach((k, v) -> body.append('&').append(enc(k)).append('=').append(enc(v)));
            MutableHttpRequest<?> request = HttpRequest.POST(action, body.toString())
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE).header("Cookie", cookieHeader());
            Api.Reply reply = api.send(request);
            remember(reply.response().getHeaders().getAll("Set-Cookie"));
            return reply;
        }

        Api.Reply upload(String formPage, String action, byte[] file, String mode) {
            MultipartBody body = MultipartBody.builder()
                    .addPart("_csrf", csrfOf(formPage))
                    .addPart("mode", mode)
                    .addPart("file", "agencies.csv", MediaType.TEXT_PLAIN_TYPE, file)
                    .build();
            return multipart(action, body);
        }

        Api.Reply multipart(String action, MultipartBody body) {
            MutableHttpRequest<?> request = HttpRequest.POST(action, body)
                    .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).header("Cookie", cookieHeader());
            Api.Reply reply = api.send(request);
            remember(reply.response().getHeaders().getAll("Set-Cookie"));
            return reply;
        }

        String csrfOf(String formPage) {
            Matcher m = CSRF.matcher(get(formPage).body());
            return m.find() ? m.group(1) : "";
        }
    }

    /** Logs in through the login form (with its CSRF pair) and keeps the session and CSRF cookies. */
    Session login(String username, String password) {
        Api.Reply form = api.get("/login", null);
        List<String> cookies = new ArrayList<>(form.response().getHeaders().getAll("Set-Cookie"));
        Matcher m = CSRF.matcher(form.body());
        String csrf = m.find() ? m.group(1) : "";
        String cookieHeader = String.join("; ", cookies.stream().map(c -> c.split(";", 2)[0]).toList());
        var reply = api.send(HttpRequest.POST("/login", "_csrf=" + enc(csrf) + "&username=" + enc(username)
                        + "&password=" + enc(password) + "&next=/admin")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE).header("Cookie", cookieHeader));
        if (reply.status() != 303) {
            throw new IllegalStateException("login of " + username + " failed: " + reply.status());
        }
        cookies.addAll(reply.response().getHeaders().getAll("Set-Cookie"));
        Session session = new Session(cookies.get(0));
        session.remember(cookies);
        return session;
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        http.close();
    }
}
