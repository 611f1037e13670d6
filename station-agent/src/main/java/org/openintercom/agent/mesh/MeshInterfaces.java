package org.openintercom.agent.mesh;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the interface addresses the mesh binds to: per interface its IPv6 link-local address (with the
 * interface's scope), or for a named interface without one an IPv4 link-local or loopback address.
 */
final class MeshInterfaces {

    private static final Logger LOG = LoggerFactory.getLogger(MeshInterfaces.class);

    /** One interface and the address the mesh uses on it. */
    record Binding(NetworkInterface networkInterface, InetAddress address) {
    }

    private MeshInterfaces() {
    }

    static List<Binding> select(MeshSettings settings) {
        try {
            List<Binding> bindings = new ArrayList<>();
            if (settings.autoInterfaces()) {
                for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    if (nif.isUp() && !nif.isLoopback()) {
                        linkLocal6(nif).ifPresent(a -> bindings.add(new Binding(nif, a)));
                    }
                }
                return bindings;
            }
            for (String name : settings.interfaces()) {
                NetworkInterface nif = NetworkInterface.getByName(name);
                if (nif == null || !nif.isUp()) {
                    LOG.warn("mesh interface {} is {}: not used", name, nif == null ? "missing" : "down");
                    continue;
                }
                Optional<InetAddress> address = linkLocal6(nif).or(() -> fallback4(nif));
                address.ifPresentOrElse(a -> bindings.add(new Binding(nif, a)),
                        () -> LOG.warn("mesh interface {} has no link-local address: not used", name));
            }
            return bindings;
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list the network interfaces: " + e.getMessage(), e);
        }
    }

    private static Optional<InetAddress> linkLocal6(NetworkInterface nif) {
        return nif.inetAddresses().filter(a -> a instanceof Inet6Address && a.isLinkLocalAddress()).findFirst();
    }

    private static Optional<InetAddress> fallback4(NetworkInterface nif) {
        return nif.inetAddresses()
                .filter(a -> a instanceof Inet4Address && (a.isLinkLocalAddress() || a.isLoopbackAddress()))
                .findFirst();
    }
}
