package org.openintercom.hal.audio;

import java.util.Arrays;

/** Digital silence, forever. */
public final class SilenceSource implements AudioSource {

    private final AudioFormat format;

    public SilenceSource(AudioFormat format) {
        this.format = format;
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public boolean read(short[] frame) {
        Arrays.fill(frame, (short) 0);
        return true;
    }

    @Override
    public void close() {
    }
}
