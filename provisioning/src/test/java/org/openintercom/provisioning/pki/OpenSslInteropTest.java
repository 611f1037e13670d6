package org.openintercom.provisioning.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.provisioning.claim.DeviceId;

/** Checks with the real openssl tool that what this CA writes is read and verified by others. */
class OpenSslInteropTest {

    private static final String PASS = "interop-passphrase";

    @TempDir
    static Path dir;
    private static CertificateAuthority ca;

    @BeforeAll
    static void givenCa() {
        ca = CertificateAuthority.createOrLoad(dir.resolve("ca"), PASS.toCharArray(), Clock.systemUTC());
        Pem.writeCertificates(dir.resolve("root.pem"), List.of(ca.rootCertificate()));
        Pem.writeCertificates(dir.resolve("issuing.pem"), List.of(ca.issuingCertificate()));
    }

    @Test
    void openssl_verifies_every_issued_device_chain() {
        for (int i = 0; i < 3; i++) {
            DeviceId id = DeviceId.random();
            List<X509Certificate> chain = ca.issueDevice(CertificateRequests.create(KeyPairs.ecP256(), id), id)
                    .issuedChain().orElseThrow();
            Pem.writeCertificates(dir.resolve("device.pem"), List.of(chain.get(0)));

            OpenSsl.Run verify = OpenSsl.run(dir, "verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem",
                    "device.pem");
            assertThat(verify.exitCode()).as(verify.output()).isZero();
            assertThat(verify.output()).contains("device.pem: OK");

            OpenSsl.Run text = OpenSsl.run(dir, "x509", "-in", "device.pem", "-noout", "-text");
            assertThat(text.exitCode()).isZero();
            assertThat(text.output()).contains("URI:urn:openintercom:device:" + id)
                    .contains("Subject: O = OpenIntercom devices, CN = " + id)
                    .contains("TLS Web Client Authentication").contains("TLS Web Server Authentication")
                    .contains("CA:FALSE");
        }
    }

    @Test
    void openssl_verifies_the_signature_of_a_device_csr() {
        DeviceId id = DeviceId.random();
        Pem.writeCsr(dir.resolve("device.csr"), CertificateRequests.create(KeyPairs.ecP256(), id));

        OpenSsl.Run run = OpenSsl.run(dir, "req", "-in", "device.csr", "-noout", "-verify", "-subject");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).containsIgnoringCase("verify OK").contains("CN = " + id);
    }

    @Test
    void a_csr_made_by_openssl_is_certified_and_one_on_secp256k1_is_refused() {
        DeviceId id = DeviceId.random();
        OpenSsl.Run p256 = OpenSsl.run(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", "p256.key", "-subj", "/CN=" + id, "-out", "p256.csr");
        OpenSsl.Run k1 = OpenSsl.run(dir, "req", "-new", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:secp256k1", "-nodes", "-keyout", "k1.key", "-subj", "/CN=" + id, "-out", "k1.csr");
        assertThat(p256.exitCode()).as(p256.output()).isZero();
        assertThat(k1.exitCode()).as(k1.output()).isZero();

        assertThat(ca.issueDevice(Pem.readCsr(dir.resolve("p256.csr")), id).isIssued()).isTrue();
        assertThat(ca.issueDevice(Pem.readCsr(dir.resolve("k1.csr")), id).rejectionReason().orElseThrow().message())
                .contains("secp256k1");
    }

    @Test
    void openssl_verifies_a_service_certificate_for_ssl_server_use() {
        X509Certificate cert = ca.issueService("api", KeyPairs.ecP256().getPublic(), List.of("api.example.org"),
                List.of("10.0.0.7"), Duration.ofDays(30)).get(0);
        Pem.writeCertificates(dir.resolve("service.pem"), List.of(cert));

        OpenSsl.Run verify = OpenSsl.run(dir, "verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem",
                "-purpose", "sslserver", "service.pem");

        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(OpenSsl.run(dir, "x509", "-in", "service.pem", "-noout", "-text").output())
                .contains("URI:urn:openintercom:service:api").contains("DNS:api.example.org")
                .contains("IP Address:10.0.0.7");
    }

    @Test
    void openssl_reads_the_crl_and_lists_the_revoked_serial() throws Exception {
        DeviceId id = DeviceId.random();
        X509Certificate cert = ca.issueDevice(CertificateRequests.create(KeyPairs.ecP256(), id), id)
                .issuedChain().orElseThrow().get(0);
        ca.revoke(cert.getSerialNumber(), RevocationReason.CESSATION_OF_OPERATION);
        Files.write(dir.resolve("ca.crl"), ca.crl());

        OpenSsl.Run text = OpenSsl.run(dir, "crl", "-inform", "DER", "-in", "ca.crl", "-noout", "-text");

        assertThat(text.exitCode()).as(text.output()).isZero();
        assertThat(text.output().toUpperCase().replace(":", ""))
                .contains(cert.getSerialNumber().toString(16).toUpperCase());
        assertThat(text.output()).contains("Cessation Of Operation").contains("X509v3 CRL Number")
                .contains("Next Update");
        OpenSsl.Run verify = OpenSsl.run(dir, "crl", "-inform", "DER", "-in", "ca.crl", "-noout",
                "-CAfile", "issuing.pem");
        assertThat(verify.output()).contains("verify OK");
    }

    @Test
    void openssl_opens_the_encrypted_ca_key_only_with_the_passphrase() {
        Path key = dir.resolve("ca").resolve("issuing.key");

        OpenSsl.Run withPass = OpenSsl.run(dir, "pkey", "-in", key.toString(), "-passin", "pass:" + PASS,
                "-noout", "-text");
        OpenSsl.Run wrongPass = OpenSsl.run(dir, "pkey", "-in", key.toString(), "-passin", "pass:wrong", "-noout");
        OpenSsl.Run noPass = OpenSsl.run(dir, "pkey", "-in", key.toString(), "-passin", "pass:", "-noout");

        assertThat(withPass.exitCode()).as(withPass.output()).isZero();
        assertThat(withPass.output()).contains("NIST CURVE: P-384");
        assertThat(wrongPass.exitCode()).isNotZero();
        assertThat(noPass.exitCode()).isNotZero();
    }

    @Test
    void openssl_shows_the_encrypted_key_uses_pbes2_aes_256_cbc() {
        OpenSsl.Run asn1 = OpenSsl.run(dir, "asn1parse", "-in", dir.resolve("ca").resolve("root.key").toString());

        assertThat(asn1.output()).contains("PBES2").contains("PBKDF2").contains("aes-256-cbc")
                .contains("hmacWithSHA256");
    }
}
