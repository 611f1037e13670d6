package org.openintercom.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.provisioning.pki.WrongPassphraseException;

class ReleaseCaTest {

    @TempDir
    Path dir;

    @Test
    void a_release_ca_is_loaded_again_from_its_directory() {
        ReleaseCa created = ReleaseCa.createOrLoad(dir, Releases.PASSPHRASE, Releases.CLOCK);

        ReleaseCa loaded = ReleaseCa.createOrLoad(dir, Releases.PASSPHRASE, Releases.CLOCK);

        assertThat(loaded.rootCertificate()).isEqualTo(created.rootCertificate());
    }

    @Test
    void the_root_key_is_encrypted_and_owner_only() throws Exception {
        ReleaseCa.createOrLoad(dir, Releases.PASSPHRASE, Releases.CLOCK);
        Path key = dir.resolve(ReleaseCa.ROOT_KEY);

        assertThat(Files.readString(key)).contains("BEGIN ENCRYPTED PRIVATE KEY");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void a_wrong_passphrase_does_not_open_the_release_ca() {
        ReleaseCa.createOrLoad(dir, Releases.PASSPHRASE, Releases.CLOCK);

        assertThatThrownBy(() -> ReleaseCa.createOrLoad(dir, "wrong".toCharArray(), Releases.CLOCK))
                .isInstanceOf(WrongPassphraseException.class);
    }

    @Test
    void a_signer_certificate_allows_code_signing_only() throws Exception {
        ReleaseCa ca = ReleaseCa.createOrLoad(dir, Releases.PASSPHRASE, Releases.CLOCK);

        List<X509Certificate> chain = ca.issueSigner("release 2026", ReleaseKeys.generate(SigningAlgorithm.ED25519)
                .getPublic(), Duration.ofDays(30));

        assertThat(chain).hasSize(2).endsWith(ca.rootCertificate());
        assertThat(chain.get(0).getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.3");
        assertThat(chain.get(0).getBasicConstraints()).isEqualTo(-1);
        assertThat(chain.get(0).getSubjectX500Principal().getName()).contains("CN=release 2026");
    }

    @Test
    void an_rsa_key_cannot_become_a_release_signer() throws Exception {
        ReleaseCa ca = ReleaseCa.createOrLoad(dir, Releases.PASSPHRASE, Releases.CLOCK);
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);

        assertThatThrownBy(() -> ca.issueSigner("rsa", rsa.generateKeyPair().getPublic(), Duration.ofDays(1)))
                .hasMessageContaining("Ed25519 or EC P-256");
    }
}
