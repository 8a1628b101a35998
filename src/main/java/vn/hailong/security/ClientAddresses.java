package vn.hailong.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import jakarta.inject.Singleton;

/**
 * The caller's network address, only ever as a keyed hash: raw IP addresses are personal data and
 * are never stored or logged by Hailong. The address itself comes from the one resolver
 * ({@link ProxyAwareAddressResolver}): the connection's peer or, behind a proxy named in
 * {@code HAILONG_PROXY_HEADER} and {@code HAILONG_TRUSTED_PROXIES}, the address that proxy reports.
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
