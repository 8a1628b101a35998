package vn.hailong.support;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A thin client for the public API used by the tests: every call returns status and JSON body,
 * whatever the status, so tests assert on both. Also small fixture builders.
 */
public final class Api {

    public record Reply(int status, String body, JsonNode json, HttpResponse<?> response) {
        public String text(String field) {
            JsonNode node = json == null ? null : json.get(field);
            return node == null || node.isNull() ? null : node.coerceStringValue();
        }
    }

    private final BlockingHttpClient http;
    private final JsonMapper json;

    public Api(HttpClient client, JsonMapper json) {
        this.http = client.toBlocking();
        this.json = json;
    }

    public Reply get(String path, String token) {
        MutableHttpRequest<?> request = HttpRequest.GET(path);
        return send(authorize(request, token));
    }

    public Reply post(String path, Object body, String token) {
        MutableHttpRequest<?> request = HttpRequest.POST(path, body instanceof String s ? s : write(body))
                .contentType("application/json");
        return send(authorize(request, token));
    }

    public Reply send(MutableHttpRequest<?> request) {
        HttpResponse<String> response;
        try {
            response = http.exchange(request, Argument.STRING, Argument.STRING);
        } catch (HttpClientResponseException e) {
            response = (HttpResponse<String>) e.getResponse();
            String body = e.getResponse().getBody(String.class).orElse("");
            return new Reply(e.getStatus().getCode(), body, parse(body), response);
        }
        String body = response.getBody(String.class).orElse("");
        return new Reply(response.getStatus().getCode(), body, parse(body), response);
    }

    /** A browser's CSRF cookie and the matching form token, as a page gives them. */
    public record Csrf(String cookie, String token) {
        /** Adds the cookie to a page POST; the form must also carry {@link #field()}. */
        public <T> MutableHttpRequest<T> on(MutableHttpRequest<T> request) {
            return request.cookie(io.micronaut.http.cookie.Cookie.of("HAILONG_CSRF", cookie));
        }

        /** {@code _csrf=<token>} for an url-encoded form body. */
        public String field() {
            return "_csrf=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8);
        }

        /** An url-encoded form POST with cookie and token. */
        public MutableHttpRequest<String> form(String path, String form) {
            return on(HttpRequest.POST(path, form.isEmpty() ? field() : form + "&" + field())
                    .contentType(io.micronaut.http.MediaType.APPLICATION_FORM_URLENCODED_TYPE));
        }
    }

    private static final java.util.regex.Pattern CSRF_META = java.util.regex.Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\"");

    /** Opens the login page as a fresh browser would and keeps the CSRF cookie and token it gets. */
    public Csrf csrf() {
        Reply page = get("/login", null);
        String cookie = page.response().getHeaders().getAll("Set-Cookie").stream()
                .filter(c -> c.startsWith("HAILONG_CSRF=")).map(c -> c.substring("HAILONG_CSRF=".length(), c.indexOf(';')))
                .findFirst().orElseThrow(() -> new IllegalStateException("no CSRF cookie from /login"));
        java.util.regex.Matcher token = CSRF_META.matcher(page.body());
        if (!token.find()) {
            throw new IllegalStateException("no CSRF token on /login");
        }
        return new Csrf(cookie, token.group(1));
    }

    public String login(String username, String password) {
        Reply reply = post("/api/v1/login", Map.of("username", username, "password", password), null);
        if (reply.status() != 200) {
            throw new IllegalStateException("login failed: " + reply.status() + " " + reply.body());
        }
        return reply.text("accessToken");
    }

    public String adminToken() {
        return login(DatabaseTest.ADMIN, DatabaseTest.ADMIN_PASSWORD);
    }

    public void agency(String admin, String code, String parent) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("nameVi", "Cơ quan " + code);
        body.put("nameEn", "Agency " + code);
        body.put("kind", parent == null ? "PROVINCE" : "COMMUNE");
        body.put("parent", parent);
        Reply reply = post("/api/v1/agencies", body, admin);
        if (reply.status() != 201) {
            throw new IllegalStateException("agency " + code + ": " + reply.status() + " " + reply.body());
        }
    }

    public String reviewer(String admin, String username, String agency) {
        Reply reply = post("/api/v1/accounts", Map.of("username", username, "password", "reviewer-password",
                "role", "REVIEWER", "agency", agency), admin);
        if (reply.status() != 201) {
            throw new IllegalStateException("account " + username + ": " + reply.status() + " " + reply.body());
        }
        return login(username, "reviewer-password");
    }

    /** A DATA_ENTRY account (issue 15) scoped to {@code agency}, logged in: its bearer token. */
    public String dataEntry(String admin, String username, String agency) {
        Reply reply = post("/api/v1/accounts", Map.of("username", username, "password", "entry-password",
                "role", "DATA_ENTRY", "agency", agency), admin);
        if (reply.status() != 201) {
            throw new IllegalStateException("account " + username + ": " + reply.status() + " " + reply.body());
        }
        return login(username, "entry-password");
    }

    public String kiosk(String admin, String agency) {
        Reply reply = post("/api/v1/kiosks", Map.of("agency", agency, "label", "Counter 1"), admin);
        if (reply.status() != 201) {
            throw new IllegalStateException("kiosk: " + reply.status() + " " + reply.body());
        }
        return reply.text("token");
    }

    /** A sipas-2017 submission with the given answers (code → value; null = no answer). */
    public static Map<String, Object> submission(String agency, Map<String, Object> answers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", UUID.randomUUID().toString());
        body.put("survey", "sipas-2017");
        body.put("agency", agency);
        body.put("channel", "web");
        body.put("language", "vi");
        body.put("answers", answers);
        return body;
    }

    public static final List<String> SIPAS_CRITERIA = List.of(
            "E1.1", "E1.2", "E1.3", "E1.4", "E2.1", "E2.2", "E2.3", "E2.4", "E2.5",
            "E3.1", "E3.2", "E3.3", "E3.4", "E3.5", "E3.6", "E4.1", "E4.2", "E4.3",
            "E5.1", "E5.2", "E5.3", "E5.4");

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank() || !(body.startsWith("{") || body.startsWith("["))) {
            return null;
        }
        try {
            return json.readValue(body, JsonNode.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static MutableHttpRequest<?> authorize(MutableHttpRequest<?> request, String token) {
        return token == null ? request : request.bearerAuth(token);
    }
}
