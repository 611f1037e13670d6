package org.openintercom.ota;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import org.openintercom.ota.internal.BundleLayout;

/**
 * An {@code .oib} file opened for reading: its manifest bytes, its signature block if signed and where its
 * payload starts; the payload itself is never loaded (read it with {@link #openPayload()}).
 *
 * @param file            the bundle file
 * @param manifestBytes   the manifest exactly as stored: the bytes the signature covers
 * @param signatureBytes  the signature block as stored; empty if the bundle is not signed
 * @param signatureCapacity size of the signature area
 * @param payloadOffset   offset of the payload in the file
 * @param payloadLength   bytes from the payload offset to the end of the file
 */
public record Bundle(Path file, byte[] manifestBytes, byte[] signatureBytes, int signatureCapacity,
        long payloadOffset, long payloadLength) {

    /**
     * Reads the header, manifest and signature block of {@code file}.
     *
     * @throws BundleFormatException if the file is not a bundle, uses an unknown container version, or its
     *         header does not fit the file
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Bundle open(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer header = read(ch, 0, (int) Math.min(size, BundleLayout.HEADER_LENGTH));
            if (header.remaining() < BundleLayout.MAGIC.length
                    || !Arrays.equals(Arrays.copyOf(header.array(), BundleLayout.MAGIC.length), BundleLayout.MAGIC)) {
                throw new BundleFormatException(file + " is not an OpenIntercom bundle (no .oib magic)", true);
            }
            if (header.remaining() < BundleLayout.HEADER_LENGTH) {
                throw new BundleFormatException(file + " ends inside the bundle header", false);
            }
            header.position(BundleLayout.MAGIC.length);
            int version = header.getInt();
            if (version != BundleLayout.CONTAINER_VERSION) {
                throw new BundleFormatException(file + " uses bundle container version " + Integer.toUnsignedString(
                        version) + "; this software reads version " + BundleLayout.CONTAINER_VERSION, true);
            }
            int manifestLength = header.getInt();
            int capacity = header.getInt();
            int signatureLength = header.getInt();
            if (manifestLength <= 0 || manifestLength > ManifestJson.MAX_BYTES) {
                throw new BundleFormatException(file + " declares a manifest of " + Integer.toUnsignedString(
                        manifestLength) + " bytes (1.." + ManifestJson.MAX_BYTES + " allowed)", false);
            }
            if (capacity < 0 || capacity > BundleLayout.SIGNATURE_CAPACITY * 4 || signatureLength < 0
                    || signatureLength > capacity) {
                throw new BundleFormatException(file + " declares a signature of " + Integer.toUnsignedString(
                        signatureLength) + " bytes in an area of " + Integer.toUnsignedString(capacity), false);
            }
            long payloadOffset = BundleLayout.payloadOffset(manifestLength, capacity);
            if (payloadOffset > size) {
                throw new BundleFormatException(file + " is " + size + " bytes, shorter than its header, manifest "
                        + "and signature area (" + payloadOffset + " bytes)", false);
            }
            byte[] manifest = read(ch, BundleLayout.manifestOffset(), manifestLength).array();
            byte[] signature = read(ch, BundleLayout.signatureOffset(manifestLength), signatureLength).array();
            return new Bundle(file, manifest, signature, capacity, payloadOffset, size - payloadOffset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundle " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether the bundle carries a signature block. */
    public boolean signed() {
        return signatureBytes.length > 0;
    }

    /** The signature block, if the bundle is signed (read tolerantly; see {@link SignatureBlock#decode}). */
    public Optional<SignatureBlock> signatureBlock() {
        return signed() ? Optional.of(SignatureBlock.decode(signatureBytes)) : Optional.empty();
    }

    /** The manifest, parsed without checking the signature (for inspection; verify before trusting it). */
    public Manifest unverifiedManifest() {
        return ManifestJson.decode(manifestBytes);
    }

    /** A channel positioned at the start of the payload; the caller closes it. */
    public FileChannel openPayload() {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            ch.position(payloadOffset);
            return ch;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the payload of " + file + ": " + e.getMessage(), e);
        }
    }

    private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                break;
            }
        }
        return b.flip();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bundle b && file.equals(b.file) && Arrays.equals(manifestBytes, b.manifestBytes)
                && Arrays.equals(signatureBytes, b.signatureBytes) && signatureCapacity == b.signatureCapacity
                && payloadOffset == b.payloadOffset && payloadLength == b.payloadLength;
    }

    @Override
    public int hashCode() {
        return file.hashCode() * 31 + Arrays.hashCode(manifestBytes);
    }

    @Override
    public String toString() {
        return "Bundle[" + file + ", manifest " + manifestBytes.length + " B, " + (signed() ? "signed" : "unsigned")
                + ", payload " + payloadLength + " B at " + payloadOffset + "]";
    }
}
