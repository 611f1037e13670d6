package org.openintercom.agent.media.internal;

/** Decodes RTP payloads of one codec into PCM at {@link #sampleRate()}, and conceals lost frames. Not thread-safe. */
public interface AudioDecoder extends AutoCloseable {

    /** Sample rate of the PCM this decoder produces. */
    int sampleRate();

    /** Decodes one payload; an empty array if the payload is unusable. */
    short[] decode(byte[] payload);

    /**
     * Whether the codec conceals lost frames itself ({@link #conceal} then gives real concealment); if not,
     * the caller repeats and fades the last frame.
     */
    boolean concealsLoss();

    /** A 20 ms frame replacing a lost one, using the codec's own loss concealment. */
    default short[] conceal() {
        return new short[sampleRate() / 50];
    }

    /**
     * A 20 ms frame replacing a lost one, recovered from the forward error correction data inside the
     * following packet's payload if the codec has any; otherwise the same as {@link #conceal()}.
     */
    default short[] recover(byte[] nextPayload) {
        return conceal();
    }

    @Override
    default void close() {
    }
}
