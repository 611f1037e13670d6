package org.openintercom.agent.sdp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

/** An SDP connection line {@code c=IN IP4|IP6 address}; only IP address literals are accepted. */
public record Connection(String addressType, String address) {

    private static final Pattern IP4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IP6 = Pattern.compile("[0-9A-Fa-f:.]+");

    public Connection {
        Objects.requireNonNull(addressType, "addressType");
        Objects.requireNonNull(address, "address");
        if (!addressType.equals("IP4") && !addressType.equals("IP6")) {
            throw new IllegalArgumentException("address type must be IP4 or IP6, not " + addressType);
        }
        boolean literal = addressType.equals("IP4") ? IP4.matcher(address).matches()
                : IP6.matcher(address).matches() && address.contains(":");
        if (!literal) {
            throw new IllegalArgumentException("not an " + addressType + " address literal: " + address);
        }
    }

    /** The connection for a local address, {@code IP6} for IPv6 addresses. */
    public static Connection of(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        if (scope >= 0) {
            text = text.substring(0, scope);
        }
        return new Connection(address instanceof java.net.Inet6Address ? "IP6" : "IP4", text);
    }

    /** The address; never does a DNS lookup since the value is a literal. */
    public InetAddress inetAddress() {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new SdpException("connection address " + address + " is not a valid " + addressType + " literal");
        }
    }

    String line() {
        return "c=IN " + addressType + " " + address;
    }
}
