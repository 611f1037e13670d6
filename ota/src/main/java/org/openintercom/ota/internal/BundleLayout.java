package org.openintercom.ota.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The fixed header of an {@code .oib} container (docs/ota.md, "Container"): magic, container version, manifest
 * length, signature area capacity and used signature length, all big-endian unsigned 32-bit integers.
 */
public final class BundleLayout {

    /** {@code 89 'O' 'I' 'B' CR LF SUB LF}: not text, and damaged by text-mode transfers (like PNG's). */
    public static final byte[] MAGIC = {(byte) 0x89, 'O', 'I', 'B', '\r', '\n', 0x1a, '\n'};
    /** The only container version this code reads and writes. */
    public static final int CONTAINER_VERSION = 1;
    /** Length of the fixed header in bytes. */
    public static final int HEADER_LENGTH = 24;
    /** Capacity of the signature area the builder reserves, so that signing never moves the payload. */
    public static final int SIGNATURE_CAPACITY = 16 << 10;
    /** Offset of the used-signature-length field. */
    public static final int SIGNATURE_LENGTH_OFFSET = 20;

    private BundleLayout() {
    }

    /** The header for a manifest of {@code manifestLength} bytes and a signature of {@code signatureLength} bytes. */
    public static ByteBuffer header(int manifestLength, int signatureCapacity, int signatureLength) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.BIG_ENDIAN);
        b.put(MAGIC).putInt(CONTAINER_VERSION).putInt(manifestLength).putInt(signatureCapacity)
                .putInt(signatureLength);
        return b.flip();
    }

    /** Offset of the manifest: right after the header. */
    public static long manifestOffset() {
        return HEADER_LENGTH;
    }

    /** Offset of the signature area. */
    public static long signatureOffset(int manifestLength) {
        return HEADER_LENGTH + (long) manifestLength;
    }

    /** Offset of the payload: after the manifest and the whole signature area. */
    public static long payloadOffset(int manifestLength, int signatureCapacity) {
        return HEADER_LENGTH + (long) manifestLength + signatureCapacity;
    }
}
