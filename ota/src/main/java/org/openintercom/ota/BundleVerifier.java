package org.openintercom.ota;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.openintercom.ota.internal.ChainValidator;
import org.openintercom.ota.internal.ChunkReader;
import org.openintercom.ota.internal.Hex;
import org.openintercom.ota.internal.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a bundle may be trusted: container format, signature present, signer chained to the
 * release root and allowed to sign code, signature over the manifest, manifest readable, then the payload
 * streamed chunk by chunk against the manifest. The first failing check is the refusal.
 */
public final class BundleVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(BundleVerifier.class);

    private BundleVerifier() {
    }

    /** Verifies {@code bundle} without reporting progress. */
    public static Verification verify(Path bundle, X509Certificate trustedReleaseRoot, Instant now) {
        return verify(bundle, trustedReleaseRoot, now, ProgressListener.NONE);
    }

    /**
     * Verifies {@code bundle} against {@code trustedReleaseRoot} at time {@code now}.
     *
     * @throws UncheckedIOException if the file cannot be read (an infrastructure failure, not a refusal)
     */
    public static Verification verify(Path bundle, X509Certificate trustedReleaseRoot, Instant now,
            ProgressListener progress) {
        Bundle b;
        try {
            b = Bundle.open(bundle);
        } catch (BundleFormatException e) {
            return refused(bundle, e.unsupported() ? RefusalReason.UNSUPPORTED_FORMAT
                    : RefusalReason.MANIFEST_MALFORMED, e.getMessage());
        }
        Verification header = verifyManifest(b, trustedReleaseRoot, now);
        if (!(header instanceof Verification.Valid valid)) {
            LOG.info("Refused bundle {}: {}", bundle, header);
            return header;
        }
        Optional<Verification> payload = verifyPayload(b, valid.manifest(), progress);
        if (payload.isPresent()) {
            LOG.info("Refused bundle {}: {}", bundle, payload.get());
            return payload.get();
        }
        LOG.info("Verified bundle {}: version {} signed by {}", bundle, valid.manifest().version(),
                valid.signer().getSubjectX500Principal().getName());
        return valid;
    }

    /**
     * Verifies everything but the payload: signature, signer and manifest. A device uses this before it
     * downloads a payload, then checks the chunks with a {@link ChunkVerifier} as they arrive.
     */
    public static Verification verifyManifest(Bundle b, X509Certificate trustedReleaseRoot, Instant now) {
        if (!b.signed()) {
            return Verification.refused(RefusalReason.NOT_SIGNED, b.file() + " is not signed");
        }
        SignatureBlock block;
        List<X509Certificate> chain;
        try {
            block = b.signatureBlock().orElseThrow();
            chain = block.certificates();
        } catch (RuntimeException e) {
            return Verification.refused(RefusalReason.BAD_SIGNATURE, "the signature block cannot be read: "
                    + e.getMessage());
        }
        Optional<ChainValidator.Failure> chainFailure = ChainValidator.check(chain, trustedReleaseRoot, now);
        if (chainFailure.isPresent()) {
            ChainValidator.Failure f = chainFailure.get();
            return Verification.refused(f.problem() == ChainValidator.Problem.EXPIRED ? RefusalReason.SIGNER_EXPIRED
                    : RefusalReason.UNTRUSTED_SIGNER, f.message());
        }
        X509Certificate signer = chain.get(0);
        Optional<SigningAlgorithm> algorithm = SigningAlgorithm.byName(block.algorithm());
        if (algorithm.isEmpty()) {
            return Verification.refused(RefusalReason.BAD_SIGNATURE, "signature algorithm '" + block.algorithm()
                    + "' is not accepted (Ed25519 or SHA256withECDSA)");
        }
        if (SigningAlgorithm.forKey(signer.getPublicKey()).orElse(null) != algorithm.get()) {
            return Verification.refused(RefusalReason.BAD_SIGNATURE, "signature algorithm " + block.algorithm()
                    + " does not fit the signer's " + signer.getPublicKey().getAlgorithm() + " key");
        }
        byte[] signature;
        try {
            signature = block.signatureBytes();
        } catch (IllegalArgumentException e) {
            return Verification.refused(RefusalReason.BAD_SIGNATURE, "the signature is not base64: "
                    + e.getMessage());
        }
        if (!BundleSigner.verifies(algorithm.get(), signer, b.manifestBytes(), signature)) {
            return Verification.refused(RefusalReason.BAD_SIGNATURE, "the signature of "
                    + signer.getSubjectX500Principal().getName() + " does not verify over the manifest (the "
                    + "manifest was changed after signing, or the signature is damaged)");
        }
        Manifest manifest;
        try {
            int format = ManifestJson.formatVersion(b.manifestBytes());
            if (format != Manifest.FORMAT_VERSION) {
                return Verification.refused(RefusalReason.UNSUPPORTED_FORMAT, "manifest format version " + format
                        + "; this software reads version " + Manifest.FORMAT_VERSION);
            }
            manifest = ManifestJson.decode(b.manifestBytes());
        } catch (ManifestFormatException e) {
            return Verification.refused(RefusalReason.MANIFEST_MALFORMED, e.getMessage());
        }
        return Verification.valid(manifest, signer);
    }

    private static Optional<Verification> verifyPayload(Bundle b, Manifest manifest, ProgressListener progress) {
        if (b.payloadLength() != manifest.payloadSize()) {
            int firstBad = (int) Math.min(b.payloadLength() / manifest.chunkSize(), Math.max(0,
                    manifest.chunkCount() - 1));
            return Optional.of(Verification.badChunk(firstBad, "the payload is " + b.payloadLength()
                    + " bytes, the manifest says " + manifest.payloadSize() + (b.payloadLength() < manifest
                    .payloadSize() ? " (truncated; chunk " + firstBad + " is the first incomplete one)"
                    : " (extra bytes after the last chunk)")));
        }
        ChunkVerifier chunks = new ChunkVerifier(manifest);
        MessageDigest whole = Sha256.digest();
        ChunkCheck[] bad = {null};
        long[] done = {0};
        try (FileChannel in = b.openPayload()) {
            ChunkReader.read(in, manifest.chunkSize(), (index, bytes, length) -> {
                ChunkCheck check = chunks.check(index, bytes, 0, length);
                if (!check.ok()) {
                    bad[0] = check;
                    return false;
                }
                whole.update(bytes, 0, length);
                done[0] += length;
                progress.progressed(done[0], manifest.payloadSize());
                return true;
            }, "the payload of " + b.file());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the payload of " + b.file() + ": " + e.getMessage(), e);
        }
        if (bad[0] != null) {
            return Optional.of(Verification.badChunk(bad[0].index(), bad[0].message()));
        }
        String digest = Hex.of(whole.digest());
        if (!digest.equals(manifest.payloadSha256())) {
            return Optional.of(Verification.refused(RefusalReason.PAYLOAD_MISMATCH, "every chunk matches but the "
                    + "payload's SHA-256 is " + digest + ", the manifest says " + manifest.payloadSha256()));
        }
        return Optional.empty();
    }

    private static Verification refused(Path bundle, RefusalReason reason, String message) {
        Verification v = Verification.refused(reason, message);
        LOG.info("Refused bundle {}: {}", bundle, v);
        return v;
    }
}
