package org.openintercom.ota.delta;

import com.github.luben.zstd.ZstdDictContentType;
import com.github.luben.zstd.ZstdDictDecompress;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import org.openintercom.ota.ProgressListener;
import org.openintercom.ota.internal.Hex;
import org.openintercom.ota.internal.Sha256;

/**
 * Applies a patch: checks its header against the base, maps the base read-only as zstd's raw-content dictionary
 * (by reference, so it never enters the Java heap) and streams the decoded target to the caller while hashing it.
 */
final class PatchApplier {

    private static final int BUFFER = 128 << 10;

    private PatchApplier() {
    }

    static DeltaHeader apply(PayloadFile base, InputStream patch, OutputStream target, ProgressListener progress) {
        DeltaHeader header = DeltaHeader.read(patch);
        try (FileChannel ch = FileChannel.open(base.file(), StandardOpenOption.READ)) {
            if (base.length() > PatchCreator.MAX_BASE) {
                throw new DeltaException("the base payload is " + base.length() + " bytes, larger than any base a "
                        + "patch is made from; this patch is for the base payload with SHA-256 "
                        + header.baseSha256());
            }
            MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, base.offset(), base.length());
            checkBase(header, base, mapped);
            if (base.length() == 0) {
                decode(header, patch, null, target, progress);
            } else {
                try (ZstdDictDecompress dictionary = new ZstdDictDecompress(mapped, true,
                        ZstdDictContentType.RAW_CONTENT)) {
                    decode(header, patch, dictionary, target, progress);
                }
            }
            return header;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the base payload " + base.file() + ": " + e.getMessage(), e);
        }
    }

    private static void checkBase(DeltaHeader header, PayloadFile base, MappedByteBuffer mapped) {
        MessageDigest sha = Sha256.digest();
        sha.update(mapped.duplicate());
        String actual = Hex.of(sha.digest());
        if (base.length() != header.baseSize() || !actual.equals(header.baseSha256())) {
            throw new DeltaException("this patch is for the base payload with SHA-256 " + header.baseSha256() + " ("
                    + header.baseSize() + " bytes); the base given (" + base.file() + ") has SHA-256 " + actual
                    + " (" + base.length() + " bytes)");
        }
    }

    private static void decode(DeltaHeader header, InputStream patch, ZstdDictDecompress dictionary,
            OutputStream target, ProgressListener progress) {
        MessageDigest sha = Sha256.digest();
        long produced = 0;
        byte[] buffer = new byte[BUFFER];
        try (ZstdInputStreamNoFinalizer zstd = new ZstdInputStreamNoFinalizer(new KeepOpen(patch))) {
            zstd.setLongMax(header.windowLog());
            if (dictionary != null) {
                zstd.setDict(dictionary);
            }
            int n;
            while ((n = zstd.read(buffer, 0, buffer.length)) >= 0) {
                if (n == 0) {
                    continue;
                }
                produced += n;
                if (produced > header.targetSize()) {
                    throw new DeltaException("the patch is damaged: it produces more than the " + header.targetSize()
                            + " bytes its header announces");
                }
                sha.update(buffer, 0, n);
                write(target, buffer, n);
                progress.progressed(produced, header.targetSize());
            }
        } catch (ZstdIOException | ZstdException e) {
            throw new DeltaException("the patch is damaged or truncated after " + produced + " bytes of the target: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the patch: " + e.getMessage(), e);
        }
        if (produced != header.targetSize()) {
            throw new DeltaException("the patch is truncated: it produced " + produced + " bytes, its header announces "
                    + header.targetSize());
        }
        String actual = Hex.of(sha.digest());
        if (!actual.equals(header.targetSha256())) {
            throw new DeltaException("the patch is damaged: it produced a target with SHA-256 " + actual
                    + ", its header announces " + header.targetSha256());
        }
    }

    private static void write(OutputStream target, byte[] buffer, int n) {
        try {
            target.write(buffer, 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the target: " + e.getMessage(), e);
        }
    }

    /** The caller's patch stream, which the zstd stream must not close. */
    private static final class KeepOpen extends FilterInputStream {
        KeepOpen(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the caller owns the stream
        }
    }
}
