package org.openintercom.agent.mesh;

import java.util.Objects;

/**
 * Where the station's mesh call engine listens: the mesh interface (its address) and the SIP over TLS port there,
 * which discovery announces.
 */
public record MeshEndpoint(MeshInterface on, int sipTlsPort) {

    public MeshEndpoint {
        Objects.requireNonNull(on, "on");
        if (sipTlsPort < 1 || sipTlsPort > 65_535) {
            throw new IllegalArgumentException("mesh SIP TLS port " + sipTlsPort + " is not 1-65535");
        }
    }
}
