package org.openintercom.ota;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.openintercom.ota.internal.BundleLayout;
import org.openintercom.ota.internal.ChunkReader;
import org.openintercom.ota.internal.Hex;
import org.openintercom.ota.internal.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds an unsigned bundle from a payload file in two streaming passes (hash, then copy), so the payload is
 * never held in memory; the signature area is reserved so that signing later does not move the payload.
 */
public final class BundleBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(BundleBuilder.class);

    private BundleBuilder() {
    }

    /** Builds {@code out} from {@code payload}; see {@link #build(Path, BundleSpec, Path, Clock, ProgressListener)}. */
    public static Manifest build(Path payload, BundleSpec spec, Path out, Clock clock) {
        return build(payload, spec, out, clock, ProgressListener.NONE);
    }

    /**
     * Hashes {@code payload} chunk by chunk, writes the manifest and the payload to {@code out} (atomically:
     * through a temporary file in the same directory) and returns the manifest.
     *
     * @throws IllegalArgumentException if the spec does not make a valid manifest
     * @throws UncheckedIOException if a file cannot be read or written
     */
    public static Manifest build(Path payload, BundleSpec spec, Path out, Clock clock, ProgressListener progress) {
        long size = size(payload);
        MessageDigest whole = Sha256.digest();
        List<String> chunks = new ArrayList<>();
        long[] done = {0};
        try (FileChannel in = FileChannel.open(payload, StandardOpenOption.READ)) {
            ChunkReader.read(in, spec.chunkSize(), (index, bytes, length) -> {
                whole.update(bytes, 0, length);
                chunks.add(Sha256.hex(bytes, 0, length));
                done[0] += length;
                progress.progressed(done[0], size);
                return true;
            }, payload.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read payload " + payload + ": " + e.getMessage(), e);
        }
        if (done[0] != size) {
            throw new UncheckedIOException(new IOException("payload " + payload + " changed while it was hashed ("
                    + size + " bytes before, " + done[0] + " read)"));
        }
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, spec.version(), spec.models(),
                spec.hardwareRevisions(), spec.securityCritical(), spec.securityVersion(), size, spec.chunkSize(),
                chunks, Hex.of(whole.digest()), spec.deltaBase(), clock.instant().truncatedTo(ChronoUnit.SECONDS),
                spec.releaseNotes());
        write(ManifestJson.encode(manifest), payload, out);
        LOG.info("Built bundle {}: version {}, {} bytes in {} chunks", out, manifest.version(), size,
                manifest.chunkCount());
        return manifest;
    }

    /**
     * Writes a bundle of exactly {@code manifestBytes} (not re-encoded) and {@code payload}, unsigned; for
     * tools and tests that need a manifest this code would not write.
     */
    public static void write(byte[] manifestBytes, Path payload, Path out) {
        Path target = out.toAbsolutePath();
        Path temp = null;
        try {
            Files.createDirectories(target.getParent());
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try (FileChannel o = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    FileChannel in = FileChannel.open(payload, StandardOpenOption.READ)) {
                writeFully(o, BundleLayout.header(manifestBytes.length, BundleLayout.SIGNATURE_CAPACITY, 0));
                writeFully(o, ByteBuffer.wrap(manifestBytes));
                writeFully(o, ByteBuffer.allocate(BundleLayout.SIGNATURE_CAPACITY));
                long position = 0;
                long length = in.size();
                while (position < length) {
                    position += in.transferTo(position, length - position, o);
                }
                o.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot write bundle " + out + ": " + e.getMessage(), e);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static long size(Path payload) {
        try {
            return Files.size(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read payload " + payload + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the write already failed; a leftover temporary file is harmless
            }
        }
    }
}
