package vn.hailong.security;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HAILONG_TRUSTED_PROXIES: CIDR ranges of both families, literal addresses only, clear refusals. */
class TrustedProxiesTest {

    @Test
    void rangesOfBothFamiliesContainTheirAddressesOnly() throws Exception {
        TrustedProxies proxies = TrustedProxies.parse(" 10.0.0.0/8, 192.168.1.5 ,fd00::/8, 172.16.0.0/12");
        assertThat(proxies.contains(InetAddress.getByName("10.200.3.4"))).isTrue();
        assertThat(proxies.contains(InetAddress.getByName("11.0.0.1"))).isFalse();
        assertThat(proxies.contains(InetAddress.getByName("192.168.1.5"))).isTrue();
        assertThat(proxies.contains(InetAddress.getByName("192.168.1.6"))).isFalse();
        assertThat(proxies.contains(InetAddress.getByName("172.31.255.255"))).isTrue();
        assertThat(proxies.contains(InetAddress.getByName("172.32.0.0"))).isFalse();
        assertThat(proxies.contains(InetAddress.getByName("fd12::1"))).isTrue();
        assertThat(proxies.contains(InetAddress.getByName("fe80::1"))).isFalse();
        assertThat(TrustedProxies.parse("").isEmpty()).isTrue();
    }

    @Test
    void anythingButALiteralAddressOrRangeIsRefused() {
        for (String bad : new String[] {"proxy.example", "10.0.0.0/33", "10.0.0/8", "256.1.1.1", "::/129", "10.0.0.0/x", "1.2.3.4/8/8"}) {
            assertThatThrownBy(() -> TrustedProxies.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(TrustedProxies.literal("localhost")).isEmpty();
        assertThat(TrustedProxies.literal("[2001:db8::1]")).isPresent();
        assertThat(TrustedProxies.literal("unknown")).isEmpty();
    }
}
