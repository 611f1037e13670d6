package org.openintercom.agent.media.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import org.openintercom.hal.audio.AudioSink;
import org.openintercom.hal.audio.AudioSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of one 20 ms tick: read the microphone, resample, mix a tone, encode (or send a DTMF event
 * instead), protect and send; then take a frame from the jitter buffer, decode or conceal it, resample and
 * play it. Holds the sender's SSRC, sequence number and timestamp, which survive parameter updates.
 */
final class MediaTick {

    private static final Logger LOG = LoggerFactory.getLogger(MediaTick.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatagramSocket socket;
    private final AudioSource mic;
    private final AudioSink speaker;
    private final Counters counters;
    private final short[] micFrame;
    private final long ssrc = RANDOM.nextInt() & 0xFFFF_FFFFL;
    private int sequence = RANDOM.nextInt(0x10000);
    private long timestamp = RANDOM.nextInt() & 0xFFFF_FFFFL;
    private boolean first = true;
    final DtmfSender dtmf = new DtmfSender();
    private final ToneMixer txTone = new ToneMixer();
    private final ToneMixer rxTone = new ToneMixer();
    private volatile int toneHz;
    private volatile long toneUntilNanos;

    MediaTick(DatagramSocket socket, AudioSource mic, AudioSink speaker, Counters counters) {
        this.socket = socket;
        this.mic = mic;
        this.speaker = speaker;
        this.counters = counters;
        this.micFrame = new short[mic.format().frameSamples()];
    }

    void playTone(int hz, long durationNanos) {
        toneUntilNanos = System.nanoTime() + durationNanos;
        toneHz = hz;
    }

    private int currentTone() {
        return toneHz > 0 && System.nanoTime() - toneUntilNanos < 0 ? toneHz : 0;
    }

    /** One tick for {@code s}; the caller serialises ticks with stream replacement. */
    void run(Stream s) {
        int tone = currentTone();
        send(s, tone);
        play(s, tone);
    }

    private void send(Stream s, int tone) {
        mic.read(micFrame);
        short[] pcm = s.micToCodec.process(micFrame);
        txTone.mix(pcm, s.parameters.codec().audioSampleRate(), tone);
        int te = s.parameters.telephoneEventPayloadType();
        RtpPacket packet = te >= 0 ? dtmf.next(te, sequence, timestamp, ssrc, s.timestampStep) : null;
        if (packet == null) {
            packet = new RtpPacket(first, s.parameters.codec().payloadType(), sequence, timestamp, ssrc,
                    s.encoder.encode(pcm));
            first = false;
        }
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + s.timestampStep) & 0xFFFF_FFFFL;
        InetSocketAddress to = s.sendTo;
        if (to == null) {
            return;
        }
        byte[] wire = packet.serialize();
        if (s.srtp != null) {
            wire = s.srtp.protect(wire, ssrc);
        }
        try {
            socket.send(new DatagramPacket(wire, wire.length, to));
            counters.sent.incrementAndGet();
            LOG.trace("sent seq {} pt {} to {}", packet.sequence(), packet.payloadType(), to);
        } catch (IOException e) {
            LOG.debug("cannot send RTP to {}: {}", to, e.getMessage());
        }
    }

    private void play(Stream s, int tone) {
        int frameSamples = s.codecFrameSamples();
        Playout p = s.jitter.poll();
        short[] pcm = switch (p.kind()) {
            case PACKET -> {
                short[] decoded = fit(s.decoder.decode(p.packet().payload()), frameSamples);
                s.concealer.good(decoded);
                yield decoded;
            }
            case LOST -> {
                counters.lost.incrementAndGet();
                counters.concealed.incrementAndGet();
                yield s.decoder.concealsLoss() ? fit(s.decoder.recover(p.nextPayload()), frameSamples)
                        : s.concealer.conceal(frameSamples);
            }
            case IDLE -> new short[frameSamples];
        };
        short[] out = s.codecToSpeaker.process(pcm);
        rxTone.mix(out, speaker.format().sampleRate(), tone);
        speaker.write(out);
    }

    private static short[] fit(short[] pcm, int samples) {
        if (pcm.length == samples) {
            return pcm;
        }
        short[] out = new short[samples];
        System.arraycopy(pcm, 0, out, 0, Math.min(samples, pcm.length));
        return out;
    }
}
