package org.openintercom.hal.audio;

/** Where a station's incoming audio goes (speaker, recording, file). Port. */
public interface AudioSink extends AutoCloseable {

    AudioFormat format();

    /** Plays or stores one 20 ms frame (length {@code format().frameSamples()}). Must not block long. */
    void write(short[] frame);

    @Override
    void close();
}
