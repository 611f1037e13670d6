package org.openintercom.agent;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.openintercom.agent.sip.SipIdentity;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.CertificateAuthority;
import org.openintercom.provisioning.pki.CertificateRequests;
import org.openintercom.provisioning.pki.KeyPairs;

/** A cloud CA made for a test and the SIP identities it gives stations, as claiming and renewals do. */
final class TestIdentities {

    private final CertificateAuthority ca;

    TestIdentities(Path dir) {
        this.ca = CertificateAuthority.createOrLoad(dir, "test".toCharArray(), Clock.systemUTC());
    }

    /** {@code id} certified with a new key (a renewal when called again), without a relay. */
    Optional<SipIdentity> of(DeviceId id) {
        KeyPair keys = KeyPairs.ecP256();
        return Optional.of(new SipIdentity(id.value(), keys.getPrivate(), ca.issueDevice(CertificateRequests.create(
                keys, id), id).issuedChain().orElseThrow(), List.of(ca.rootCertificate()), Optional.empty()));
    }
}
