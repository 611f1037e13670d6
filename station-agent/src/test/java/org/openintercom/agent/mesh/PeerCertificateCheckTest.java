package org.openintercom.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openintercom.provisioning.pki.RevocationReason;

/** Which certificate chains may stand for an announcement: our CA, not revoked, the announced id and fingerprint. */
class PeerCertificateCheckTest extends TwoCas {


    private static PeerCertificateCheck check(Optional<X509CRL> crl) {
        return new PeerCertificateCheck(List.of(ours.root()), () -> crl, Clock.systemUTC());
    }

    @Test
    void accepts_a_chain_from_our_ca_naming_the_announced_device_with_its_fingerprint() {
        TestPki.Identity hall = ours.station();
        assertThat(check(Optional.empty()).problem(hall.chain(), hall.announcement("Hall", 5061))).isEmpty();
    }

    @Test
    void refuses_a_chain_from_another_ca() {
        TestPki.Identity stranger = theirs.station();
        assertThat(check(Optional.empty()).problem(stranger.chain(), stranger.announcement("Hall", 5061)))
                .hasValueSatisfying(p -> assertThat(p).startsWith("the certificate chain is not valid under our CA"));
    }

    @Test
    void refuses_a_chain_naming_another_device() {
        TestPki.Identity hall = ours.station();
        TestPki.Identity kitchen = ours.station();
        MeshAnnouncement claimsKitchen = MeshAnnouncement.of(kitchen.deviceId(), "Kitchen", "IM6",
                hall.fingerprint(), 5061);
        assertThat(check(Optional.empty()).problem(hall.chain(), claimsKitchen))
                .contains("the certificate names device " + hall.deviceId() + ", the announcement "
                        + kitchen.deviceId());
    }

    @Test
    void refuses_a_chain_whose_fingerprint_is_not_the_announced_one() {
        TestPki.Identity hall = ours.station();
        MeshAnnouncement otherFingerprint = MeshAnnouncement.of(hall.deviceId(), "Hall", "IM6", "00".repeat(32), 5061);
        assertThat(check(Optional.empty()).problem(hall.chain(), otherFingerprint))
                .hasValueSatisfying(p -> assertThat(p).contains("is not the announced 0000"));
    }

    @Test
    void refuses_a_certificate_on_the_cached_revocation_list() throws Exception {
        TestPki.Identity hall = ours.station();
        ours.ca().revoke(hall.chain().get(0).getSerialNumber(), RevocationReason.KEY_COMPROMISE);
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(ours.ca().crl()));
        assertThat(check(Optional.of(crl)).problem(hall.chain(), hall.announcement("Hall", 5061)))
                .hasValueSatisfying(p -> assertThat(p).endsWith("is revoked"));
        TestPki.Identity kitchen = ours.station();
        assertThat(check(Optional.of(crl)).problem(kitchen.chain(), kitchen.announcement("Kitchen", 5061))).isEmpty();
    }

    @Test
    void ignores_a_revocation_list_signed_by_another_ca() throws Exception {
        TestPki.Identity stranger = theirs.station();
        theirs.ca().revoke(stranger.chain().get(0).getSerialNumber(), RevocationReason.KEY_COMPROMISE);
        X509CRL foreign = (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(theirs.ca().crl()));
        TestPki.Identity hall = ours.station();
        assertThat(check(Optional.of(foreign)).problem(hall.chain(), hall.announcement("Hall", 5061))).isEmpty();
    }

    @Test
    void refuses_an_expired_certificate_offline() {
        TestPki.Identity hall = ours.station();
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(400)), ZoneOffset.UTC);
        PeerCertificateCheck check = new PeerCertificateCheck(List.of(ours.root()), Optional::empty, later);
        assertThat(check.problem(hall.chain(), hall.announcement("Hall", 5061)))
                .hasValueSatisfying(p -> assertThat(p).contains("EXPIRED"));
    }
}
