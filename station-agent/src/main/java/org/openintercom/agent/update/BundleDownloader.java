package org.openintercom.agent.update;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.openintercom.ota.Bundle;
import org.openintercom.ota.BundleFormatException;
import org.openintercom.ota.BundleVerifier;
import org.openintercom.ota.ChunkCheck;
import org.openintercom.ota.ChunkVerifier;
import org.openintercom.ota.Manifest;
import org.openintercom.ota.Verification;
import org.openintercom.provisioning.channel.FirmwareAssignment;
import org.openintercom.provisioning.pki.internal.SecureFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one bundle's payload onto the device, in a job folder that survives restarts: first the header,
 * manifest and signature (verified before anything else is fetched), then the payload chunk by chunk with HTTP
 * Range into {@code payload.part}, every chunk checked against the signed manifest and only bad chunks fetched
 * again; or, when a delta is offered for the running image, the patch (resumable too) applied to the running
 * image, with chunks it got wrong fetched from the full bundle.
 *
 * <p>Files in the job folder: {@code header.bin} (bytes before the payload), {@code payload.part},
 * {@code chunks.json} ({@link ChunkLedger}) and {@code patch.part}.
 */
public final class BundleDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(BundleDownloader.class);
    static final String HEADER = "header.bin";
    static final String PAYLOAD = "payload.part";
    static final String LEDGER = "chunks.json";
    static final String PATCH = "patch.part";
    private static final int HEADER_LENGTH = 24;
    private static final int MAX_MANIFEST = 8 << 20;
    private static final int MAX_SIGNATURE_AREA = 64 << 10;
    private static final int PATCH_PIECE = 1 << 20;
    /** Room left on the disk beyond what the download needs. */
    static final long DISK_MARGIN = 1 << 20;

    /** Told after each chunk that is stored and verified. */
    @FunctionalInterface
    public interface Progress {
        void chunks(int done, int total);
    }

    private final RangeClient http;
    private final Path job;
    private final FreeSpace freeSpace;
    private final int maxChunkRefetches;
    private int badChunks;

    BundleDownloader(RangeClient http, Path job, FreeSpace freeSpace, int maxChunkRefetches) {
        this.http = http;
        this.job = job;
        this.freeSpace = freeSpace;
        this.maxChunkRefetches = maxChunkRefetches;
    }

    /** How many HTTP requests were sent so far. */
    long requests() {
        return http.requests();
    }

    /** How many chunks arrived damaged (and were fetched again) so far. */
    int badChunks() {
        return badChunks;
    }

    /**
     * The verified manifest of the assigned bundle: fetches the bytes before the payload (once; kept in
     * {@code header.bin}) and verifies signer, signature and manifest.
     *
     * @throws UpdateAbort REFUSED with the {@code RefusalReason} when the bundle is not trustworthy
     */
    Verification.Valid manifest(FirmwareAssignment a, X509Certificate releaseRoot, Instant now) {
        Path header = job.resolve(HEADER);
        try {
            Files.createDirectories(job);
            if (!Files.exists(header)) {
                ByteBuffer h = ByteBuffer.wrap(http.get(a.bundlePath(), 0, HEADER_LENGTH));
                int manifestLength = h.getInt(12);
                int signatureArea = h.getInt(16);
                if (manifestLength <= 0 || manifestLength > MAX_MANIFEST || signatureArea < 0
                        || signatureArea > MAX_SIGNATURE_AREA) {
                    throw UpdateAbort.refused("MANIFEST_MALFORMED", "the bundle header declares a manifest of "
                            + Integer.toUnsignedString(manifestLength) + " bytes and a signature area of "
                            + Integer.toUnsignedString(signatureArea));
                }
                byte[] rest = http.get(a.bundlePath(), HEADER_LENGTH, manifestLength + signatureArea);
                byte[] all = new byte[HEADER_LENGTH + rest.length];
                h.get(0, all, 0, HEADER_LENGTH);
                System.arraycopy(rest, 0, all, HEADER_LENGTH, rest.length);
                SecureFiles.write(header, all, false);
            }
            Bundle b = Bundle.open(header);
            Verification v = BundleVerifier.verifyManifest(b, releaseRoot, now);
            if (v instanceof Verification.Refused r) {
                throw UpdateAbort.refused(r.reason().name(), r.message());
            }
            return (Verification.Valid) v;
        } catch (BundleFormatException e) {
            throw UpdateAbort.refused(e.unsupported() ? "UNSUPPORTED_FORMAT" : "MANIFEST_MALFORMED", e.getMessage());
        } catch (IOException e) {
            throw UpdateAbort.io("cannot keep the bundle header", e);
        } catch (UncheckedIOException e) {
            throw UpdateAbort.io("cannot keep the bundle header", e.getCause());
        }
    }

    /** Where the payload starts in the bundle (from the kept header). */
    long payloadOffset() {
        return Bundle.open(job.resolve(HEADER)).payloadOffset();
    }

    /** The partial (then complete) payload file. */
    Path payloadFile() {
        return job.resolve(PAYLOAD);
    }

    /**
     * Fetches every chunk not yet verified; with {@code delta} (and a base image) tries the patch first, once.
     *
     * @throws UpdateAbort FAILED with {@code DISK_FULL}, {@code HTTP_<code>}, {@code RETRIES_EXHAUSTED} or
     *         {@code PAYLOAD_MISMATCH} (a chunk arrived damaged too often)
     */
    void payload(FirmwareAssignment a, Manifest m, DeltaSource delta, Progress progress) {
        ChunkLedger ledger = ChunkLedger.load(job.resolve(LEDGER), m.payloadSha256(), m.chunkCount());
        try {
            long missing = 0;
            for (int i = 0; i < m.chunkCount(); i++) {
                missing += ledger.isDone(i) ? 0 : m.chunkLength(i);
            }
            boolean tryDelta = delta != null && !ledger.deltaTried() && !ledger.complete();
            long patchLeft = tryDelta ? Math.max(0, delta.offer().patchSize() - size(job.resolve(PATCH))) : 0;
            long free = freeSpace.usableBytes(job);
            if (free < missing + patchLeft + DISK_MARGIN) {
                throw UpdateAbort.failed("DISK_FULL", "the download needs " + (missing + patchLeft + DISK_MARGIN)
                        + " bytes in " + job + ", " + free + " are free");
            }
            Path part = job.resolve(PAYLOAD);
            if (tryDelta) {
                applyDelta(delta, m, ledger);
            }
            try (RandomAccessFile raf = new RandomAccessFile(part.toFile(), "rw")) {
                if (raf.length() != m.payloadSize()) {
                    raf.setLength(m.payloadSize());
                }
            }
            long offset = payloadOffset();
            ChunkVerifier verifier = new ChunkVerifier(m);
            progress.chunks(ledger.doneCount(), m.chunkCount());
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
                for (int i = 0; i < m.chunkCount(); i++) {
                    if (ledger.isDone(i)) {
                        continue;
                    }
                    byte[] bytes = fetchChunk(a.bundlePath(), offset, m, verifier, i);
                    ch.write(ByteBuffer.wrap(bytes), m.chunkOffset(i));
                    ch.force(false);
                    ledger.markDone(i);
                    progress.chunks(ledger.doneCount(), m.chunkCount());
                }
            }
        } catch (IOException e) {
            throw UpdateAbort.io("cannot write the download", e);
        } catch (UncheckedIOException e) {
            throw UpdateAbort.io("cannot write the download", e.getCause());
        }
    }

    private byte[] fetchChunk(String path, long payloadOffset, Manifest m, ChunkVerifier verifier, int i) {
        for (int refetch = 0; ; refetch++) {
            byte[] bytes = http.get(path, payloadOffset + m.chunkOffset(i), m.chunkLength(i));
            ChunkCheck check = verifier.check(i, bytes);
            if (check.ok()) {
                return bytes;
            }
            badChunks++;
            if (refetch >= maxChunkRefetches) {
                throw UpdateAbort.failed("PAYLOAD_MISMATCH", "chunk " + i + " arrived damaged " + (refetch + 1)
                        + " times: " + check.message());
            }
            LOG.warn("chunk {} of {} arrived damaged ({}); fetching it again", i, path, check.message());
        }
    }

    /**
     * VERIFYING: reads the whole payload back and checks every chunk and the payload's SHA-256. Bad chunks are
     * marked missing again (the next {@link #payload} fetches them) and returned.
     */
    List<Integer> verify(Manifest m) {
        ChunkLedger ledger = ChunkLedger.load(job.resolve(LEDGER), m.payloadSha256(), m.chunkCount());
        ChunkVerifier verifier = new ChunkVerifier(m);
        List<Integer> bad = new ArrayList<>();
        MessageDigest whole = sha256();
        try (FileChannel ch = FileChannel.open(job.resolve(PAYLOAD), StandardOpenOption.READ)) {
            if (ch.size() != m.payloadSize()) {
                throw UpdateAbort.failed("PAYLOAD_MISMATCH", "the payload file has " + ch.size() + " bytes, the "
                        + "manifest says " + m.payloadSize());
            }
            ByteBuffer buf = ByteBuffer.allocate(m.chunkSize());
            for (int i = 0; i < m.chunkCount(); i++) {
                buf.clear().limit(m.chunkLength(i));
                long pos = m.chunkOffset(i);
                while (buf.hasRemaining() && ch.read(buf, pos + buf.position()) >= 0) {
                    // read the chunk fully
                }
                whole.update(buf.array(), 0, buf.position());
                if (!verifier.check(i, buf.array(), 0, buf.position()).ok()) {
                    bad.add(i);
                }
            }
        } catch (IOException e) {
            throw UpdateAbort.io("cannot read the downloaded payload", e);
        }
        if (!bad.isEmpty()) {
            ledger.markBad(bad);
            return bad;
        }
        String digest = HexFormat.of().formatHex(whole.digest());
        if (!digest.equals(m.payloadSha256())) {
            throw UpdateAbort.failed("PAYLOAD_MISMATCH", "every chunk is right but the payload's SHA-256 is "
                    + digest + ", the manifest says " + m.payloadSha256());
        }
        return bad;
    }

    /** A delta offer and the running image it applies to. */
    record DeltaSource(FirmwareAssignment.DeltaOffer offer, Path baseImage, PatchApplier applier) {
    }

    private void applyDelta(DeltaSource delta, Manifest m, ChunkLedger ledger) throws IOException {
        Path patch = job.resolve(PATCH);
        long have = size(patch);
        long total = delta.offer().patchSize();
        try (OutputStream out = Files.newOutputStream(patch, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            while (have < total) {
                int n = (int) Math.min(PATCH_PIECE, total - have);
                out.write(http.get(delta.offer().patchPath(), have, n));
                out.flush();
                have += n;
            }
        } catch (UpdateAbort e) {
            if (e.state() == org.openintercom.provisioning.channel.UpdateProgress.State.FAILED
                    && !"DISK_FULL".equals(e.reason())) {
                LOG.warn("cannot fetch the delta {} ({}); downloading the full bundle", delta.offer().patchPath(),
                        e.getMessage());
                ledger.markDeltaTried();
                return;
            }
            throw e;
        }
        ledger.markDeltaTried(); // tried once: a patch that kills the process is not tried again
        Path part = job.resolve(PAYLOAD);
        try (InputStream in = Files.newInputStream(patch);
                OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            delta.applier().apply(delta.baseImage(), in, out);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IOException io && String.valueOf(io.getMessage()).contains("No space left")) {
                throw UpdateAbort.io("cannot apply the delta", io);
            }
            LOG.warn("the delta {} does not apply ({}); downloading the full bundle", delta.offer().patchPath(),
                    e.toString());
            Files.deleteIfExists(part);
            return;
        }
        List<Integer> good = new ArrayList<>();
        ChunkVerifier verifier = new ChunkVerifier(m);
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(m.chunkSize());
            for (int i = 0; i < m.chunkCount(); i++) {
                buf.clear().limit(m.chunkLength(i));
                long pos = m.chunkOffset(i);
                while (buf.hasRemaining() && ch.read(buf, pos + buf.position()) >= 0) {
                    // read the chunk fully
                }
                if (verifier.check(i, buf.array(), 0, buf.position()).ok()) {
                    good.add(i);
                }
            }
            ch.force(true);
        }
        ledger.markDone(good);
        Files.deleteIfExists(patch);
        LOG.info("the delta produced {} of {} chunks right; fetching {} from the full bundle", good.size(),
                m.chunkCount(), m.chunkCount() - good.size());
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies the verified payload to {@code out}. */
    void copyPayload(OutputStream out) {
        try (FileChannel ch = FileChannel.open(job.resolve(PAYLOAD), StandardOpenOption.READ)) {
            ch.transferTo(0, ch.size(), Channels.newChannel(out));
        } catch (IOException e) {
            throw UpdateAbort.io("cannot read the downloaded payload", e);
        }
    }
}
