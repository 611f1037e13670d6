package org.openintercom.agent.mesh;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * A station seen on the mesh, as last known: what it announced, where to reach it (a link-local IPv6 address
 * carries the scope of the interface it was seen on), when it last answered a probe, whether its certificate was
 * verified for this announcement, and whether it still answers.
 *
 * @param lastSeen when it last answered a probe; {@link Instant#EPOCH} if it never has
 * @param verified its certificate passed {@link PeerCertificateCheck} for this announcement and address
 * @param reachable it answered the last probe, or missed fewer than the allowed number in a row
 */
public record MeshPeer(MeshAnnouncement announcement, InetSocketAddress address, Instant lastSeen, boolean verified,
        boolean reachable) {

    public MeshPeer {
        Objects.requireNonNull(announcement, "announcement");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }

    public String deviceId() {
        return announcement.deviceId();
    }

    /** Whether a call may go to it now: verified and reachable. */
    public boolean usable() {
        return verified && reachable;
    }
}
