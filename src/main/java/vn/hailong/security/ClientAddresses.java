package vn.hailong.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import jakarta.inject.Singleton;

/**
 * The caller's network address, only ever as a keyed hash: raw IP addresses are personal data and
 * are never stored or logged by Hailong. Behind a proxy, set
 * {@code micronaut.server.client-address-header} (e.g. X-Forwarded-For) so that the proxy's own
 * address is not taken for every citizen's.
 */
@Singleton
public class ClientAddresses {

    private final HttpClientAddressResolver resolver;
    private final ServerKeys keys;

    ClientAddresses(HttpClientAddressResolver resolver, ServerKeys keys) {
        this.resolver = resolver;
        this.keys = keys;
    }

    public String hashOf(HttpRequest<?> request) {
        String address = resolver.resolve(request);
        return keys.hash("client-address", address == null ? "unknown" : address);
    }
}
