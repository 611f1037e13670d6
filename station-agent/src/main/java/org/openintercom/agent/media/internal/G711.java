package org.openintercom.agent.media.internal;

/** G.711 µ-law and A-law companding of single 16-bit samples (ITU-T G.711 segment formulas). */
public final class G711 {

    private static final int ULAW_BIAS = 0x84;
    private static final int ULAW_CLIP = 32635;

    private G711() {
    }

    /** Encodes a linear sample to a µ-law byte (PCMU). */
    public static byte linearToUlaw(short sample) {
        int s = sample;
        int sign = 0;
        if (s < 0) {
            sign = 0x80;
            s = -s;
        }
        s = Math.min(s, ULAW_CLIP) + ULAW_BIAS;
        int exponent = Math.max(0, 31 - Integer.numberOfLeadingZeros(s) - 7);
        int mantissa = (s >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    /** Decodes a µ-law byte to a linear sample. */
    public static short ulawToLinear(byte code) {
        int u = ~code & 0xFF;
        int exponent = (u >> 4) & 0x07;
        int magnitude = ((((u & 0x0F) << 3) + ULAW_BIAS) << exponent) - ULAW_BIAS;
        return (short) ((u & 0x80) != 0 ? -magnitude : magnitude);
    }

    /** Encodes a linear sample to an A-law byte (PCMA), including the even-bit inversion (XOR 0x55). */
    public static byte linearToAlaw(short sample) {
        int s = sample >> 3; // A-law works on 13-bit magnitudes
        int mask;
        if (s >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            s = -s - 1;
        }
        int segment = 0;
        while (segment < 8 && s > (0x20 << segment) - 1) {
            segment++;
        }
        if (segment >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int mantissa = segment < 2 ? (s >> 1) & 0x0F : (s >> segment) & 0x0F;
        return (byte) (((segment << 4) | mantissa) ^ mask);
    }

    /** Decodes an A-law byte to a linear sample. */
    public static short alawToLinear(byte code) {
        int a = (code & 0xFF) ^ 0x55;
        int magnitude = ((a & 0x0F) << 4) + 8;
        int segment = (a & 0x70) >> 4;
        if (segment >= 1) {
            magnitude = (magnitude + 0x100) << (segment - 1);
        }
        return (short) ((a & 0x80) != 0 ? magnitude : -magnitude);
    }
}
