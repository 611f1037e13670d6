package org.openintercom.agent.mesh;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what a discovery tells its listener, as lines: {@code up ID HOST}, {@code down ID: reason},
 * {@code rejected SOURCE: reason}.
 */
final class RecordingPeerListener implements MeshPeerListener {

    private final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void peerUp(MeshPeer peer) {
        events.add("up " + peer.deviceId() + " " + peer.address().getHostString());
    }

    @Override
    public void peerDown(MeshPeer peer, String reason) {
        events.add("down " + peer.deviceId() + ": " + reason);
    }

    @Override
    public void announcementRejected(String source, String reason) {
        events.add("rejected " + source + ": " + reason);
    }

    List<String> events() {
        return List.copyOf(events);
    }
}
