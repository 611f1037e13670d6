package org.openintercom.hal.audio;

/**
 * Converts a stream of 20 ms mono PCM frames between 8, 16 and 48 kHz with a windowed-sinc (Blackman) FIR
 * that low-passes below the lower Nyquist frequency; filter history is kept across frames so a continuous
 * signal stays continuous. Not thread-safe: one instance per stream.
 */
public final class Resampler {

    /** Zero crossings of the sinc kernel on each side of the centre. */
    private static final int ZERO_CROSSINGS = 10;
    /** Cut-off as a fraction of the lower Nyquist frequency (leaves room for the transition band). */
    private static final double CUTOFF = 0.9;

    private final int inRate;
    private final int outRate;
    private final int halfWidth;
    private final int phases;
    private final double[][] taps;
    private final double[] buffer;
    private final int historyLength;

    /** A resampler from {@code inRate} to {@code outRate}; both must be 8000, 16000 or 48000. */
    public Resampler(int inRate, int outRate) {
        new AudioFormat(inRate);
        new AudioFormat(outRate);
        this.inRate = inRate;
        this.outRate = outRate;
        double bandwidth = CUTOFF * Math.min(inRate, outRate) / inRate; // 2 * cutoff / inRate
        this.halfWidth = (int) Math.ceil(ZERO_CROSSINGS / bandwidth);
        int g = gcd(inRate, outRate);
        this.phases = outRate / g;
        this.taps = new double[phases][2 * halfWidth];
        for (int p = 0; p < phases; p++) {
            double frac = (double) p / phases;
            double sum = 0;
            for (int j = 0; j < 2 * halfWidth; j++) {
                double d = (j - halfWidth + 1) - frac; // input offset relative to the output position
                double w = kernel(d, bandwidth);
                taps[p][j] = w;
                sum += w;
            }
            for (int j = 0; j < 2 * halfWidth; j++) {
                taps[p][j] /= sum; // unity gain at DC for every phase
            }
        }
        this.historyLength = 2 * halfWidth;
        this.buffer = new double[historyLength + inRate / 50];
    }

    /** A resampler between two formats. */
    public static Resampler between(AudioFormat from, AudioFormat to) {
        return new Resampler(from.sampleRate(), to.sampleRate());
    }

    public int inRate() {
        return inRate;
    }

    public int outRate() {
        return outRate;
    }

    /** Resamples one 20 ms frame ({@code inRate / 50} samples) into a new 20 ms frame at the output rate. */
    public short[] process(short[] frame) {
        short[] out = new short[outRate / 50];
        process(frame, out);
        return out;
    }

    /** Resamples one 20 ms frame into {@code out} ({@code outRate / 50} samples). */
    public void process(short[] frame, short[] out) {
        int inLen = inRate / 50;
        if (frame.length != inLen || out.length != outRate / 50) {
            throw new IllegalArgumentException("expected " + inLen + " in and " + outRate / 50 + " out samples, got "
                    + frame.length + " and " + out.length);
        }
        if (inRate == outRate) {
            System.arraycopy(frame, 0, out, 0, inLen);
            return;
        }
        for (int i = 0; i < inLen; i++) {
            buffer[historyLength + i] = frame[i];
        }
        for (int n = 0; n < out.length; n++) {
            long num = (long) n * inRate; // output position in input samples = num / outRate
            int whole = (int) (num / outRate);
            int phase = (int) ((num % outRate) * phases / outRate);
            int centre = historyLength - halfWidth + whole; // delayed by halfWidth input samples
            double[] h = taps[phase];
            int start = centre - halfWidth + 1;
            double acc = 0;
            for (int j = 0; j < h.length; j++) {
                acc += h[j] * buffer[start + j];
            }
            out[n] = saturate(acc);
        }
        System.arraycopy(buffer, inLen, buffer, 0, historyLength);
    }

    private static double kernel(double d, double bandwidth) {
        double x = d * bandwidth;
        double sinc = x == 0 ? 1.0 : Math.sin(Math.PI * x) / (Math.PI * x);
        double pos = (d + ZERO_CROSSINGS / bandwidth) / (2 * ZERO_CROSSINGS / bandwidth); // 0..1 across the window
        if (pos <= 0 || pos >= 1) {
            return 0;
        }
        double window = 0.42 - 0.5 * Math.cos(2 * Math.PI * pos) + 0.08 * Math.cos(4 * Math.PI * pos);
        return bandwidth * sinc * window;
    }

    private static short saturate(double v) {
        long r = Math.round(v);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
