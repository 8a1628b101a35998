package vn.hailong.web;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.HttpHostResolver;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Absolute links to the phone questionnaire, for QR codes and posters: a phone that scans one is
 * not on our page, so a relative path is useless. The base is {@code hailong.public-url} when set
 * (the address citizens reach, whatever proxies sit in front); otherwise the scheme and Host of
 * the request, resolved by Micronaut (which also honours {@code micronaut.server.host-resolution}).
 * Created at start-up so that a mistyped address stops the app instead of printing useless posters.
 */
@Context
@Singleton
class PublicLinks {

    private final String publicUrl;
    private final HttpHostResolver hosts;

    PublicLinks(@Value("${hailong.public-url:}") @Nullable String publicUrl, HttpHostResolver hosts) {
        this.publicUrl = publicUrl == null ? "" : checked(stripTrailingSlashes(publicUrl.strip()));
        this.hosts = hosts;
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

    /** {@code <base>/r/<rating code>}: the receipt's link to rate one served dossier (issue 13). */
    String rating(HttpRequest<?> request, String ratingCode) {
        return base(request) + "/r/" + encode(ratingCode);
    }

    static String questionnairePath(String agencyCode, String surveyCode, @Nullable String dossier) {
        String path = "/s/" + encode(agencyCode) + "/" + encode(surveyCode);
        return dossier == null ? path : path + "?d=" + encode(dossier);
    }

    private String base(HttpRequest<?> request) {
        return publicUrl.isEmpty() ? stripTrailingSlashes(hosts.resolve(request)) : publicUrl;
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
