package org.openintercom.agent.media.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openintercom.agent.media.MediaConfig;
import org.openintercom.agent.media.MediaListener;
import org.openintercom.agent.media.MediaParameters;
import org.openintercom.agent.media.MediaSession;
import org.openintercom.agent.media.MediaStats;
import org.openintercom.hal.audio.AudioFormat;
import org.openintercom.hal.audio.AudioSink;
import org.openintercom.hal.audio.AudioSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTP/SRTP session of one call on a bound UDP socket: a daemon tick thread ({@code rtp-tick-<port>})
 * sends and plays a frame every 20 ms, a daemon receiver thread ({@code rtp-rx-<port>}) feeds the jitter
 * buffer and the DTMF decoder. Malformed, unknown or unauthentic packets are dropped and counted.
 */
public final class RtpSession implements MediaSession {

    private static final Logger LOG = LoggerFactory.getLogger(RtpSession.class);
    private static final int RECEIVE_TIMEOUT_MS = 100;

    private final DatagramSocket socket;
    private final int port;
    private final MediaConfig config;
    private final AudioSource mic;
    private final AudioSink speaker;
    private final Counters counters = new Counters();
    private final MediaTick tick;
    private final Object lock = new Object();
    private volatile Stream stream;
    private volatile boolean closed;
    private ScheduledExecutorService ticker;
    private Thread receiver;
    private long tickFailures;

    public RtpSession(DatagramSocket socket, MediaConfig config, AudioSource mic, AudioSink speaker) {
        this.socket = socket;
        this.port = socket.getLocalPort();
        this.config = config;
        this.mic = mic;
        this.speaker = speaker;
        this.tick = new MediaTick(socket, mic, speaker, counters);
    }

    @Override
    public int localPort() {
        return port;
    }

    @Override
    public void start(MediaParameters parameters, MediaListener listener) {
        Objects.requireNonNull(parameters, "parameters");
        boolean update;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("media session on port " + port + " is closed");
            }
            Stream next = new Stream(parameters, listener == null ? d -> { } : listener, config, mic.format(),
                    speaker.format());
            Stream previous = stream;
            update = previous != null;
            stream = next;
            if (previous != null) {
                previous.close();
            }
            if (ticker == null) {
                startThreads();
            }
        }
        LOG.info("RTP on port {} {} {} to {}{}", port, update ? "updated to" : "started with",
                parameters.codec().rtpmap(), parameters.remote(), parameters.srtp().isPresent() ? " (SRTP)" : "");
    }

    private void startThreads() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "rtp-tick-" + port));
        ticker.scheduleAtFixedRate(this::tickSafely, 0, AudioFormat.FRAME.toNanos(), TimeUnit.NANOSECONDS);
        receiver = daemon(this::receiveLoop, "rtp-rx-" + port);
        receiver.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void tickSafely() {
        synchronized (lock) {
            Stream s = stream;
            if (closed || s == null) {
                return;
            }
            try {
                tick.run(s);
            } catch (RuntimeException e) { // a failing tick must not cancel the schedule
                if (tickFailures++ == 0) {
                    LOG.warn("media tick on port {} failed (further failures at DEBUG)", port, e);
                } else {
                    LOG.debug("media tick on port {} failed", port, e);
                }
            }
        }
    }

    private void receiveLoop() {
        byte[] buf = new byte[2048];
        DatagramPacket datagram = new DatagramPacket(buf, buf.length);
        try {
            socket.setSoTimeout(RECEIVE_TIMEOUT_MS);
        } catch (IOException e) {
            LOG.debug("cannot set receive timeout on port {}", port, e);
        }
        while (!closed) {
            try {
                datagram.setLength(buf.length);
                socket.receive(datagram);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("receive on port {} failed: {}", port, e.getMessage());
                }
                continue;
            }
            try {
                handle(datagram);
            } catch (RuntimeException e) {
                counters.dropped.incrementAndGet();
                LOG.debug("dropped a packet on port {}", port, e);
            }
        }
    }

    private void handle(DatagramPacket datagram) {
        Stream s = stream;
        if (s == null) {
            counters.dropped.incrementAndGet();
            return;
        }
        byte[] data = datagram.getData();
        int length = datagram.getLength();
        if (s.srtp != null) {
            Optional<byte[]> plain = s.srtp.unprotect(data, length);
            if (plain.isEmpty()) {
                counters.dropped.incrementAndGet();
                LOG.trace("SRTP rejected a packet from {}", datagram.getSocketAddress());
                return;
            }
            data = plain.get();
            length = data.length;
        }
        Optional<RtpPacket> parsed = RtpPacket.parse(data, 0, length);
        if (parsed.isEmpty()) {
            counters.dropped.incrementAndGet();
            return;
        }
        RtpPacket packet = parsed.get();
        int te = s.parameters.telephoneEventPayloadType();
        if (te >= 0 && packet.payloadType() == te) {
            counters.received.incrementAndGet();
            char digit = s.dtmf.onPacket(packet);
            if (digit != 0) {
                counters.dtmfReceived.incrementAndGet();
                LOG.debug("DTMF {} received on port {}", digit, port);
                s.listener.onDtmf(digit);
            }
        } else if (packet.payloadType() == s.parameters.codec().payloadType()) {
            counters.received.incrementAndGet();
            latch(s, (InetSocketAddress) datagram.getSocketAddress());
            s.jitter.offer(packet);
        } else {
            counters.dropped.incrementAndGet();
        }
    }

    /** Symmetric RTP: answer to where valid media comes from (helps behind NAT). */
    private void latch(Stream s, InetSocketAddress source) {
        if (!source.equals(s.sendTo)) {
            LOG.debug("RTP on port {} latched to {}", port, source);
            s.sendTo = source;
        }
    }

    @Override
    public void sendDtmf(char digit) {
        if (TelephoneEvents.code(digit) < 0) {
            throw new IllegalArgumentException("not a DTMF digit: '" + digit + "'");
        }
        Stream s = stream;
        if (s != null && s.parameters.telephoneEventPayloadType() < 0) {
            LOG.debug("DTMF {} not sent on port {}: the peer did not negotiate telephone-event", digit, port);
            return;
        }
        tick.dtmf.queue(digit);
    }

    @Override
    public void playTone(int frequencyHz, Duration duration) {
        tick.playTone(frequencyHz, duration.toNanos());
    }

    @Override
    public MediaStats stats() {
        Stream s = stream;
        return new MediaStats(s == null ? "" : s.parameters.codec().rtpmap(), counters.sent.get(),
                counters.received.get(), counters.lost.get(), counters.concealed.get(), counters.dtmfReceived.get(),
                s != null && s.srtp != null);
    }

    /** Packets dropped on receipt: malformed, unknown payload type, or refused by SRTP. */
    public long packetsDropped() {
        return counters.dropped.get();
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        socket.close();
        if (receiver != null && receiver != Thread.currentThread()) { // close() may come from a listener
            try {
                receiver.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            if (stream != null) {
                stream.close();
            }
        }
        LOG.info("RTP on port {} closed", port);
    }
}
