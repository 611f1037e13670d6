package org.openintercom.cloud.calls.announce;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.openintercom.cloud.calls.media.OwnPorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's own audio toward one caller, as early media: G.711 in 20 ms RTP packets (SRTP when the caller asked
 * for it), from a port of the relay to the address the caller offered, or to where the caller's packets come from
 * once one arrives (symmetric RTP: callers behind NAT). What it plays is a list of clips followed by silence, by
 * ringback, or by the end ({@link Then}); {@link #play} replaces what is playing. Thread-safe; the
 * {@link Announcer}'s ticker thread sends.
 */
public final class Announcement implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Announcement.class);
    private static final int FRAME = 160;
    private static final int HEADER = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What comes after the clips. */
    public enum Then {
        /** Stop sending and tell the caller of {@link #play} that it is over. */
        END,
        /** Silence (keeps the caller's NAT binding and jitter buffer alive) until the next {@link #play}. */
        SILENCE,
        /** European ringback (425 Hz, 1 s on, 4 s off) until the next {@link #play}. */
        RINGBACK
    }

    private final String callId;
    private final CallerOffer offer;
    private final OwnPorts ports;
    private final SrtpSender srtp;
    private final String answerSdp;
    private final long ssrc = RANDOM.nextInt() & 0xFFFF_FFFFL;
    private final ByteBuffer receive = ByteBuffer.allocate(2048);
    private final Clip ringback;
    private final Clip silence = Clip.silence("silence", 20);
    private final Deque<Clip> queue = new ArrayDeque<>();
    private ScheduledFuture<?> ticking;
    private InetSocketAddress destination;
    private boolean latched;
    private Clip current;
    private int offset;
    private Then then = Then.SILENCE;
    private Runnable onFinished;
    private int sequence = RANDOM.nextInt(0x10000);
    private long timestamp = RANDOM.nextInt() & 0xFFFF_FFFFL;
    private boolean marker = true;
    private boolean closed;
    private long packetsSent;

    Announcement(String callId, CallerOffer offer, OwnPorts ports, Clip ringback) {
        this.callId = callId;
        this.offer = offer;
        this.ports = ports;
        this.ringback = ringback;
        this.destination = offer.destination();
        byte[] key = new byte[30];
        RANDOM.nextBytes(key);
        this.srtp = offer.srtp() ? new SrtpSender(key, ssrc) : null;
        this.answerSdp = offer.answer(new InetSocketAddress(ports.advertised(), ports.rtpPort()),
                RANDOM.nextLong(1, Long.MAX_VALUE), key);
    }

    void start(ScheduledExecutorService ticker) {
        ticking = ticker.scheduleAtFixedRate(this::tick, 0, 20, TimeUnit.MILLISECONDS);
    }

    /** The SDP answer to send to the caller (in a 183 Session Progress). */
    public String answerSdp() {
        return answerSdp;
    }

    /**
     * Plays {@code clips} from now on (what was playing stops), then {@code then}; {@code onFinished} runs once
     * after the last clip when {@code then} is {@link Then#END} (on the ticker thread; null for nothing).
     */
    public synchronized void play(List<Clip> clips, Then then, Runnable onFinished) {
        queue.clear();
        queue.addAll(clips);
        current = null;
        offset = 0;
        this.then = then;
        this.onFinished = onFinished;
    }

    /** RTP packets sent so far. */
    public synchronized long packetsSent() {
        return packetsSent;
    }

    /** Where the audio goes now (the offered address, or where the caller's packets come from). */
    public synchronized InetSocketAddress destination() {
        return destination;
    }

    /** Stops sending and frees the port. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ticking != null) {
            ticking.cancel(false);
        }
        ports.close();
        if (srtp != null) {
            srtp.close();
        }
        LOG.debug("call {}: announcement ended after {} packets", callId, packetsSent);
    }

    private void tick() {
        Runnable finished = null;
        try {
            synchronized (this) {
                if (closed) {
                    return;
                }
                latch();
                byte[] frame = nextFrame();
                if (frame == null) {
                    finished = onFinished;
                    onFinished = null;
                    then = Then.SILENCE; // nothing more unless told; the caller is about to get the final response
                    frame = fill(silence, 0);
                }
                send(frame);
            }
        } catch (RuntimeException e) {
            LOG.warn("call {}: announcement failed: {}", callId, e.toString());
        }
        if (finished != null) {
            finished.run();
        }
    }

    /** Moves to where the caller's RTP comes from, once (symmetric RTP). */
    private void latch() {
        if (latched) {
            return;
        }
        try {
            receive.clear();
            SocketAddress from = ports.rtp().receive(receive);
            if (from instanceof InetSocketAddress source && receive.position() >= HEADER
                    && (receive.get(0) & 0xC0) == 0x80) {
                latched = true;
                if (!source.equals(destination)) {
                    LOG.debug("call {}: announcement follows the caller's media to {}", callId, source);
                    destination = source;
                }
            }
        } catch (IOException e) {
            LOG.debug("call {}: announcement receive failed: {}", callId, e.toString());
        }
    }

    /** The next 20 ms in the caller's law, or null when the clips are over and then is END. */
    private byte[] nextFrame() {
        if (current == null || offset >= current.ulaw().length) {
            current = queue.pollFirst();
            offset = 0;
            if (current == null) {
                switch (then) {
                    case END -> {
                        return null;
                    }
                    case SILENCE -> {
                        return fill(silence, 0);
                    }
                    case RINGBACK -> {
                        current = ringback;
                    }
                }
            }
        }
        byte[] frame = fill(current, offset);
        offset += FRAME;
        return frame;
    }

    /** 160 samples of {@code clip} from {@code at}, padded with silence. */
    private byte[] fill(Clip clip, int at) {
        byte[] samples = clip.samples(offer.law());
        byte[] frame = new byte[FRAME];
        int n = Math.max(0, Math.min(FRAME, samples.length - at));
        System.arraycopy(samples, at, frame, 0, n);
        java.util.Arrays.fill(frame, n, FRAME, offer.law() == Law.ULAW ? Clip.ULAW_SILENCE : Clip.ALAW_SILENCE);
        return frame;
    }

    private void send(byte[] payload) {
        byte[] packet = new byte[HEADER + payload.length];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) ((marker ? 0x80 : 0) | offer.law().payloadType);
        packet[2] = (byte) (sequence >> 8);
        packet[3] = (byte) sequence;
        for (int i = 0; i < 4; i++) {
            packet[4 + i] = (byte) (timestamp >> (24 - 8 * i));
            packet[8 + i] = (byte) (ssrc >> (24 - 8 * i));
        }
        System.arraycopy(payload, 0, packet, HEADER, payload.length);
        marker = false;
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + FRAME) & 0xFFFF_FFFFL;
        byte[] out = srtp == null ? packet : srtp.protect(packet);
        try {
            ports.rtp().send(ByteBuffer.wrap(out), destination);
            packetsSent++;
        } catch (IOException e) {
            LOG.debug("call {}: announcement packet not sent to {}: {}", callId, destination, e.toString());
        }
    }
}
