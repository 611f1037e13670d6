package org.openintercom.agent.mesh;

/**
 * Told when a peer becomes usable (verified and answering) or stops being so, and when an announcement is refused.
 * Called on the mesh's own thread, one event at a time; must not block.
 */
public interface MeshPeerListener {

    /** {@code peer} is verified and answers (first time, after returning, or at a new address). */
    default void peerUp(MeshPeer peer) {
    }

    /** {@code peer} is no longer usable: it missed its probes, left (mDNS removal) or now fails verification. */
    default void peerDown(MeshPeer peer, String reason) {
    }

    /** An announcement was refused (bad TXT record, or a certificate that does not stand for it). */
    default void announcementRejected(String source, String reason) {
    }
}
