package org.openintercom.agent.media.internal;

import java.util.Optional;

/**
 * One RTP packet (RFC 3550) as a value: marker, payload type, 16-bit sequence number, 32-bit timestamp and SSRC
 * (kept in longs/ints without sign), and the payload. CSRCs, header extensions and padding are skipped on
 * parsing and never written.
 */
public record RtpPacket(boolean marker, int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) {

    /** Size of the fixed header this class writes. */
    public static final int HEADER = 12;

    /**
     * Parses {@code buf[off, off+len)}; empty if it is not a well-formed version-2 RTP packet (too short,
     * wrong version, CSRC/extension/padding running past the end). Never throws on bad input.
     */
    public static Optional<RtpPacket> parse(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < HEADER || off + len > buf.length) {
            return Optional.empty();
        }
        int b0 = buf[off] & 0xFF;
        if (b0 >> 6 != 2) {
            return Optional.empty();
        }
        boolean padding = (b0 & 0x20) != 0;
        boolean extension = (b0 & 0x10) != 0;
        int csrcCount = b0 & 0x0F;
        int b1 = buf[off + 1] & 0xFF;
        int start = HEADER + 4 * csrcCount;
        if (extension) {
            if (start + 4 > len) {
                return Optional.empty();
            }
            int words = ((buf[off + start + 2] & 0xFF) << 8) | (buf[off + start + 3] & 0xFF);
            start += 4 + 4 * words;
        }
        int end = len;
        if (padding) {
            int pad = buf[off + len - 1] & 0xFF;
            if (pad == 0) {
                return Optional.empty();
            }
            end -= pad;
        }
        if (start > end) {
            return Optional.empty();
        }
        byte[] payload = new byte[end - start];
        System.arraycopy(buf, off + start, payload, 0, payload.length);
        return Optional.of(new RtpPacket((b1 & 0x80) != 0, b1 & 0x7F, readInt(buf, off + 2, 2),
                readLong(buf, off + 4), readLong(buf, off + 8), payload));
    }

    /** The packet on the wire: fixed 12-byte header (no CSRC, extension or padding) then the payload. */
    public byte[] serialize() {
        byte[] out = new byte[HEADER + payload.length];
        out[0] = (byte) 0x80;
        out[1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        out[2] = (byte) (sequence >> 8);
        out[3] = (byte) sequence;
        writeLong(out, 4, timestamp);
        writeLong(out, 8, ssrc);
        System.arraycopy(payload, 0, out, HEADER, payload.length);
        return out;
    }

    private static int readInt(byte[] b, int off, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    private static long readLong(byte[] b, int off) {
        return readInt(b, off, 4) & 0xFFFF_FFFFL;
    }

    private static void writeLong(byte[] b, int off, long v) {
        b[off] = (byte) (v >> 24);
        b[off + 1] = (byte) (v >> 16);
        b[off + 2] = (byte) (v >> 8);
        b[off + 3] = (byte) v;
    }
}
