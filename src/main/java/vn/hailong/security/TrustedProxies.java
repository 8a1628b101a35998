package vn.hailong.security;

import io.micronaut.core.annotation.Nullable;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reverse proxies an operator trusts to say who the client is ({@code HAILONG_TRUSTED_PROXIES}:
 * comma-separated CIDR ranges or single addresses, IPv4 and IPv6, e.g.
 * {@code 10.0.0.0/8, 192.168.1.5, fd00::/8}). Only literal addresses: never a host name, so reading
 * the setting or a header never waits for DNS.
 */
final class TrustedProxies {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** Parses the setting; throws IllegalArgumentException naming the first entry that is not an address or CIDR range. */
    static TrustedProxies parse(@Nullable String setting) {
        List<Range> ranges = new ArrayList<>();
        if (setting != null) {
            for (String entry : setting.split(",")) {
                String text = entry.strip();
                if (text.isEmpty()) {
                    continue;
                }
                String[] parts = text.split("/", -1);
                Optional<InetAddress> address = parts.length <= 2 ? literal(parts[0]) : Optional.empty();
                if (address.isEmpty()) {
                    throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range");
                }
                byte[] bytes = address.get().getAddress();
                int prefix = bytes.length * 8;
                if (parts.length == 2) {
                    try {
                        prefix = Integer.parseInt(parts[1]);
                    } catch (NumberFormatException e) {
                        prefix = -1;
                    }
                    if (prefix < 0 || prefix > bytes.length * 8) {
                        throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bytes.length * 8);
                    }
                }
                ranges.add(new Range(bytes, prefix));
            }
        }
        return new TrustedProxies(List.copyOf(ranges));
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An IP address written as such (IPv4 dotted quad, or IPv6 with optional brackets and zone);
     * empty for anything else, host names included. IPv4-mapped IPv6 addresses come back as IPv4.
     */
    static Optional<InetAddress> literal(String text) {
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        var v4 = IPV4.matcher(s);
        if (v4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(v4.group(i + 1));
                if (part > 255) {
                    return Optional.empty();
                }
                bytes[i] = (byte) part;
            }
            return byAddress(bytes);
        }
        if (s.indexOf(':') >= 0 && IPV6.matcher(s).matches()) {
            try {
                // A string with a colon is parsed as an IPv6 literal and never looked up in DNS.
                InetAddress address = InetAddress.getByName("[" + s + "]");
                return Optional.of(address);
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<InetAddress> byAddress(byte[] bytes) {
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
