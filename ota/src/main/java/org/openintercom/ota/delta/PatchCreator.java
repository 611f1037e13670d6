package org.openintercom.ota.delta;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDictContentType;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import org.openintercom.ota.ProgressListener;
import org.openintercom.ota.internal.Hex;
import org.openintercom.ota.internal.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a patch: the header, then one zstd frame of the target compressed with the base loaded as a raw-content
 * dictionary (the "patch-from" technique), written to a temporary file that is renamed into place.
 *
 * <p>Why these zstd parameters: zstd-jni (1.5.7) cannot reference a prefix ({@code ZSTD_CCtx_refPrefix}, what
 * {@code zstd --patch-from} uses); it loads a dictionary into a CDict whose tables are built once and copied into
 * the context. In that mode long-distance matching does not index the dictionary (measured: it made patches
 * larger), so the regular match finder must reach the whole base: the lazy strategy with zstd's row-based hash
 * tables (no distance limit inside the window), a window covering base and target, and hash tables large enough
 * that the loader indexes the whole base. Measured on a 24 MB image: {@code hashLog = ceil(log2(base)) - 3} gave
 * a 7.9 MB patch, {@code - 2} a 55 KB one (the zstd command line's {@code --patch-from} made 62 KB); the same
 * step showed on a 66 MB image. Minimum match 6 and 16-entry rows keep low-entropy data (text, tables) from
 * crowding the base's positions out of the rows.
 */
final class PatchCreator {

    private static final Logger LOG = LoggerFactory.getLogger(PatchCreator.class);

    /** zstd's {@code ZSTD_lazy} strategy (row-based match finder, no distance limit inside the window). */
    private static final int STRATEGY_LAZY = 4;
    private static final int LEVEL = 3;
    private static final int SEARCH_LOG = 4;
    private static final int MIN_MATCH = 6;
    private static final int MIN_HASH_LOG = 20;
    private static final int MAX_HASH_LOG = 30;
    /** Largest base: it is held in one Java array while zstd copies it. */
    static final long MAX_BASE = Integer.MAX_VALUE - 64;
    private static final int BUFFER = 1 << 20;

    private PatchCreator() {
    }

    static DeltaHeader create(PayloadFile base, PayloadFile target, Path patchOut, ProgressListener progress) {
        if (base.length() > MAX_BASE) {
            throw new IllegalArgumentException("the base payload is " + base.length() + " bytes; patches are made "
                    + "from bases of at most " + MAX_BASE + " bytes");
        }
        int windowLog = windowLog(base.length() + target.length());
        if (windowLog > DeltaHeader.MAX_WINDOW_LOG) {
            throw new IllegalArgumentException("base and target together are " + (base.length() + target.length())
                    + " bytes; a patch needs a zstd window covering both, at most 2^" + DeltaHeader.MAX_WINDOW_LOG);
        }
        long total = base.length() + target.length();
        Path out = patchOut.toAbsolutePath();
        Path temp = null;
        try {
            temp = Files.createTempFile(out.getParent(), "." + out.getFileName(), ".tmp");
            DeltaHeader header;
            try (ZstdCompressCtx zstd = new ZstdCompressCtx();
                    FileChannel in = FileChannel.open(target.file(), StandardOpenOption.READ);
                    FileChannel patch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                String baseSha256 = configure(zstd, base, windowLog, progress, total);
                zstd.setPledgedSrcSize(target.length());
                patch.write(ByteBuffer.allocate(DeltaHeader.LENGTH), 0);
                patch.position(DeltaHeader.LENGTH);
                String targetSha256 = compress(zstd, in, target, patch, progress, base.length(), total);
                header = new DeltaHeader(base.length(), baseSha256, target.length(), targetSha256, windowLog);
                writeFully(patch, ByteBuffer.wrap(header.encode()), 0);
                patch.force(true);
            }
            Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("Made delta patch {}: {} bytes turn base {} ({} bytes) into target {} ({} bytes)", out,
                    Files.size(out), header.baseSha256(), header.baseSize(), header.targetSha256(),
                    header.targetSize());
            return header;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the patch " + patchOut + ": " + e.getMessage(), e);
        } catch (ZstdException e) {
            throw new IllegalStateException("zstd failed to make the patch " + patchOut + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** The smallest window log whose window holds {@code bytes} (base and target), at least zstd's minimum. */
    static int windowLog(long bytes) {
        int log = bytes <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(bytes - 1);
        return Math.max(DeltaHeader.MIN_WINDOW_LOG, log);
    }

    /** The hash log that lets zstd index the whole of a base of {@code baseSize} bytes (see the class comment). */
    static int hashLog(long baseSize) {
        return Math.clamp(windowLog(baseSize) - 2, MIN_HASH_LOG, MAX_HASH_LOG);
    }

    /** Reads and hashes the base, and loads it into {@code zstd} as its dictionary; returns the base's SHA-256. */
    private static String configure(ZstdCompressCtx zstd, PayloadFile base, int windowLog, ProgressListener progress,
            long total) throws IOException {
        int hashLog = hashLog(base.length());
        zstd.setLevel(LEVEL);
        zstd.setStrategy(STRATEGY_LAZY);
        zstd.setWindowLog(windowLog);
        zstd.setHashLog(hashLog);
        zstd.setSearchLog(SEARCH_LOG);
        zstd.setMinMatch(MIN_MATCH);
        zstd.setChecksum(true);
        zstd.setContentSize(true);
        byte[] bytes = new byte[(int) base.length()];
        MessageDigest sha = Sha256.digest();
        try (FileChannel ch = FileChannel.open(base.file(), StandardOpenOption.READ)) {
            int done = 0;
            while (done < bytes.length) {
                int n = ch.read(ByteBuffer.wrap(bytes, done, Math.min(BUFFER, bytes.length - done)),
                        base.offset() + done);
                if (n < 0) {
                    throw new IOException(base.file() + " ends before its payload's " + base.length() + " bytes");
                }
                sha.update(bytes, done, n);
                done += n;
                progress.progressed(done, total);
            }
        }
        if (bytes.length > 0) {
            // zstd copies the dictionary into native memory; the array can go once this returns
            zstd.loadDict(bytes, ZstdDictContentType.RAW_CONTENT);
        }
        return Hex.of(sha.digest());
    }

    /** Compresses the target into {@code patch}; returns the target's SHA-256. */
    private static String compress(ZstdCompressCtx zstd, FileChannel in, PayloadFile target, FileChannel patch,
            ProgressListener progress, long done, long total) throws IOException {
        ByteBuffer src = ByteBuffer.allocateDirect(BUFFER);
        ByteBuffer dst = ByteBuffer.allocateDirect(BUFFER + (BUFFER >> 7) + 512);
        MessageDigest sha = Sha256.digest();
        long read = 0;
        while (read < target.length()) {
            src.clear().limit((int) Math.min(BUFFER, target.length() - read));
            int n = in.read(src, target.offset() + read);
            if (n < 0) {
                throw new IOException(target.file() + " ends before its payload's " + target.length() + " bytes");
            }
            src.flip();
            sha.update(src.duplicate());
            read += n;
            while (src.hasRemaining()) {
                zstd.compressDirectByteBufferStream(dst, src, EndDirective.CONTINUE);
                drain(dst, patch);
            }
            progress.progressed(done + read, total);
        }
        src.clear().flip();
        boolean finished;
        do {
            finished = zstd.compressDirectByteBufferStream(dst, src, EndDirective.END);
            drain(dst, patch);
        } while (!finished);
        return Hex.of(sha.digest());
    }

    private static void drain(ByteBuffer dst, FileChannel patch) throws IOException {
        dst.flip();
        while (dst.hasRemaining()) {
            patch.write(dst);
        }
        dst.clear();
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b, position + b.position());
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // moved into place already, or the work failed; nothing to keep
            }
        }
    }
}
