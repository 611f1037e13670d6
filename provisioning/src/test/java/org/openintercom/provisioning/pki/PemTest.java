package org.openintercom.provisioning.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Clock;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.provisioning.claim.DeviceId;

class PemTest {

    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;

    @Test
    void encrypted_private_key_reads_back_with_its_passphrase_and_is_owner_only() throws Exception {
        KeyPair keys = KeyPairs.ecP256();
        Path file = dir.resolve("device.key");

        Pem.writePrivateKey(file, keys.getPrivate(), PASSPHRASE);

        assertThat(Files.readString(file)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(signsFor(Pem.readPrivateKey(file, PASSPHRASE), keys)).isTrue();
    }

    @Test
    void plain_private_key_reads_back_without_a_passphrase() throws Exception {
        KeyPair keys = KeyPairs.ecP256();
        Path file = dir.resolve("birth.key");

        Pem.writePrivateKey(file, keys.getPrivate(), null);

        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(signsFor(Pem.readPrivateKey(file, null), keys)).isTrue();
    }

    @Test
    void wrong_passphrase_is_reported_naming_the_file() {
        Path file = dir.resolve("ca.key");
        Pem.writePrivateKey(file, KeyPairs.ecP256().getPrivate(), PASSPHRASE);

        assertThatThrownBy(() -> Pem.readPrivateKey(file, "wrong".toCharArray()))
                .isInstanceOf(WrongPassphraseException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("passphrase is wrong");
        assertThatThrownBy(() -> Pem.readPrivateKey(file, null))
                .isInstanceOf(WrongPassphraseException.class)
                .hasMessageContaining("no passphrase");
    }

    @Test
    void corrupted_pem_is_reported_naming_the_file() throws Exception {
        KeyPair keys = KeyPairs.ecP256();
        PKCS10CertificationRequest csr = CertificateRequests.create(keys, DeviceId.random());
        String pem = Pem.csrToPem(csr);
        Path file = dir.resolve("broken.csr");
        String[] lines = pem.split("\n");
        lines[2] = "%%%%" + lines[2].substring(4);
        Files.writeString(file, String.join("\n", lines), StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> Pem.readCsr(file))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining(file.toString());
        Path garbage = dir.resolve("garbage.crt");
        Files.writeString(garbage, "this is not a certificate\n");
        assertThatThrownBy(() -> Pem.readCertificates(garbage))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining(garbage.toString());
        assertThatThrownBy(() -> Pem.readCertificates(dir.resolve("missing.crt")))
                .hasMessageContaining("missing.crt");
    }

    @Test
    void a_key_file_read_as_a_certificate_says_what_it_holds() {
        Path file = dir.resolve("oops.crt");
        Pem.writePrivateKey(file, KeyPairs.ecP256().getPrivate(), null);

        assertThatThrownBy(() -> Pem.readCertificates(file))
                .hasMessageContaining("holds a private key where a certificate was expected");
    }

    @Test
    void chains_csrs_and_crls_round_trip(@TempDir Path caDir) {
        CertificateAuthority ca = CertificateAuthority.createOrLoad(caDir, PASSPHRASE, Clock.systemUTC());
        DeviceId id = DeviceId.random();
        PKCS10CertificationRequest csr = CertificateRequests.create(KeyPairs.ecP256(), id);
        Pem.writeCsr(dir.resolve("d.csr"), csr);
        assertThat(Pem.readCsr(dir.resolve("d.csr"))).isEqualTo(csr);

        List<java.security.cert.X509Certificate> chain = ca.issueDevice(csr, id).issuedChain().orElseThrow();
        Pem.writeCertificates(dir.resolve("chain.pem"), chain);
        assertThat(Pem.readCertificates(dir.resolve("chain.pem"))).isEqualTo(chain);
        assertThat(Pem.parseCertificates(Pem.certificatesToPem(chain))).isEqualTo(chain);

        Pem.writeCrl(dir.resolve("ca.crl"), ca.crl());
        assertThat(Pem.readCrl(dir.resolve("ca.crl")).getIssuerX500Principal())
                .isEqualTo(ca.issuingCertificate().getSubjectX500Principal());
    }

    private static boolean signsFor(java.security.PrivateKey key, KeyPair expected) throws Exception {
        byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(data);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(expected.getPublic());
        v.update(data);
        return v.verify(sig);
    }
}
