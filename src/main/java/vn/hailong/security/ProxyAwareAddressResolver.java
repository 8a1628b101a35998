package vn.hailong.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.DefaultHttpClientAddressResolver;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one place that decides a request's client address (login throttle, submission limits, the
 * audit log's hashed address, and whatever in Micronaut asks {@link HttpClientAddressResolver}).
 *
 * <p>Micronaut's default believes {@code Forwarded} / {@code X-Forwarded-For} from anyone, so a
 * client chose its own address and walked around every per-address limit (issue 11, red-team
 * finding 1a). Here the address is the TCP peer's, unless the operator named both the header their
 * reverse proxy writes ({@code HAILONG_PROXY_HEADER}) and the proxies' own addresses
 * ({@code HAILONG_TRUSTED_PROXIES}). Then the header's entries are read from the right (the entry
 * the nearest proxy appended) while the hop they came from is a trusted proxy: the first address not
 * vouched for by a trusted proxy is the client. Entries a client wrote itself, on the left, are never
 * reached unless every proxy on the way is trusted. {@code micronaut.server.client-address-header}
 * is ignored (it trusted any peer).
 */
@Singleton
@Replaces(DefaultHttpClientAddressResolver.class)
public class ProxyAwareAddressResolver implements HttpClientAddressResolver {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyAwareAddressResolver.class);

    private final @Nullable String header;
    private final TrustedProxies proxies;

    ProxyAwareAddressResolver(@Value("${hailong.proxy.header:}") String header,
                              @Value("${hailong.proxy.trusted:}") String trusted,
                              @Value("${micronaut.server.client-address-header:}") String micronautHeader) {
        try {
            this.proxies = TrustedProxies.parse(trusted);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("HAILONG_TRUSTED_PROXIES: " + e.getMessage()
                    + " (expected comma-separated addresses or CIDR ranges, e.g. 10.0.0.0/8,fd00::/8)", e);
        }
        String named = header == null || header.isBlank() ? null : header.strip();
        if (named != null && proxies.isEmpty()) {
            LOG.warn("HAILONG_PROXY_HEADER is set but HAILONG_TRUSTED_PROXIES is empty: the header is ignored and every "
                    + "client address is the connection's. Name the proxies' addresses to use it.");
            named = null;
        } else if (named == null && !proxies.isEmpty()) {
            LOG.warn("HAILONG_TRUSTED_PROXIES is set but HAILONG_PROXY_HEADER is empty: no header is read.");
        }
        if (micronautHeader != null && !micronautHeader.isBlank()) {
            LOG.warn("micronaut.server.client-address-header is ignored (it trusted the header from any client); "
                    + "set HAILONG_PROXY_HEADER and HAILONG_TRUSTED_PROXIES instead.");
        }
        this.header = named;
    }

    @Override
    public @Nullable String resolve(@NonNull HttpRequest request) {
        InetSocketAddress peer = request.getRemoteAddress();
        InetAddress hop = peer == null ? null : peer.getAddress();
        if (hop == null) {
            return peer == null ? null : peer.getHostString();
        }
        if (header == null || !proxies.contains(hop)) {
            return hop.getHostAddress();
        }
        List<String> entries = entries(request.getHeaders().getAll(header));
        for (int i = entries.size() - 1; i >= 0 && proxies.contains(hop); i--) {
            Optional<InetAddress> next = TrustedProxies.literal(withoutPort(entries.get(i)));
            if (next.isEmpty()) {
                break; // "unknown", an obfuscated name or garbage: the last proxy is as far as we know
            }
            hop = next.get();
        }
        return hop.getHostAddress();
    }

    /** The addresses in the header's lines, left to right: RFC 7239 {@code for=} parameters or a plain comma-separated list. */
    private List<String> entries(List<String> lines) {
        boolean forwarded = header.equalsIgnoreCase("Forwarded");
        List<String> entries = new ArrayList<>();
        for (String line : lines) {
            for (String element : line.split(",")) {
                if (!forwarded) {
                    entries.add(element.strip());
                    continue;
                }
                String value = "";
                for (String pair : element.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("for")) {
                        value = pair.substring(eq + 1).strip();
                    }
                }
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                entries.add(value);
            }
        }
        return entries;
    }

    /** "192.0.2.1:4711" → "192.0.2.1", "[2001:db8::1]:4711" → "2001:db8::1"; a bare IPv6 address stays as it is. */
    private static String withoutPort(String entry) {
        String s = entry.strip();
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            return end > 0 ? s.substring(1, end) : s;
        }
        int colon = s.indexOf(':');
        if (colon > 0 && colon == s.lastIndexOf(':')) {
            return s.substring(0, colon);
        }
        return s;
    }
}
