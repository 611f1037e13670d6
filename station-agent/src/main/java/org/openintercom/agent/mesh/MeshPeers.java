package org.openintercom.agent.mesh;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A snapshot of the stations known on the mesh, by device id (never by address: a station may move, and
 * {@code Inet6Address.equals} ignores the scope).
 */
public record MeshPeers(Map<String, MeshPeer> byDeviceId) {

    public MeshPeers {
        byDeviceId = Map.copyOf(byDeviceId);
    }

    public Optional<MeshPeer> get(String deviceId) {
        return Optional.ofNullable(byDeviceId.get(deviceId));
    }

    /** The peers a call may go to now, by device id. */
    public Map<String, MeshPeer> usable() {
        Map<String, MeshPeer> usable = new TreeMap<>();
        byDeviceId.forEach((id, peer) -> {
            if (peer.usable()) {
                usable.put(id, peer);
            }
        });
        return usable;
    }
}
