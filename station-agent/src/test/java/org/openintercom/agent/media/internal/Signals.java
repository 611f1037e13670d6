package org.openintercom.agent.media.internal;

/** Test helper: sine tones and frame splitting. */
final class Signals {

    private Signals() {
    }

    static short[] tone(double hz, int rate, int samples, double amplitude) {
        short[] s = new short[samples];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    static short[] frame(short[] signal, int index, int frameSamples) {
        short[] f = new short[frameSamples];
        System.arraycopy(signal, index * frameSamples, f, 0, frameSamples);
        return f;
    }

    /** Signal-to-noise ratio in dB of {@code decoded} against {@code original} shifted by the best lag up to 64. */
    static double snrDb(short[] original, short[] decoded, int skip) {
        double best = Double.NEGATIVE_INFINITY;
        for (int lag = 0; lag <= 64; lag++) {
            double signal = 0;
            double noise = 0;
            for (int i = skip; i + lag < decoded.length && i < original.length; i++) {
                double e = decoded[i + lag] - original[i];
                signal += (double) original[i] * original[i];
                noise += e * e;
            }
            best = Math.max(best, 10 * Math.log10(signal / Math.max(noise, 1e-9)));
        }
        return best;
    }
}
