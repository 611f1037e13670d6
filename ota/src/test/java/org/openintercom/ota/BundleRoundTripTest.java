package org.openintercom.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BundleRoundTripTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void a_built_and_signed_bundle_verifies_against_the_release_root(SigningAlgorithm algorithm) throws Exception {
        Releases releases = Releases.givenReleaseCa(dir);
        Releases.Signer signer = releases.givenSigner(algorithm);
        long size = 3L * Releases.CHUNK * 16 + 1000;
        Path payload = releases.givenPayload("fw.img", size);
        Path bundle = dir.resolve("fw.oib");

        Manifest built = BundleBuilder.build(payload, Releases.spec("1.2.0").withSecurityCritical(true), bundle,
                Releases.CLOCK);
        BundleSigner.sign(bundle, signer.keys().getPrivate(), signer.chain());
        Verification v = BundleVerifier.verify(bundle, releases.root(), Releases.NOW);

        assertThat(v).isInstanceOf(Verification.Valid.class);
        Verification.Valid valid = (Verification.Valid) v;
        assertThat(valid.manifest()).isEqualTo(built);
        assertThat(valid.signer()).isEqualTo(signer.chain().get(0));
        assertThat(built.payloadSize()).isEqualTo(size);
        assertThat(built.chunkCount()).isEqualTo(49);
        assertThat(built.chunkLength(48)).isEqualTo(1000);
        assertThat(built.securityCritical()).isTrue();
        assertThat(built.payloadSha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(payload))));
    }

    @Test
    void signing_does_not_move_the_payload() {
        Releases releases = Releases.givenReleaseCa(dir);
        Path bundle = releases.givenUnsignedBundle("fw", 200_000);
        Bundle before = Bundle.open(bundle);

        Releases.Signer signer = releases.givenSigner(SigningAlgorithm.ED25519);
        BundleSigner.sign(bundle, signer.keys().getPrivate(), signer.chain());
        Bundle after = Bundle.open(bundle);

        assertThat(before.signed()).isFalse();
        assertThat(after.signed()).isTrue();
        assertThat(after.payloadOffset()).isEqualTo(before.payloadOffset());
        assertThat(after.manifestBytes()).isEqualTo(before.manifestBytes());
    }

    @Test
    void signing_a_copy_leaves_the_original_unsigned() {
        Releases releases = Releases.givenReleaseCa(dir);
        Path bundle = releases.givenUnsignedBundle("fw", 100_000);
        Releases.Signer signer = releases.givenSigner(SigningAlgorithm.ECDSA_P256_SHA256);

        BundleSigner.signCopy(bundle, dir.resolve("signed.oib"), signer.keys().getPrivate(), signer.chain());

        assertThat(Bundle.open(bundle).signed()).isFalse();
        assertThat(BundleVerifier.verify(dir.resolve("signed.oib"), releases.root(), Releases.NOW).isValid()).isTrue();
    }

    @Test
    void a_key_that_does_not_match_the_chain_cannot_sign() {
        Releases releases = Releases.givenReleaseCa(dir);
        Path bundle = releases.givenUnsignedBundle("fw", 10_000);
        Releases.Signer signer = releases.givenSigner(SigningAlgorithm.ED25519);
        Releases.Signer other = releases.givenSigner(SigningAlgorithm.ED25519);

        assertThatThrownBy(() -> BundleSigner.sign(bundle, other.keys().getPrivate(), signer.chain()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
    }

    @Test
    void an_empty_payload_makes_a_bundle_with_no_chunks() {
        Releases releases = Releases.givenReleaseCa(dir);
        Releases.Signer signer = releases.givenSigner(SigningAlgorithm.ED25519);
        Path bundle = releases.givenSignedBundle("empty", 0, signer);

        Verification v = BundleVerifier.verify(bundle, releases.root(), Releases.NOW);

        assertThat(v.isValid()).isTrue();
        assertThat(((Verification.Valid) v).manifest().chunkCount()).isZero();
    }

    @Test
    void verification_reports_progress_up_to_the_payload_size() {
        Releases releases = Releases.givenReleaseCa(dir);
        Releases.Signer signer = releases.givenSigner(SigningAlgorithm.ED25519);
        Path bundle = releases.givenSignedBundle("fw", 300_000, signer);
        long[] last = {0, 0};

        BundleVerifier.verify(bundle, releases.root(), Releases.NOW, (done, total) -> {
            last[0] = done;
            last[1] = total;
        });

        assertThat(last).containsExactly(300_000, 300_000);
    }
}
