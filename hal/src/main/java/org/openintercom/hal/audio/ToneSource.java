package org.openintercom.hal.audio;

/** A sine tone of a fixed frequency and amplitude, phase-continuous across frames; never runs out. */
public final class ToneSource implements AudioSource {

    private final AudioFormat format;
    private final double frequencyHz;
    private final double amplitude;
    private double phase;

    /** {@code amplitude} is the peak in 16-bit units (e.g. 8000 ≈ -12 dBFS). */
    public ToneSource(AudioFormat format, double frequencyHz, double amplitude) {
        if (frequencyHz <= 0 || frequencyHz >= format.sampleRate() / 2.0) {
            throw new IllegalArgumentException("tone frequency must be between 0 and " + format.sampleRate() / 2
                    + " Hz at " + format.sampleRate() + " Hz, not " + frequencyHz);
        }
        this.format = format;
        this.frequencyHz = frequencyHz;
        this.amplitude = Math.min(32767, Math.abs(amplitude));
    }

    public double frequencyHz() {
        return frequencyHz;
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public synchronized boolean read(short[] frame) {
        double step = 2 * Math.PI * frequencyHz / format.sampleRate();
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (short) Math.round(amplitude * Math.sin(phase));
            phase += step;
            if (phase > 2 * Math.PI) {
                phase -= 2 * Math.PI;
            }
        }
        return true;
    }

    @Override
    public void close() {
    }
}
