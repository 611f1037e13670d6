package org.openintercom.agent.media.internal;

/**
 * Packet-loss concealment for codecs without their own: repeats the last good frame with a falling gain,
 * then plays silence.
 */
final class Concealer {

    private static final double[] GAINS = {0.8, 0.6, 0.4, 0.2};

    private short[] last;
    private int misses;

    /** Remembers a good frame. */
    void good(short[] frame) {
        last = frame;
        misses = 0;
    }

    /** A frame for the next lost one. */
    short[] conceal(int frameSamples) {
        short[] out = new short[frameSamples];
        if (last != null && misses < GAINS.length) {
            double g = GAINS[misses];
            for (int i = 0; i < Math.min(frameSamples, last.length); i++) {
                out[i] = (short) (last[i] * g);
            }
        }
        misses++;
        return out;
    }
}
