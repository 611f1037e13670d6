package org.openintercom.ota;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.provisioning.pki.Pem;

/** Proves with the real openssl tool that bundles hold standard signatures, certificates and digests. */
class OpenSslInteropTest {

    @TempDir
    Path dir;

    /** Writes the parts openssl needs: manifest.bin, sig.bin, signer.pem, root.pem, payload.bin. */
    private Manifest givenPartsOfASignedBundle(SigningAlgorithm algorithm) throws IOException {
        Releases releases = Releases.givenReleaseCa(dir);
        Releases.Signer signer = releases.givenSigner(algorithm);
        Path bundle = releases.givenSignedBundle("fw", 250_000, signer);
        Bundle b = Bundle.open(bundle);
        Files.write(dir.resolve("manifest.bin"), b.manifestBytes());
        Files.write(dir.resolve("sig.bin"), b.signatureBlock().orElseThrow().signatureBytes());
        Pem.writeCertificates(dir.resolve("signer.pem"), List.of(signer.chain().get(0)));
        Pem.writeCertificates(dir.resolve("root.pem"), List.of(releases.root()));
        try (FileChannel in = b.openPayload(); var out = Files.newOutputStream(dir.resolve("payload.bin"))) {
            Channels.newInputStream(in).transferTo(out);
        }
        assertThat(openssl("x509", "-in", "signer.pem", "-pubkey", "-noout", "-out", "pub.pem")).startsWith("0:");
        return b.unverifiedManifest();
    }

    @Test
    void openssl_verifies_an_ed25519_signature_over_the_manifest_bytes() throws IOException {
        givenPartsOfASignedBundle(SigningAlgorithm.ED25519);

        assertThat(openssl("pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "manifest.bin",
                "-sigfile", "sig.bin")).startsWith("0:").contains("Signature Verified Successfully");
    }

    @Test
    void openssl_verifies_a_p256_signature_over_the_manifest_bytes() throws IOException {
        givenPartsOfASignedBundle(SigningAlgorithm.ECDSA_P256_SHA256);

        assertThat(openssl("dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.bin", "manifest.bin"))
                .startsWith("0:").contains("Verified OK");
    }

    @Test
    void openssl_rejects_the_signature_once_the_manifest_changes() throws IOException {
        givenPartsOfASignedBundle(SigningAlgorithm.ED25519);
        byte[] m = Files.readAllBytes(dir.resolve("manifest.bin"));
        m[m.length - 3] ^= 1;
        Files.write(dir.resolve("manifest.bin"), m);

        assertThat(openssl("pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "manifest.bin",
                "-sigfile", "sig.bin")).doesNotStartWith("0:");
    }

    @Test
    void openssl_accepts_the_signer_chain_and_sees_code_signing() throws IOException {
        givenPartsOfASignedBundle(SigningAlgorithm.ED25519);

        assertThat(openssl("verify", "-CAfile", "root.pem", "signer.pem")).startsWith("0:").contains("signer.pem: OK");
        assertThat(openssl("x509", "-in", "signer.pem", "-noout", "-ext", "extendedKeyUsage,keyUsage"))
                .contains("Code Signing", "Digital Signature");
    }

    @Test
    void the_payload_digest_is_the_plain_sha256_openssl_computes() throws IOException {
        Manifest m = givenPartsOfASignedBundle(SigningAlgorithm.ED25519);

        assertThat(openssl("dgst", "-sha256", "-r", "payload.bin")).contains(m.payloadSha256() + " *payload.bin");
    }

    @Test
    void openssl_opens_the_encrypted_release_root_key_with_the_passphrase() throws IOException {
        givenPartsOfASignedBundle(SigningAlgorithm.ED25519);

        assertThat(openssl("pkey", "-in", "release-ca/" + ReleaseCa.ROOT_KEY, "-passin",
                "pass:" + new String(Releases.PASSPHRASE), "-noout")).startsWith("0:");
        assertThat(openssl("pkey", "-in", "release-ca/" + ReleaseCa.ROOT_KEY, "-passin", "pass:wrong", "-noout"))
                .doesNotStartWith("0:");
    }

    /** Runs openssl in the test directory; returns "exit:output". */
    private String openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("openssl " + String.join(" ", args) + " timed out");
            }
            return p.exitValue() + ":" + output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
