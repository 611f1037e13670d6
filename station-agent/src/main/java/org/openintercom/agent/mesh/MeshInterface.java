package org.openintercom.agent.mesh;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interface the station's mesh runs on and its address there: the IPv6 link-local address with its scope (an
 * IPv4 link-local or loopback address for a named interface without one, as in tests). The mesh engine binds it and
 * discovery announces on it.
 *
 * @param name the interface's name, e.g. {@code lan0}
 * @param address its address, e.g. {@code fe80::1%lan0}
 */
public record MeshInterface(String name, InetAddress address) {

    private static final Logger LOG = LoggerFactory.getLogger(MeshInterface.class);

    public MeshInterface {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
    }

    /**
     * The first of the interfaces {@code settings} choose (in the order named, or for {@code auto} in the system's
     * order), empty when none qualifies. One engine binds one address, so the mesh runs on one interface; the others
     * are named in the log.
     */
    public static Optional<MeshInterface> choose(MeshSettings settings) {
        List<MeshInterfaces.Binding> bindings = MeshInterfaces.select(settings);
        if (bindings.isEmpty()) {
            return Optional.empty();
        }
        if (bindings.size() > 1) {
            LOG.info("mesh: runs on {} only (one mesh interface per station); not on {}",
                    bindings.get(0).networkInterface().getName(),
                    bindings.subList(1, bindings.size()).stream().map(b -> b.networkInterface().getName()).toList());
        }
        MeshInterfaces.Binding first = bindings.get(0);
        return Optional.of(new MeshInterface(first.networkInterface().getName(), first.address()));
    }

    /** {@code settings} restricted to this interface (what discovery uses). */
    MeshSettings restrict(MeshSettings settings) {
        return settings.extend().interfaces(List.of(name)).build();
    }
}
