package org.openintercom.agent.media.internal;

/** Encodes 20 ms PCM frames at {@link #sampleRate()} into RTP payloads of one codec. Not thread-safe. */
public interface AudioEncoder extends AutoCloseable {

    /** Sample rate of the PCM this encoder takes. */
    int sampleRate();

    /** Encodes one 20 ms frame ({@code sampleRate() / 50} samples) into one RTP payload. */
    byte[] encode(short[] frame);

    @Override
    default void close() {
    }
}
