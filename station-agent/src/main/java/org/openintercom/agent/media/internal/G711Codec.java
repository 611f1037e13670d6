package org.openintercom.agent.media.internal;

/** PCMU/PCMA encoder and decoder: one byte per 8 kHz sample, 160 bytes per 20 ms. */
final class G711Codec implements AudioEncoder, AudioDecoder {

    private final boolean alaw;

    G711Codec(boolean alaw) {
        this.alaw = alaw;
    }

    @Override
    public int sampleRate() {
        return 8000;
    }

    @Override
    public byte[] encode(short[] frame) {
        byte[] out = new byte[frame.length];
        for (int i = 0; i < frame.length; i++) {
            out[i] = alaw ? G711.linearToAlaw(frame[i]) : G711.linearToUlaw(frame[i]);
        }
        return out;
    }

    @Override
    public short[] decode(byte[] payload) {
        short[] out = new short[payload.length];
        for (int i = 0; i < payload.length; i++) {
            out[i] = alaw ? G711.alawToLinear(payload[i]) : G711.ulawToLinear(payload[i]);
        }
        return out;
    }

    @Override
    public boolean concealsLoss() {
        return false;
    }

    @Override
    public void close() {
        // no native state
    }
}
