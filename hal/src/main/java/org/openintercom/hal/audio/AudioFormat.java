package org.openintercom.hal.audio;

import java.time.Duration;

/**
 * Linear PCM, signed 16-bit, mono, at 8, 16 or 48 kHz. Audio moves through the HAL in frames of
 * {@link #FRAME} (20 ms), the packet time of every codec we use.
 */
public record AudioFormat(int sampleRate) {

    public static final Duration FRAME = Duration.ofMillis(20);
    public static final AudioFormat NARROWBAND = new AudioFormat(8_000);
    public static final AudioFormat WIDEBAND = new AudioFormat(16_000);
    public static final AudioFormat FULLBAND = new AudioFormat(48_000);

    public AudioFormat {
        if (sampleRate != 8_000 && sampleRate != 16_000 && sampleRate != 48_000) {
            throw new IllegalArgumentException("sample rate must be 8000, 16000 or 48000 Hz, not " + sampleRate);
        }
    }

    /** Samples in one 20 ms frame: 160, 320 or 960. */
    public int frameSamples() {
        return sampleRate / 50;
    }
}
