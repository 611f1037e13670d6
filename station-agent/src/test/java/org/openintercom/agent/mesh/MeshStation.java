package org.openintercom.agent.mesh;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * A station for mesh tests: a TLS listener standing in for its SIP over TLS port, and its discovery announcing
 * {@code announcement} (normally its own identity's) with a verifier of {@code pki}.
 */
final class MeshStation implements AutoCloseable {

    final TestPki.Identity identity;
    final MeshAnnouncement announcement;
    final RecordingPeerListener events = new RecordingPeerListener();
    final TlsStationListener listener;
    final MeshDiscovery discovery;

    private MeshStation(TestPki pki, TestPki.Identity identity, String announcedId, InetAddress address,
            MeshSettings settings) throws IOException {
        this.identity = identity;
        this.listener = TlsStationListener.start(identity, List.of(pki.root()), address, 0);
        this.announcement = MeshAnnouncement.of(announcedId, "Station " + announcedId, "IM6",
                identity.fingerprint(), listener.port());
        this.discovery = MeshDiscovery.start(settings, announcement, pki.verifierFor(identity, settings), events);
    }

    /** A station of {@code pki} announcing its own identity. */
    static MeshStation start(TestPki pki, InetAddress address, MeshSettings settings) throws IOException {
        TestPki.Identity identity = pki.station();
        return new MeshStation(pki, identity, identity.deviceId(), address, settings);
    }

    /** A station of {@code pki} whose announcement claims {@code announcedId} instead of its own. */
    static MeshStation claiming(String announcedId, TestPki pki, InetAddress address, MeshSettings settings)
            throws IOException {
        return new MeshStation(pki, pki.station(), announcedId, address, settings);
    }

    String id() {
        return announcement.deviceId();
    }

    @Override
    public void close() throws IOException {
        discovery.close();
        listener.close();
    }
}
