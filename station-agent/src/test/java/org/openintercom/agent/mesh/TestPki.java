package org.openintercom.agent.mesh;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.openintercom.agent.sip.SipIdentity;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.CertificateAuthority;
import org.openintercom.provisioning.pki.CertificateRequests;
import org.openintercom.provisioning.pki.KeyPairs;

/** A cloud CA made for a test, and station identities it certifies as claiming would. */
final class TestPki {

    /** A station's device identity: its id, key and chain [leaf, issuing]. */
    record Identity(String deviceId, PrivateKey key, List<X509Certificate> chain) {

        String fingerprint() {
            return PeerCertificateCheck.fingerprint(chain.get(0));
        }

        /** The announcement this station would make, with {@code port} as its SIP TLS port. */
        MeshAnnouncement announcement(String name, int port) {
            return MeshAnnouncement.of(deviceId, name, "IM6", fingerprint(), port);
        }
    }

    private final CertificateAuthority ca;

    private TestPki(CertificateAuthority ca) {
        this.ca = ca;
    }

    static TestPki create(Path dir) {
        return new TestPki(CertificateAuthority.createOrLoad(dir, "test".toCharArray(), Clock.systemUTC()));
    }

    CertificateAuthority ca() {
        return ca;
    }

    X509Certificate root() {
        return ca.rootCertificate();
    }

    /** A new device id certified by this CA. */
    Identity station() {
        return station(DeviceId.random());
    }

    /** {@code id} certified by this CA with a new key (as a renewal gives it). */
    Identity station(DeviceId id) {
        KeyPair keys = KeyPairs.ecP256();
        List<X509Certificate> chain = ca.issueDevice(CertificateRequests.create(keys, id), id).issuedChain()
                .orElseThrow();
        return new Identity(id.value(), keys.getPrivate(), chain);
    }

    /** A verifier for a station of this CA, trusting {@code root} (this CA's, usually). */
    PeerVerifier verifierFor(Identity identity, MeshSettings settings) {
        return TlsPeerVerifier.forStation(new SipIdentity(identity.deviceId(), identity.key(), identity.chain(),
                List.of(root()), Optional.empty()), Optional::empty, settings, Clock.systemUTC());
    }
}
