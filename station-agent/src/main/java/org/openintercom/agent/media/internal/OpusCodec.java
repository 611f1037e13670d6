package org.openintercom.agent.media.internal;

import club.minnced.opus.util.OpusLibrary;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;
import tomp2p.opuswrapper.Opus;

/**
 * Opus through libopus (club.minnced opus-java, JNA): encodes mono 48 kHz voice (legal for opus/48000/2 per
 * RFC 7587) with in-band FEC, decodes to mono, and conceals losses with Opus' own PLC and FEC.
 * One instance is either an encoder or a decoder; {@link #close()} frees the native state.
 */
final class OpusCodec implements AudioEncoder, AudioDecoder {

    private static final int RATE = 48_000;
    private static final int FRAME = 960;
    private static final int MAX_FRAME = 5760; // 120 ms, the longest Opus packet
    private static final int MAX_PACKET = 1500;

    private final boolean encoder;
    private PointerByReference state;
    private final ByteBuffer packet = ByteBuffer.allocateDirect(MAX_PACKET);
    private final ShortBuffer pcm = ByteBuffer.allocateDirect(MAX_FRAME * 2).order(java.nio.ByteOrder.nativeOrder())
            .asShortBuffer();

    private OpusCodec(boolean encoder, PointerByReference state) {
        this.encoder = encoder;
        this.state = state;
    }

    static OpusCodec encoder() {
        load();
        IntBuffer error = IntBuffer.allocate(1);
        PointerByReference enc = Opus.INSTANCE.opus_encoder_create(RATE, 1, Opus.OPUS_APPLICATION_VOIP, error);
        check(error.get(0), "create encoder");
        Opus.INSTANCE.opus_encoder_ctl(enc, Opus.OPUS_SET_BITRATE_REQUEST, 32_000);
        Opus.INSTANCE.opus_encoder_ctl(enc, Opus.OPUS_SET_INBAND_FEC_REQUEST, 1);
        Opus.INSTANCE.opus_encoder_ctl(enc, Opus.OPUS_SET_PACKET_LOSS_PERC_REQUEST, 5);
        return new OpusCodec(true, enc);
    }

    static OpusCodec decoder() {
        load();
        IntBuffer error = IntBuffer.allocate(1);
        PointerByReference dec = Opus.INSTANCE.opus_decoder_create(RATE, 1, error);
        check(error.get(0), "create decoder");
        return new OpusCodec(false, dec);
    }

    private static synchronized void load() {
        if (OpusLibrary.isInitialized()) {
            return;
        }
        try {
            if (!OpusLibrary.loadFromJar()) {
                throw new IllegalStateException("libopus is not available for this platform ("
                        + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ")");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot extract libopus from the opus-java jar: " + e.getMessage(), e);
        }
    }

    private static void check(int code, String what) {
        if (code != Opus.OPUS_OK) {
            throw new IllegalStateException("Opus cannot " + what + ": " + Opus.INSTANCE.opus_strerror(code));
        }
    }

    @Override
    public int sampleRate() {
        return RATE;
    }

    @Override
    public synchronized byte[] encode(short[] frame) {
        ensureOpen(true);
        pcm.clear();
        pcm.put(frame, 0, FRAME).flip();
        packet.clear();
        int len = Opus.INSTANCE.opus_encode(state, pcm, FRAME, packet, MAX_PACKET);
        if (len < 0) {
            throw new IllegalStateException("Opus encode failed: " + Opus.INSTANCE.opus_strerror(len));
        }
        byte[] out = new byte[len];
        packet.get(0, out);
        return out;
    }

    @Override
    public synchronized short[] decode(byte[] payload) {
        return decode(payload, 0);
    }

    private short[] decode(byte[] payload, int fec) {
        ensureOpen(false);
        pcm.clear();
        int frameSize = payload == null || fec == 1 ? FRAME : MAX_FRAME;
        int samples = Opus.INSTANCE.opus_decode(state, payload, payload == null ? 0 : payload.length, pcm,
                frameSize, fec);
        if (samples < 0) {
            return payload == null || fec == 1 ? new short[FRAME] : new short[0];
        }
        short[] out = new short[samples];
        pcm.get(0, out);
        return out;
    }

    @Override
    public boolean concealsLoss() {
        return true;
    }

    @Override
    public synchronized short[] conceal() {
        return decode(null, 0);
    }

    @Override
    public synchronized short[] recover(byte[] nextPayload) {
        return nextPayload == null ? conceal() : decode(nextPayload, 1);
    }

    private void ensureOpen(boolean asEncoder) {
        if (state == null || encoder != asEncoder) {
            throw new IllegalStateException(state == null ? "Opus codec closed" : "wrong direction");
        }
    }

    @Override
    public synchronized void close() {
        if (state != null) {
            if (encoder) {
                Opus.INSTANCE.opus_encoder_destroy(state);
            } else {
                Opus.INSTANCE.opus_decoder_destroy(state);
            }
            state = null;
        }
    }

    @Override
    public String toString() {
        return "OpusCodec" + Arrays.asList(encoder ? "encoder" : "decoder");
    }
}
