package org.openintercom.provisioning.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.provisioning.claim.DeviceId;

class CertificateAuthorityTest {

    private static final char[] PASSPHRASE = "ca passphrase for tests".toCharArray();

    @TempDir
    Path dir;
    private CertificateAuthority ca;
    private final DeviceId device = DeviceId.random();

    @BeforeEach
    void givenCa() {
        ca = CertificateAuthority.createOrLoad(dir.resolve("ca"), PASSPHRASE, Clock.systemUTC());
    }

    @Test
    void issues_a_device_certificate_with_the_device_profile() throws Exception {
        KeyPair keys = KeyPairs.ecP256();

        IssueResult result = ca.issueDevice(CertificateRequests.create(keys, device), device);

        List<X509Certificate> chain = result.issuedChain().orElseThrow();
        X509Certificate cert = chain.get(0);
        assertThat(chain).containsExactly(cert, ca.issuingCertificate());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + device + ",O=OpenIntercom devices");
        assertThat(cert.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(Identities.sanUris(cert)).containsExactly("urn:openintercom:device:" + device);
        assertThat(Identities.deviceIdOf(cert)).contains(device);
        assertThat(cert.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.1");
        assertThat(cert.getKeyUsage()[0]).isTrue();
        assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.15");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getSerialNumber().signum()).isPositive();
        assertThat(cert.getSerialNumber().bitLength()).isGreaterThan(100).isLessThanOrEqualTo(128);
        assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(90).plus(CertificateAuthority.BACKDATE));
        cert.verify(ca.issuingCertificate().getPublicKey());
        ca.issuingCertificate().verify(ca.rootCertificate().getPublicKey());
    }

    @Test
    void device_validity_is_configurable() {
        X509Certificate cert = ca.issueDevice(CertificateRequests.create(KeyPairs.ecP256(), device), device,
                Duration.ofDays(7)).issuedChain().orElseThrow().get(0);

        assertThat(cert.getNotAfter().toInstant()).isBefore(Instant.now().plus(Duration.ofDays(7).plusMinutes(1)));
    }

    @Test
    void refuses_csr_whose_signature_does_not_match_its_key() {
        PKCS10CertificationRequest csr = TestCsrs.csr(KeyPairs.ecP256(), KeyPairs.ecP256(), device);

        assertRejected(ca.issueDevice(csr, device), Rejection.Code.BAD_SIGNATURE, "does not verify");
    }

    @Test
    void refuses_csr_naming_another_device() {
        DeviceId other = DeviceId.random();

        assertRejected(ca.issueDevice(CertificateRequests.create(KeyPairs.ecP256(), other), device),
                Rejection.Code.WRONG_DEVICE, "CSR names device " + other + ", expected " + device);
    }

    @Test
    void refuses_rsa_1024_key() {
        KeyPair rsa = TestCsrs.rsa(1024);

        assertRejected(ca.issueDevice(TestCsrs.csr(rsa, rsa, device), device), Rejection.Code.WEAK_KEY,
                "RSA key of 1024 bits");
    }

    @Test
    void accepts_rsa_2048_key() {
        KeyPair rsa = TestCsrs.rsa(2048);

        assertThat(ca.issueDevice(TestCsrs.csr(rsa, rsa, device), device).isIssued()).isTrue();
    }

    @Test
    void refuses_ec_key_on_another_curve_naming_the_curve() {
        KeyPair k1 = TestCsrs.ec("secp256k1");
        KeyPair brainpool = TestCsrs.ec("brainpoolP256r1");

        assertRejected(ca.issueDevice(TestCsrs.csr(k1, k1, device), device), Rejection.Code.WEAK_KEY,
                "secp256k1");
        assertRejected(ca.issueDevice(TestCsrs.csr(brainpool, brainpool, device), device), Rejection.Code.WEAK_KEY,
                "brainpoolP256r1");
    }

    @Test
    void refuses_csr_requesting_ca_rights() {
        KeyPair keys = KeyPairs.ecP256();

        assertRejected(ca.issueDevice(TestCsrs.csr(keys, keys, device, TestCsrs.caTrue()), device),
                Rejection.Code.REQUESTS_CA_RIGHTS, "CA rights");
        assertRejected(ca.issueDevice(TestCsrs.csr(keys, keys, device, TestCsrs.keyCertSign()), device),
                Rejection.Code.REQUESTS_CA_RIGHTS, "CA rights");
    }

    @Test
    void issues_service_certificates_with_dns_and_ip_names() throws Exception {
        X509Certificate cert = ca.issueService("mqtt", KeyPairs.ecP256().getPublic(), List.of("mqtt.example.org"),
                List.of("127.0.0.1"), Duration.ofDays(365)).get(0);

        assertThat(Identities.serviceNameOf(cert)).contains("mqtt");
        assertThat(cert.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                .containsExactlyInAnyOrder("urn:openintercom:service:mqtt", "mqtt.example.org", "127.0.0.1");
        assertThat(cert.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.1");
        assertThatThrownBy(() -> ca.issueService("bad name", KeyPairs.ecP256().getPublic(), List.of(), List.of(),
                Duration.ofDays(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ca_is_loaded_again_from_its_directory_with_keys_encrypted_at_rest() throws Exception {
        Path caDir = dir.resolve("ca");
        CertificateAuthority again = CertificateAuthority.createOrLoad(caDir, PASSPHRASE, Clock.systemUTC());

        assertThat(again.rootCertificate()).isEqualTo(ca.rootCertificate());
        assertThat(again.issuingCertificate()).isEqualTo(ca.issuingCertificate());
        assertThat(Files.readString(caDir.resolve("issuing.key"))).contains("ENCRYPTED PRIVATE KEY");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(caDir.resolve("root.key"))))
                .isEqualTo("rw-------");
        assertThatThrownBy(() -> CertificateAuthority.createOrLoad(caDir, "nope".toCharArray(), Clock.systemUTC()))
                .isInstanceOf(WrongPassphraseException.class).hasMessageContaining("root.key");
        Files.delete(caDir.resolve("issuing.crt"));
        assertThatThrownBy(() -> CertificateAuthority.createOrLoad(caDir, PASSPHRASE, Clock.systemUTC()))
                .hasMessageContaining("incomplete").hasMessageContaining("issuing.crt");
    }

    @Test
    void a_ca_key_that_does_not_belong_to_its_certificate_is_refused_on_load() {
        Path caDir = dir.resolve("ca");
        Pem.writePrivateKey(caDir.resolve("issuing.key"), KeyPairs.ecP384().getPrivate(), PASSPHRASE);

        assertThatThrownBy(() -> CertificateAuthority.createOrLoad(caDir, PASSPHRASE, Clock.systemUTC()))
                .isInstanceOf(PkiException.class).hasMessageContaining("issuing.key")
                .hasMessageContaining("does not belong");
    }

    @Test
    void refuses_csr_with_tampered_bytes() throws Exception {
        byte[] der = CertificateRequests.create(KeyPairs.ecP256(), device).getEncoded();
        byte[] subject = device.value().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int at = indexOf(der, subject);
        DeviceId other = new DeviceId((device.value().charAt(0) == 'A' ? "B" : "A") + device.value().substring(1));
        System.arraycopy(other.value().getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, der, at,
                subject.length);

        assertRejected(ca.issueDevice(new PKCS10CertificationRequest(der), other), Rejection.Code.BAD_SIGNATURE,
                "does not verify");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void ca_certificates_have_constraints_and_key_usage() {
        X509Certificate root = ca.rootCertificate();
        X509Certificate issuing = ca.issuingCertificate();

        assertThat(root.getBasicConstraints()).isEqualTo(1);
        assertThat(issuing.getBasicConstraints()).isEqualTo(0);
        for (X509Certificate c : List.of(root, issuing)) {
            assertThat(c.getKeyUsage()[5]).as("keyCertSign").isTrue();
            assertThat(c.getKeyUsage()[6]).as("cRLSign").isTrue();
        }
        assertThat(Duration.between(root.getNotBefore().toInstant(), root.getNotAfter().toInstant()).toDays())
                .isGreaterThanOrEqualTo(20 * 365);
        assertThat(Duration.between(issuing.getNotBefore().toInstant(), issuing.getNotAfter().toInstant()).toDays())
                .isGreaterThanOrEqualTo(10 * 365);
    }

    @Test
    void revoked_serials_appear_in_the_crl_and_survive_a_reload() throws Exception {
        X509Certificate cert = ca.issueDevice(CertificateRequests.create(KeyPairs.ecP256(), device), device)
                .issuedChain().orElseThrow().get(0);
        BigInteger serial = cert.getSerialNumber();

        assertThat(ca.revoke(serial, RevocationReason.KEY_COMPROMISE)).isTrue();
        assertThat(ca.revoke(serial, RevocationReason.KEY_COMPROMISE)).isFalse();
        assertThat(ca.isRevoked(serial)).isTrue();
        X509CRL first = crl(ca.crl());
        first.verify(ca.issuingCertificate().getPublicKey());
        assertThat(first.isRevoked(cert)).isTrue();
        assertThat(first.getNextUpdate().getTime() - first.getThisUpdate().getTime())
                .isEqualTo(Duration.ofDays(1).toMillis());

        CertificateAuthority again = CertificateAuthority.createOrLoad(dir.resolve("ca"), PASSPHRASE,
                Clock.systemUTC());
        X509CRL second = crl(again.crl());
        assertThat(again.isRevoked(serial)).isTrue();
        assertThat(second.isRevoked(cert)).isTrue();
        assertThat(crlNumber(second)).isGreaterThan(crlNumber(first));
    }

    @Test
    void renewal_is_due_after_80_percent_of_the_lifetime() {
        Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
        CertificateAuthority fixed = CertificateAuthority.createOrLoad(dir.resolve("ca2"), PASSPHRASE,
                Clock.fixed(t0, ZoneOffset.UTC));
        X509Certificate cert = fixed.issueDevice(CertificateRequests.create(KeyPairs.ecP256(), device), device,
                Duration.ofDays(100).minus(CertificateAuthority.BACKDATE)).issuedChain().orElseThrow().get(0);

        Instant due = Renewal.dueAt(cert);

        assertThat(due).isEqualTo(t0.minus(CertificateAuthority.BACKDATE).plus(Duration.ofDays(80)));
        assertThat(Renewal.isDue(cert, due.minusSeconds(1))).isFalse();
        assertThat(Renewal.isDue(cert, due)).isTrue();
    }

    static X509CRL crl(byte[] der) throws Exception {
        return (X509CRL) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCRL(new java.io.ByteArrayInputStream(der));
    }

    private static BigInteger crlNumber(X509CRL crl) {
        byte[] ext = crl.getExtensionValue("2.5.29.20");
        return org.bouncycastle.asn1.ASN1Integer.getInstance(
                org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets()).getValue();
    }

    private static void assertRejected(IssueResult result, Rejection.Code code, String message) {
        assertThat(result.isIssued()).isFalse();
        Rejection r = result.rejectionReason().orElseThrow();
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.message()).contains(message);
    }
}
