package org.openintercom.cloud.calls.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTP/RTCP relay of the call proxy: opens a {@link RelaySession} per call and forwards its packets between the
 * caller's and the callee's legs, unchanged (SRTP passes through; keys travel end to end in the SDP, or in DTLS
 * packets, which pass too). Anything else (STUN, garbage) is dropped.
 *
 * <p>Threading: one platform I/O thread runs a {@link Selector} over every non-blocking media socket and forwards
 * each packet on the thread that received it (receive, decide, send; no queue, no hand-off). On 2 cores this gives
 * the lowest added latency and the least CPU per packet: a packet costs two system calls and one uncontended lock,
 * with no thread wake-up. A virtual thread per socket would be simpler to write but each packet would then wake a
 * virtual thread through the JDK's poller (an extra hand-off and a scheduler round trip) and four sockets per call
 * would mean thousands of parked threads. Measured with {@code MediaRelayLoad} on a shared 2-core machine (the phones
 * on the same cores): 500 calls, 50k packets/s in all, cost the I/O thread 63 % of one core, 12 to 20 us of CPU per
 * packet (the kernel's loopback delivery to the receiving phone counts as the relay's), with no loss.
 *
 * <p>Sessions are opened and closed from any thread; socket registration and closing run on the I/O thread (closing
 * waits for it, so ports are free again when {@link RelaySession#close()} returns). {@link #close()} closes every
 * session and stops the thread; it is idempotent.
 */
public final class MediaRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaRelay.class);
    /** Packets read from one socket before the others get their turn. */
    private static final int BATCH = 32;
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final MediaRelayConfig config;
    private final MediaRelayListener listener;
    private final PortPool pool;
    private final Selector selector;
    private final Thread ioThread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Map<String, RelaySession> sessions = new ConcurrentHashMap<>();
    private final long idleTimeoutNanos;
    private final long idleCheckNanos;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
    private final Object totalsLock = new Object();
    private Flow closedCallerToCallee = Flow.NONE;
    private Flow closedCalleeToCaller = Flow.NONE;
    private long closedDropped;
    private long sessionsOpened;
    private long sessionsIdleClosed;
    private volatile boolean running = true;

    /** One socket of a session, attached to its selection key. */
    private record Endpoint(RelaySession session, RelayLeg leg, boolean rtcp, DatagramChannel out) {
    }

    private MediaRelay(MediaRelayConfig config, MediaRelayListener listener) {
        this.config = config;
        this.listener = listener;
        this.pool = new PortPool(config.bindAddress(), config.ports());
        pool.checkBindAddress();
        this.idleTimeoutNanos = config.idleTimeout().toNanos();
        this.idleCheckNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(20),
                Math.min(TimeUnit.MILLISECONDS.toNanos(250), idleTimeoutNanos / 4));
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("media relay: cannot open a selector: " + e.getMessage(), e);
        }
        this.ioThread = Thread.ofPlatform().name("media-relay-io").daemon(true).unstarted(this::run);
    }

    /** Starts a relay with its I/O thread. {@code listener} hears about idle sessions. */
    public static MediaRelay start(MediaRelayConfig config, MediaRelayListener listener) {
        if (config == null || listener == null) {
            throw new IllegalArgumentException("media relay: config and listener are required");
        }
        MediaRelay relay = new MediaRelay(config, listener);
        relay.ioThread.start();
        LOG.info("Media relay started on {} (advertised {}), ports {}, idle timeout {}",
                config.bindAddress().getHostAddress(), config.advertisedAddress().getHostAddress(), config.ports(),
                config.idleTimeout());
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
        RelaySession session = new RelaySession(this, callId, callerPorts, calleePorts,
                config.advertisedAddress(), config.latchWindow().toNanos());
        if (sessions.putIfAbsent(callId, session) != null) {
            discard(callerPorts);
            discard(calleePorts);
            throw new IllegalStateException("media relay: call " + callId + " has a media session already");
        }
        synchronized (totalsLock) {
            sessionsOpened++;
        }
        submit(() -> register(session));
        if (!running) {
            closeSession(session, false);
            throw new IllegalStateException("media relay is closed; cannot open a session for " + callId);
        }
        LOG.debug("Opened {}: caller leg {}/{}, callee leg {}/{}", session, callerPorts.rtpPort(),
                callerPorts.rtcpPort(), calleePorts.rtpPort(), calleePorts.rtcpPort());
        return session;
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

    /** Closes every session, returns every port and stops the I/O thread. Idempotent. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        selector.wakeup();
        if (Thread.currentThread() != ioThread) {
            try {
                ioThread.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
        if (Thread.currentThread() == ioThread || !ioThread.isAlive()) {
            release(session);
        } else {
            CompletableFuture<Void> done = new CompletableFuture<>();
            submit(() -> {
                release(session);
                done.complete(null);
            });
            awaitRelease(session, done);
        }
        LOG.debug("Closed {}{}: {}", session, idle ? " (idle)" : "", stats);
    }

    void logLatch(RelaySession session, RelayLeg leg, boolean rtcp, InetSocketAddress source) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: {} {} latched to {}", session, leg.name(), rtcp ? "RTCP" : "RTP", source);
        }
    }

    private void awaitRelease(RelaySession session, CompletableFuture<Void> done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
        while (true) {
            try {
                done.get(100, TimeUnit.MILLISECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                throw new IllegalStateException("media relay: closing " + session + " failed", e.getCause());
            } catch (TimeoutException e) {
                if (!ioThread.isAlive()) {
                    release(session); // the I/O thread ended before it ran the task
                    return;
                }
                if (System.nanoTime() - deadline > 0) {
                    LOG.warn("Closing {} did not finish within {} s", session, CLOSE_WAIT_SECONDS);
                    return;
                }
            }
        }
    }

    private void submit(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    private void run() {
        long nextIdleCheck = System.nanoTime() + idleCheckNanos;
        try {
            while (running) {
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextIdleCheck - System.nanoTime())));
                runTasks();
                forwardReady();
                long now = System.nanoTime();
                if (now - nextIdleCheck >= 0) {
                    closeIdle(now);
                    nextIdleCheck = now + idleCheckNanos;
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.error("Media relay I/O thread failed; every media session is closed", e);
        } catch (RuntimeException | Error e) {
            LOG.error("Media relay I/O thread failed; every media session is closed", e);
            throw e;
        } finally {
            running = false;
            shutDown();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    private void forwardReady() {
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        long now = System.nanoTime();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            if (key.isValid() && key.isReadable()) {
                forward(key, (Endpoint) key.attachment(), now);
            }
        }
    }

    private void forward(SelectionKey key, Endpoint endpoint, long now) {
        DatagramChannel in = (DatagramChannel) key.channel();
        for (int i = 0; i < BATCH; i++) {
            buffer.clear();
            InetSocketAddress source;
            try {
                source = (InetSocketAddress) in.receive(buffer);
            } catch (IOException e) {
                LOG.debug("{}: receive on {} failed: {}", endpoint.session(), endpoint.leg(), e.toString());
                return;
            }
            if (source == null) {
                return;
            }
            buffer.flip();
            int length = buffer.remaining();
            int first = buffer.get(0) & 0xFF;
            // RTP/RTCP version 2 (first byte 128..191), or DTLS (20..63) for DTLS-SRTP end to end (RFC 7983)
            boolean wellFormed = length >= 8 && (first >= 128 && first <= 191 || first >= 20 && first <= 63);
            InetSocketAddress destination = endpoint.session().route(endpoint.leg(), endpoint.rtcp(), source, length,
                    wellFormed, now);
            if (destination != null) {
                try {
                    if (endpoint.out().send(buffer, destination) == 0) {
                        endpoint.session().sendFailed(endpoint.leg(), length);
                    }
                } catch (IOException e) {
                    endpoint.session().sendFailed(endpoint.leg(), length);
                    LOG.debug("{}: send to {} failed: {}", endpoint.session(), destination, e.toString());
                }
            }
        }
    }

    private void closeIdle(long now) {
        List<RelaySession> idle = new ArrayList<>();
        for (RelaySession session : sessions.values()) {
            if (session.idleAt(now, idleTimeoutNanos)) {
                idle.add(session);
            }
        }
        for (RelaySession session : idle) {
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
    }

    private void register(RelaySession session) {
        if (session.isClosed()) {
            return;
        }
        RelayLeg a = session.caller();
        RelayLeg b = session.callee();
        try {
            a.ports.rtp().register(selector, SelectionKey.OP_READ, new Endpoint(session, a, false, b.ports.rtp()));
            a.ports.rtcp().register(selector, SelectionKey.OP_READ, new Endpoint(session, a, true, b.ports.rtcp()));
            b.ports.rtp().register(selector, SelectionKey.OP_READ, new Endpoint(session, b, false, a.ports.rtp()));
            b.ports.rtcp().register(selector, SelectionKey.OP_READ, new Endpoint(session, b, true, a.ports.rtcp()));
        } catch (IOException e) {
            LOG.warn("Cannot watch the sockets of {}; closing it", session, e);
            closeSession(session, false);
        }
    }

    /** Closes the session's sockets and returns its ports (I/O thread, or after it ended). */
    private void release(RelaySession session) {
        closePair(session.caller().ports);
        closePair(session.callee().ports);
        if (selector.isOpen() && Thread.currentThread() == ioThread) {
            try {
                selector.selectNow(); // deregisters the cancelled keys, which really closes the sockets
            } catch (IOException e) {
                LOG.debug("selectNow after closing {} failed: {}", session, e.toString());
            }
        }
        pool.release(session.caller().ports.rtpPort());
        pool.release(session.callee().ports.rtpPort());
    }

    /** Closes and returns a pair that was never registered with the selector. */
    private void discard(PortPool.BoundPair pair) {
        closePair(pair);
        pool.release(pair.rtpPort());
    }

    private void closePair(PortPool.BoundPair pair) {
        PortPool.closeQuietly(pair.rtp());
        PortPool.closeQuietly(pair.rtcp());
    }

    private void shutDown() {
        runTasks();
        for (RelaySession session : List.copyOf(sessions.values())) {
            closeSession(session, false);
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector failed: {}", e.toString());
        }
    }
}
