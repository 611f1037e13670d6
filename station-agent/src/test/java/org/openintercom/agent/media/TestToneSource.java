package org.openintercom.agent.media;

import org.openintercom.hal.audio.AudioFormat;
import org.openintercom.hal.audio.AudioSource;

/** Test helper: a microphone that produces an endless sine tone. */
final class TestToneSource implements AudioSource {

    private final AudioFormat format;
    private final double hz;
    private long n;

    TestToneSource(AudioFormat format, double hz) {
        this.format = format;
        this.hz = hz;
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public boolean read(short[] frame) {
        for (int i = 0; i < frame.length; i++, n++) {
            frame[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * hz * n / format.sampleRate()));
        }
        return true;
    }

    @Override
    public void close() {
    }
}
