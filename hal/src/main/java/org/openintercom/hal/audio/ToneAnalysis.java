package org.openintercom.hal.audio;

/**
 * Measures PCM audio: the dominant frequency (Hann-windowed FFT peak with parabolic interpolation), the RMS
 * level, and how much of the energy lies near a given frequency; used to prove a tone got through a path.
 */
public final class ToneAnalysis {

    private static final int MAX_FFT = 1 << 16;

    private ToneAnalysis() {
    }

    /** Frequency in Hz of the strongest spectral peak (DC excluded); 0 for silence or fewer than 64 samples. */
    public static double dominantFrequency(short[] samples, int sampleRate) {
        double[] power = powerSpectrum(samples);
        if (power.length == 0) {
            return 0;
        }
        int n = power.length * 2;
        int peak = 2;
        for (int k = 3; k < power.length - 1; k++) {
            if (power[k] > power[peak]) {
                peak = k;
            }
        }
        if (power[peak] == 0) {
            return 0;
        }
        double a = Math.log(power[peak - 1] + 1e-12);
        double b = Math.log(power[peak] + 1e-12);
        double c = Math.log(power[peak + 1] + 1e-12);
        double denom = a - 2 * b + c;
        double offset = denom == 0 ? 0 : 0.5 * (a - c) / denom;
        return (peak + offset) * sampleRate / n;
    }

    /** Root mean square of all samples (0 to 32768). */
    public static double rms(short[] samples) {
        return rms(samples, 0, samples.length);
    }

    /** Root mean square of {@code samples[from, to)}. */
    public static double rms(short[] samples, int from, int to) {
        if (to <= from) {
            return 0;
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    /**
     * Ratio in dB of the energy within {@code bandHz} of {@code frequencyHz} to all other energy (DC excluded):
     * high for a clean tone, low for noise or a different tone.
     */
    public static double toneToRestDb(short[] samples, int sampleRate, double frequencyHz, double bandHz) {
        double[] power = powerSpectrum(samples);
        int n = power.length * 2;
        double in = 0;
        double rest = 1e-9;
        for (int k = 2; k < power.length; k++) {
            double f = (double) k * sampleRate / n;
            if (Math.abs(f - frequencyHz) <= bandHz) {
                in += power[k];
            } else {
                rest += power[k];
            }
        }
        return 10 * Math.log10((in + 1e-9) / rest);
    }

    /** Copies {@code samples[from, to)}, convenient to skip a transient at the start of a recording. */
    public static short[] slice(short[] samples, int from, int to) {
        short[] out = new short[Math.max(0, to - from)];
        System.arraycopy(samples, from, out, 0, out.length);
        return out;
    }

    /** Power of bins 0..n/2-1 of a Hann-windowed FFT over the last power-of-two-sized block of samples. */
    private static double[] powerSpectrum(short[] samples) {
        if (samples.length < 64) {
            return new double[0];
        }
        int n = Integer.highestOneBit(Math.min(samples.length, MAX_FFT));
        int start = samples.length - n;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
            re[i] = samples[start + i] * w;
        }
        fft(re, im);
        double[] power = new double[n / 2];
        for (int k = 0; k < n / 2; k++) {
            power[k] = re[k] * re[k] + im[k] * im[k];
        }
        return power;
    }

    /** In-place iterative radix-2 FFT; {@code re.length} must be a power of two. */
    private static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double angle = -2 * Math.PI / len;
            double wr = Math.cos(angle);
            double wi = Math.sin(angle);
            for (int i = 0; i < n; i += len) {
                double cr = 1;
                double ci = 0;
                for (int k = 0; k < len / 2; k++) {
                    int a = i + k;
                    int b = a + len / 2;
                    double tr = re[b] * cr - im[b] * ci;
                    double ti = re[b] * ci + im[b] * cr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                    double ncr = cr * wr - ci * wi;
                    ci = cr * wi + ci * wr;
                    cr = ncr;
                }
            }
        }
    }
}
