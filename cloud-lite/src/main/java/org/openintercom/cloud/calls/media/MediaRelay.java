package org.openintercom.cloud.calls.media;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTP/RTCP relay of the call proxy: opens a {@link RelaySession} per call and forwards its packets between the
 * caller's and the callee's legs, unchanged (SRTP passes through; keys travel end to end in the SDP, or in DTLS
 * packets, which pass too). Anything else (STUN, garbage) is dropped.
 *
 * <p>Threading: {@link MediaRelayConfig#ioThreads()} platform I/O threads ({@link MediaLoop}, one per core by
 * default, as rtpengine's workers), each running a {@link java.nio.channels.Selector} over the non-blocking sockets
 * of the sessions it owns and forwarding each packet on the thread that received it (receive, decide, send; no
 * queue, no hand-off): a packet costs two system calls and one uncontended lock, with no thread wake-up. A new
 * session goes to the loop with the fewest. With a single thread every call waited whenever another process had
 * that thread's core (on a 2-core machine the benchmark's phones); with one per core the others go on. A virtual
 * thread per socket would be simpler to write but each packet would then wake a virtual thread through the JDK's
 * poller (an extra hand-off and a scheduler round trip) and four sockets per call would mean thousands of parked
 * threads. Measured with {@code MediaRelayLoad} on a shared 2-core machine (the phones on the same cores), one
 * thread: 500 calls, 50k packets/s in all, cost the I/O thread 63 % of one core, 12 to 20 us of CPU per packet (the
 * kernel's loopback delivery to the receiving phone counts as the relay's), with no loss.
 *
 * <p>Sessions are opened and closed from any thread; socket registration and closing run on the session's I/O
 * thread (closing waits for it, so ports are free again when {@link RelaySession#close()} returns). {@link #close()}
 * closes every session and stops the threads; it is idempotent.
 */
public final class MediaRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaRelay.class);

    private final MediaRelayConfig config;
    private final MediaRelayListener listener;
    private final PortPool pool;
    private final List<MediaLoop> loops;
    private final Map<String, RelaySession> sessions = new ConcurrentHashMap<>();
    private final Object totalsLock = new Object();
    private Flow closedCallerToCallee = Flow.NONE;
    private Flow closedCalleeToCaller = Flow.NONE;
    private long closedDropped;
    private long sessionsOpened;
    private long sessionsIdleClosed;
    private volatile boolean running = true;

    private MediaRelay(MediaRelayConfig config, MediaRelayListener listener) {
        this.config = config;
        this.listener = listener;
        this.pool = new PortPool(config.bindAddress(), config.ports());
        pool.checkBindAddress();
        List<MediaLoop> made = new ArrayList<>();
        for (int i = 0; i < config.ioThreads(); i++) {
            made.add(new MediaLoop(this, config.ioThreads() == 1 ? "media-relay-io" : "media-relay-io-" + i,
                    config.idleTimeout().toNanos()));
        }
        this.loops = List.copyOf(made);
    }

    /** Starts a relay with its I/O threads. {@code listener} hears about idle sessions. */
    public static MediaRelay start(MediaRelayConfig config, MediaRelayListener listener) {
        if (config == null || listener == null) {
            throw new IllegalArgumentException("media relay: config and listener are required");
        }
        MediaRelay relay = new MediaRelay(config, listener);
        relay.loops.forEach(MediaLoop::start);
        LOG.info("Media relay started on {} (advertised {}), ports {}, idle timeout {}, {} I/O thread(s)",
                config.bindAddress().getHostAddress(), config.advertisedAddress().getHostAddress(), config.ports(),
                config.idleTimeout(), config.ioThreads());
        return relay;
    }

    public MediaRelayConfig config() {
        return config;
    }

    /**
     * Opens the media session of call {@code callId}: binds an RTP/RTCP pair for each leg.
     *
     * @throws MediaPortsExhaustedException when no port pair is free (answer 503)
     * @throws IllegalStateException when the relay is closed or {@code callId} has a session already
     */
    public RelaySession open(String callId) {
        if (callId == null || callId.isBlank()) {
            throw new IllegalArgumentException("media relay: callId is required");
        }
        if (!running) {
            throw new IllegalStateException("media relay is closed; cannot open a session for " + callId);
        }
        PortPool.BoundPair callerPorts = pool.allocate();
        PortPool.BoundPair calleePorts;
        try {
            calleePorts = pool.allocate();
        } catch (RuntimeException e) {
            discard(callerPorts);
            throw e;
        }
        RelaySession session = new RelaySession(this, leastLoaded(), callId, callerPorts, calleePorts,
                config.advertisedAddress(), config.latchWindow().toNanos());
        if (sessions.putIfAbsent(callId, session) != null) {
            discard(callerPorts);
            discard(calleePorts);
            throw new IllegalStateException("media relay: call " + callId + " has a media session already");
        }
        synchronized (totalsLock) {
            sessionsOpened++;
        }
        session.loop().adopt(session);
        if (!running || !session.loop().running()) {
            session.close();
            throw new IllegalStateException("media relay is closed; cannot open a session for " + callId);
        }
        LOG.debug("Opened {}: caller leg {}/{}, callee leg {}/{}", session, callerPorts.rtpPort(),
                callerPorts.rtcpPort(), calleePorts.rtpPort(), calleePorts.rtcpPort());
        return session;
    }

    private MediaLoop leastLoaded() {
        MediaLoop best = loops.get(0);
        for (MediaLoop loop : loops) {
            if (loop.load() < best.load()) {
                best = loop;
            }
        }
        return best;
    }

    /**
     * A port pair of the relay's range for a media end of the relay's own (announcements); close it to give it back.
     *
     * @throws MediaPortsExhaustedException when no pair is free
     */
    public OwnPorts ownPorts() {
        if (!running) {
            throw new IllegalStateException("media relay is closed");
        }
        return OwnPorts.from(pool, config.advertisedAddress());
    }

    /** The open session of {@code callId}, if any. */
    public Optional<RelaySession> session(String callId) {
        return Optional.ofNullable(sessions.get(callId));
    }

    /** Counters of every session since start: open ones now plus closed ones. */
    public RelayStats stats() {
        Flow forward;
        Flow backward;
        long dropped;
        long opened;
        long idleClosed;
        synchronized (totalsLock) {
            forward = closedCallerToCallee;
            backward = closedCalleeToCaller;
            dropped = closedDropped;
            opened = sessionsOpened;
            idleClosed = sessionsIdleClosed;
        }
        int open = 0;
        for (RelaySession session : sessions.values()) {
            SessionStats s = session.stats();
            if (!s.closed()) {
                open++;
                forward = forward.plus(s.callerToCallee());
                backward = backward.plus(s.calleeToCaller());
                dropped += s.dropped();
            }
        }
        return new RelayStats(open, pool.pairsInUse(), opened, idleClosed, forward, backward, dropped);
    }

    /** Closes every session, returns every port and stops the I/O threads. Idempotent. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        loops.forEach(MediaLoop::stop);
        LOG.info("Media relay stopped");
    }

    void closeSession(RelaySession session, boolean idle) {
        if (!session.markClosed()) {
            return;
        }
        sessions.remove(session.callId(), session);
        SessionStats stats = session.stats();
        synchronized (totalsLock) {
            closedCallerToCallee = closedCallerToCallee.plus(stats.callerToCallee());
            closedCalleeToCaller = closedCalleeToCaller.plus(stats.calleeToCaller());
            closedDropped += stats.dropped();
            if (idle) {
                sessionsIdleClosed++;
            }
        }
        session.loop().release(session);
        LOG.debug("Closed {}{}: {}", session, idle ? " (idle)" : "", stats);
    }

    /** A session forwarded nothing for the idle timeout (its I/O thread): closes it and tells the listener. */
    void closeIdle(RelaySession session) {
        closeSession(session, true);
        SessionStats stats = session.stats();
        LOG.debug("{} idle for {}; reporting it", session, config.idleTimeout());
        Thread.ofVirtual().name("media-relay-idle").start(() -> {
            try {
                listener.sessionIdle(stats);
            } catch (RuntimeException e) {
                LOG.warn("Media relay listener failed on idle {}", session, e);
            }
        });
    }

    void logLatch(RelaySession session, RelayLeg leg, boolean rtcp, InetSocketAddress source) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: {} {} latched to {}", session, leg.name(), rtcp ? "RTCP" : "RTP", source);
        }
    }

    /** Closes the session's four sockets (its I/O thread). */
    void closePorts(RelaySession session) {
        closePair(session.caller().ports);
        closePair(session.callee().ports);
    }

    /** Gives the session's two port pairs back to the pool, once their sockets are closed. */
    void returnPorts(RelaySession session) {
        pool.release(session.caller().ports.rtpPort());
        pool.release(session.callee().ports.rtpPort());
    }

    /** Closes and returns a pair that was never registered with a selector. */
    private void discard(PortPool.BoundPair pair) {
        closePair(pair);
        pool.release(pair.rtpPort());
    }

    private static void closePair(PortPool.BoundPair pair) {
        PortPool.closeQuietly(pair.rtp());
        PortPool.closeQuietly(pair.rtcp());
    }
}
