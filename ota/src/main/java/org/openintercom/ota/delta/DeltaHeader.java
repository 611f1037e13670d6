package org.openintercom.ota.delta;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.openintercom.ota.internal.Hex;

/**
 * The fixed header in front of a patch (docs/ota.md, "Delta updates"): which base payload the patch applies to and
 * which target it produces. Integers are big-endian; the header is {@value #LENGTH} bytes.
 *
 * @param baseSize     length of the base payload in bytes
 * @param baseSha256   SHA-256 of the base payload, lower-case hex
 * @param targetSize   length of the target payload in bytes
 * @param targetSha256 SHA-256 of the target payload, lower-case hex
 * @param windowLog    zstd window log of the frame that follows: the decoder must accept windows of
 *                     {@code 2^windowLog} bytes
 */
public record DeltaHeader(long baseSize, String baseSha256, long targetSize, String targetSha256, int windowLog) {

    /** {@code 89 'O' 'I' 'D' CR LF SUB LF}: the bundle magic's scheme, with D for delta. */
    static final byte[] MAGIC = {(byte) 0x89, 'O', 'I', 'D', '\r', '\n', 0x1a, '\n'};
    /** The only patch format version this code reads and writes. */
    public static final int FORMAT_VERSION = 1;
    /** Header length: magic 8, version 4, base size 8, base SHA-256 32, target size 8, target SHA-256 32, window 4. */
    public static final int LENGTH = 96;
    /** Smallest window log zstd knows. */
    static final int MIN_WINDOW_LOG = 10;
    /** Largest window log zstd accepts on 64-bit machines (2 GiB windows). */
    static final int MAX_WINDOW_LOG = 31;

    private static final HexFormat HEX = HexFormat.of();

    public DeltaHeader {
        if (baseSize < 0 || targetSize < 0) {
            throw new IllegalArgumentException("sizes cannot be negative: base " + baseSize + ", target " + targetSize);
        }
        Hex.requireSha256(baseSha256, "baseSha256");
        Hex.requireSha256(targetSha256, "targetSha256");
        if (windowLog < MIN_WINDOW_LOG || windowLog > MAX_WINDOW_LOG) {
            throw new IllegalArgumentException("windowLog must be " + MIN_WINDOW_LOG + ".." + MAX_WINDOW_LOG + ", was "
                    + windowLog);
        }
    }

    /** The header's {@value #LENGTH} bytes. */
    public byte[] encode() {
        return ByteBuffer.allocate(LENGTH).put(MAGIC).putInt(FORMAT_VERSION).putLong(baseSize)
                .put(HEX.parseHex(baseSha256)).putLong(targetSize).put(HEX.parseHex(targetSha256)).putInt(windowLog)
                .array();
    }

    /**
     * Reads a header from the first {@value #LENGTH} bytes of {@code in}, leaving the stream at the zstd frame.
     *
     * @throws DeltaException if the bytes are not a patch header of format version {@value #FORMAT_VERSION}
     * @throws UncheckedIOException if {@code in} cannot be read
     */
    public static DeltaHeader read(InputStream in) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(LENGTH);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the patch header: " + e.getMessage(), e);
        }
        if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new DeltaException("not an OpenIntercom delta patch (no patch magic)");
        }
        if (bytes.length < LENGTH) {
            throw new DeltaException("the patch ends inside its header (" + bytes.length + " of " + LENGTH + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).position(MAGIC.length);
        int version = b.getInt();
        if (version != FORMAT_VERSION) {
            throw new DeltaException("the patch uses format version " + Integer.toUnsignedString(version)
                    + "; this software reads version " + FORMAT_VERSION);
        }
        long baseSize = b.getLong();
        String baseSha256 = HEX.formatHex(bytes, b.position(), b.position() + 32);
        b.position(b.position() + 32);
        long targetSize = b.getLong();
        String targetSha256 = HEX.formatHex(bytes, b.position(), b.position() + 32);
        b.position(b.position() + 32);
        int windowLog = b.getInt();
        try {
            return new DeltaHeader(baseSize, baseSha256, targetSize, targetSha256, windowLog);
        } catch (IllegalArgumentException e) {
            throw new DeltaException("the patch header is damaged: " + e.getMessage(), e);
        }
    }
}
