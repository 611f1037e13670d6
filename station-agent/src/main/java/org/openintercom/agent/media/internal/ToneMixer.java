package org.openintercom.agent.media.internal;

/**
 * Adds a sine tone (−12 dBFS) to frames until a deadline, keeping its phase continuous from frame to frame.
 * One instance per direction (each has its own sample rate and phase); used from the tick thread only.
 */
final class ToneMixer {

    private static final double AMPLITUDE = 8000;

    private double phase;

    /** Adds {@code hz} to {@code frame} (at {@code rate}) if {@code hz > 0}, saturating. */
    void mix(short[] frame, int rate, int hz) {
        if (hz <= 0) {
            phase = 0;
            return;
        }
        double step = 2 * Math.PI * hz / rate;
        for (int i = 0; i < frame.length; i++) {
            int v = frame[i] + (int) Math.round(AMPLITUDE * Math.sin(phase));
            frame[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
            phase += step;
        }
        phase %= 2 * Math.PI;
    }
}
