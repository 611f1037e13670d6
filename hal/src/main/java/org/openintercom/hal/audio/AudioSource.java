package org.openintercom.hal.audio;

/**
 * Where a station's outgoing audio comes from (microphone, tone, file). Port. The caller paces reads (one
 * frame every 20 ms); a hardware source blocks until the frame is captured, a synthetic one returns at once.
 */
public interface AudioSource extends AutoCloseable {

    AudioFormat format();

    /**
     * Fills {@code frame} (length {@code format().frameSamples()}) with the next 20 ms of audio. A source
     * that has run out (end of a non-looping file) fills silence and returns false.
     */
    boolean read(short[] frame);

    @Override
    void close();
}
