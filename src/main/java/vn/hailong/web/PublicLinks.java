package vn.hailong.web;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import vn.hailong.system.Refusal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Absolute links to the phone questionnaire, for QR codes and posters: a phone that scans one is
 * not on our page, so a relative path is useless. The base is {@code hailong.public-url} when set
 * (the address citizens reach, whatever proxies sit in front); otherwise the request's own Host
 * header, if it is a plausible host[:port], with http or https as the connection is. Forwarded
 * headers ({@code Forwarded}, {@code X-Forwarded-Host/-Proto}) are never read here: any client can
 * send them, and a poisoned code ({@code javascript://evil.example/...}) printed on a poster or
 * kept by a cache would send citizens elsewhere. Behind a proxy, set the public address.
 * Created at start-up so that a mistyped address stops the app instead of printing useless posters.
 */
@Context
@Singleton
class PublicLinks {

    /** A DNS name (labels of letters, digits and inner hyphens), an IPv4 or a bracketed IPv6 address, and an optional port. */
    private static final Pattern PLAUSIBLE_HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]{2,45}\\])"
                    + "(?::(?<port>[0-9]{1,5}))?");

    private final String publicUrl;

    PublicLinks(@Value("${hailong.public-url:}") @Nullable String publicUrl) {
        this.publicUrl = publicUrl == null ? "" : checked(stripTrailingSlashes(publicUrl.strip()));
    }

    /** True when the links come from the configured address, the same for every request (so shared caches may keep them). */
    boolean configured() {
        return !publicUrl.isEmpty();
    }

    private static String checked(String url) {
        if (url.isEmpty()) {
            return url;
        }
        try {
            URI uri = new URI(url);
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (web && uri.getHost() != null && uri.getQuery() == null && uri.getFragment() == null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigurationException("hailong.public-url (HAILONG_PUBLIC_URL) must be an absolute http(s) address such as "
                + "https://hailong.example.gov.vn, not '" + url + "'");
    }

    /** {@code <base>/s/<agency>/<survey>}, plus {@code ?d=<dossier>} when a dossier is given. */
    String questionnaire(HttpRequest<?> request, String agencyCode, String surveyCode, @Nullable String dossier) {
        return base(request) + questionnairePath(agencyCode, surveyCode, dossier);
    }

    /** The privacy notice's full address, printed on the QR poster beside the questionnaire's. */
    String privacy(HttpRequest<?> request) {
        return base(request) + "/privacy";
    }

    /** {@code <base>/r/<rating code>}: the receipt's link to rate one served dossier (issue 13). */
    String rating(HttpRequest<?> request, String ratingCode) {
        return base(request) + "/r/" + encode(ratingCode);
    }

    static String questionnairePath(String agencyCode, String surveyCode, @Nullable String dossier) {
        String path = "/s/" + encode(agencyCode) + "/" + encode(surveyCode);
        return dossier == null ? path : path + "?d=" + encode(dossier);
    }

    private String base(HttpRequest<?> request) {
        return publicUrl.isEmpty() ? fromHost(request) : publicUrl;
    }

    private static String fromHost(HttpRequest<?> request) {
        String host = request.getHeaders().get(HttpHeaders.HOST);
        if (host != null) {
            host = host.strip();
            Matcher m = PLAUSIBLE_HOST.matcher(host);
            if (host.length() <= 255 && m.matches() && (m.group("port") == null || Integer.parseInt(m.group("port")) <= 65535)) {
                return (request.isSecure() ? "https://" : "http://") + host.toLowerCase(java.util.Locale.ROOT);
            }
        }
        throw Refusal.malformed("Host", "host.implausible", "is not a plausible host name, so no link for a QR code can be made from it:"
                + " the operator should set HAILONG_PUBLIC_URL to the address citizens reach");
    }

    /** Percent-encoding that is right in a path segment and in a query value alike (space as %20, not +). */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripTrailingSlashes(String url) {
        String result = url;
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}
