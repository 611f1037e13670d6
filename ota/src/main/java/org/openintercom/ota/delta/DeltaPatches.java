package org.openintercom.ota.delta;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.openintercom.ota.ProgressListener;

/**
 * Makes and applies delta patches between two firmware payloads (docs/ota.md, "Delta updates").
 *
 * <p>A patch is a {@link DeltaHeader} followed by one zstd frame: the target payload compressed with the base
 * payload as a raw-content dictionary ("patch-from"), with a window covering both, so that every byte the
 * two versions share becomes a back-reference into the base. Patches are not signed; the device checks the target
 * it produced against the signed manifest of the full bundle.
 *
 * <p><b>Memory.</b> {@link #create} holds the base in the Java heap while zstd copies it (heap: the base size
 * plus 2 MiB). Natively, zstd then holds its copy of the base, a window buffer of about the target size, and
 * match tables of 5 × 2^hashLog bytes with hashLog = ceil(log2(base)) − 2 (1.25 to 2.5 × the base size).
 * For a 400 MB base and target: about 0.4 GB of heap and 1.5 GB of native memory (docs/ota.md gives measured
 * figures). {@link #apply} maps the base read-only (page cache, no heap) and needs native memory of about the
 * target size (zstd's decoding window, capped at the frame's content size) plus 128 KiB of heap.
 */
public final class DeltaPatches {

    private DeltaPatches() {
    }

    /**
     * Writes a patch that turns the raw image {@code basePayload} into {@code targetPayload}; see
     * {@link #create(PayloadFile, PayloadFile, Path, ProgressListener)}.
     */
    public static DeltaHeader create(Path basePayload, Path targetPayload, Path patchOut, ProgressListener progress) {
        return create(PayloadFile.image(basePayload), PayloadFile.image(targetPayload), patchOut, progress);
    }

    /**
     * Writes a patch that turns {@code base} into {@code target}, atomically: to a temporary file next to
     * {@code patchOut}, synced, then renamed over it. Progress counts the base read and the target compressed.
     *
     * @return the patch's header (base and target sizes and digests)
     * @throws IllegalArgumentException if the base is 2 GiB or more, or base and target together exceed 2 GiB
     *         (zstd's largest window)
     * @throws UncheckedIOException if a payload cannot be read or the patch cannot be written
     */
    public static DeltaHeader create(PayloadFile base, PayloadFile target, Path patchOut, ProgressListener progress) {
        return PatchCreator.create(base, target, patchOut, progress);
    }

    /**
     * Applies {@code patch} to the raw image {@code basePayload}, streaming the target into {@code target}; see
     * {@link #apply(PayloadFile, InputStream, OutputStream, ProgressListener)}.
     */
    public static DeltaHeader apply(Path basePayload, InputStream patch, OutputStream target) {
        return apply(PayloadFile.image(basePayload), patch, target, ProgressListener.NONE);
    }

    /**
     * Applies {@code patch} to {@code base}, writing the target to {@code target} as it is decoded (a device
     * writes straight into its inactive slot and checks each chunk as it completes). Neither stream is closed.
     *
     * <p>The base is checked first: a patch made for another base is refused before anything is written, with a
     * message naming both SHA-256 digests. A damaged or truncated patch fails with a {@link DeltaException} (zstd
     * checks the frame and its XXH64 checksum; the target's length and SHA-256 are checked against the header at
     * the end); it never hangs or ends silently. Bytes already written to {@code target} when it fails are
     * garbage: discard them. Because the patch is not signed, the caller must still check the target against the
     * signed manifest (chunk digests), as for any download.
     *
     * @return the patch's header
     * @throws DeltaException if the patch is not a patch, is for another base, or is damaged or truncated
     * @throws UncheckedIOException if the base or the patch cannot be read or the target cannot be written
     */
    public static DeltaHeader apply(PayloadFile base, InputStream patch, OutputStream target,
            ProgressListener progress) {
        return PatchApplier.apply(base, patch, target, progress);
    }

    /** Reads the header of a patch (which base it needs, which target it makes) and leaves the stream after it. */
    public static DeltaHeader readHeader(InputStream patch) {
        return DeltaHeader.read(patch);
    }
}
