package org.openintercom.hal.audio;

/** Discards what it is given (a station without a speaker, or a benchmark). */
public final class NullSink implements AudioSink {

    private final AudioFormat format;

    public NullSink(AudioFormat format) {
        this.format = format;
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public void write(short[] frame) {
    }

    @Override
    public void close() {
    }
}
