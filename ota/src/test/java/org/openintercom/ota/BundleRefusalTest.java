package org.openintercom.ota;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.ota.internal.BundleLayout;
import org.openintercom.provisioning.pki.KeyPairs;
import org.openintercom.provisioning.pki.internal.Certs;

class BundleRefusalTest {

    @TempDir
    Path dir;

    Releases releases;
    Releases.Signer signer;

    @BeforeEach
    void givenAReleaseCaAndSigner() {
        releases = Releases.givenReleaseCa(dir);
        signer = releases.givenSigner(SigningAlgorithm.ED25519);
    }

    private Verification verify(Path bundle) {
        return BundleVerifier.verify(bundle, releases.root(), Releases.NOW);
    }

    private static Verification.Refused refused(Verification v) {
        assertThat(v).isInstanceOf(Verification.Refused.class);
        return (Verification.Refused) v;
    }

    @Test
    void an_unsigned_bundle_is_refused_as_not_signed() {
        Path bundle = releases.givenUnsignedBundle("fw", 100_000);

        assertThat(refused(verify(bundle)).reason()).isEqualTo(RefusalReason.NOT_SIGNED);
    }

    @Test
    void a_manifest_changed_after_signing_is_refused_as_bad_signature() throws Exception {
        Path bundle = releases.givenSignedBundle("fw", 100_000, signer);
        byte[] manifest = Bundle.open(bundle).manifestBytes();
        String text = new String(manifest, StandardCharsets.UTF_8);
        int at = text.indexOf("\"IM6\"") + 2;

        overwrite(bundle, BundleLayout.manifestOffset() + at, new byte[] {'7'});

        Verification.Refused r = refused(verify(bundle));
        assertThat(r.reason()).isEqualTo(RefusalReason.BAD_SIGNATURE);
        assertThat(r.message()).contains("does not verify over the manifest");
    }

    @Test
    void a_damaged_payload_chunk_is_refused_naming_its_index() throws Exception {
        Path bundle = releases.givenSignedBundle("fw", 20L * Releases.CHUNK, signer);
        Bundle b = Bundle.open(bundle);

        overwrite(bundle, b.payloadOffset() + 5L * Releases.CHUNK + 123, new byte[] {0x55, 0x66});

        Verification.Refused r = refused(verify(bundle));
        assertThat(r.reason()).isEqualTo(RefusalReason.PAYLOAD_MISMATCH);
        assertThat(r.badChunk()).hasValue(5);
        assertThat(r.message()).startsWith("chunk 5 ");
    }

    @Test
    void a_truncated_payload_is_refused_naming_the_first_incomplete_chunk() throws Exception {
        Path bundle = releases.givenSignedBundle("fw", 10L * Releases.CHUNK, signer);
        Bundle b = Bundle.open(bundle);

        try (RandomAccessFile f = new RandomAccessFile(bundle.toFile(), "rw")) {
            f.setLength(b.payloadOffset() + 7L * Releases.CHUNK + 10);
        }

        Verification.Refused r = refused(verify(bundle));
        assertThat(r.reason()).isEqualTo(RefusalReason.PAYLOAD_MISMATCH);
        assertThat(r.badChunk()).hasValue(7);
        assertThat(r.message()).contains("truncated");
    }

    @Test
    void bytes_appended_after_the_payload_are_refused() throws Exception {
        Path bundle = releases.givenSignedBundle("fw", 100_000, signer);

        Files.write(bundle, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);

        assertThat(refused(verify(bundle)).reason()).isEqualTo(RefusalReason.PAYLOAD_MISMATCH);
    }

    @Test
    void a_signer_from_another_release_ca_is_untrusted() {
        Releases other = Releases.givenReleaseCa(dir.resolve("other"));
        Path bundle = releases.givenSignedBundle("fw", 100_000,
                other.givenSigner(SigningAlgorithm.ECDSA_P256_SHA256));

        Verification.Refused r = refused(verify(bundle));
        assertThat(r.reason()).isEqualTo(RefusalReason.UNTRUSTED_SIGNER);
        assertThat(r.message()).contains("not certified by the trusted release root");
    }

    @Test
    void an_expired_signer_is_refused_as_signer_expired() {
        Releases.Signer shortLived = releases.givenSigner(SigningAlgorithm.ED25519, Duration.ofDays(30));
        Path bundle = releases.givenSignedBundle("fw", 100_000, shortLived);

        Verification v = BundleVerifier.verify(bundle, releases.root(), Releases.NOW.plus(Duration.ofDays(31)));

        assertThat(refused(v).reason()).isEqualTo(RefusalReason.SIGNER_EXPIRED);
    }

    @Test
    void a_signer_without_code_signing_usage_is_untrusted() {
        KeyPair rootKeys = KeyPairs.ecP384();
        Instant from = Releases.NOW.minus(Duration.ofDays(1));
        Instant to = Releases.NOW.plus(Duration.ofDays(10));
        X509Certificate root = Certs.selfSignedCa(rootKeys, Certs.name("test root", null, "test"), from, to, 0);
        KeyPair keys = ReleaseKeys.generate(SigningAlgorithm.ED25519);
        X509Certificate client = Certs.endEntity(root, rootKeys.getPrivate(), Certs.name("tls client", null, "test"),
                SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()), from, to, List.of(),
                KeyPurposeId.id_kp_clientAuth);
        Path bundle = releases.givenUnsignedBundle("fw", 100_000);
        BundleSigner.sign(bundle, keys.getPrivate(), List.of(client, root));

        Verification.Refused r = refused(BundleVerifier.verify(bundle, root, Releases.NOW));

        assertThat(r.reason()).isEqualTo(RefusalReason.UNTRUSTED_SIGNER);
        assertThat(r.message()).contains("codeSigning");
    }

    @Test
    void an_unknown_container_version_is_unsupported() throws Exception {
        Path bundle = releases.givenSignedBundle("fw", 100_000, signer);

        overwrite(bundle, 8, new byte[] {0, 0, 0, 2});

        Verification.Refused r = refused(verify(bundle));
        assertThat(r.reason()).isEqualTo(RefusalReason.UNSUPPORTED_FORMAT);
        assertThat(r.message()).contains("container version 2");
    }

    @Test
    void a_signed_manifest_of_an_unknown_format_version_is_unsupported() {
        Path bundle = signedWithManifest("{\"formatVersion\":2,\"somethingNew\":true}");

        Verification.Refused r = refused(verify(bundle));
        assertThat(r.reason()).isEqualTo(RefusalReason.UNSUPPORTED_FORMAT);
        assertThat(r.message()).contains("manifest format version 2");
    }

    @Test
    void a_signed_manifest_that_cannot_be_read_is_malformed() {
        Path bundle = signedWithManifest("{\"formatVersion\":1,\"version\":\"one\"}");

        Verification.Refused r = refused(verify(bundle));
        assertThat(r.reason()).isEqualTo(RefusalReason.MANIFEST_MALFORMED);
        assertThat(r.message()).contains("'version'");
    }

    @Test
    void a_file_that_is_not_a_bundle_is_unsupported() throws Exception {
        Path file = dir.resolve("firmware.tar");
        Files.writeString(file, "this is not a bundle");

        assertThat(refused(verify(file)).reason()).isEqualTo(RefusalReason.UNSUPPORTED_FORMAT);
    }

    @Test
    void a_header_that_claims_more_than_the_file_holds_is_malformed() throws Exception {
        Path bundle = releases.givenSignedBundle("fw", 0, signer);

        overwrite(bundle, 12, new byte[] {0, 0x10, 0, 0});

        assertThat(refused(verify(bundle)).reason()).isEqualTo(RefusalReason.MANIFEST_MALFORMED);
    }

    private Path signedWithManifest(String json) {
        Path bundle = dir.resolve("odd.oib");
        BundleBuilder.write(json.getBytes(StandardCharsets.UTF_8), releases.givenPayload("odd.img", 10), bundle);
        BundleSigner.sign(bundle, signer.keys().getPrivate(), signer.chain());
        return bundle;
    }

    private static void overwrite(Path file, long offset, byte[] bytes) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            f.write(bytes);
        }
    }
}
