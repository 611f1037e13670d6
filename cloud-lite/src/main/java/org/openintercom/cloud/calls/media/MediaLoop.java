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
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One I/O thread of a {@link MediaRelay}: a {@link Selector} over the sockets of the sessions it owns, forwarding
 * each packet on the thread that received it (receive, decide, send; no queue, no hand-off), and closing its
 * sessions that went idle. A session belongs to one loop for its whole life, so its packets are never forwarded by
 * two threads at once; the relay spreads sessions over its loops.
 */
final class MediaLoop {

    private static final Logger LOG = LoggerFactory.getLogger(MediaLoop.class);
    /** Packets read from one socket before the others get their turn. */
    private static final int BATCH = 32;
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final MediaRelay relay;
    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Set<RelaySession> sessions = ConcurrentHashMap.newKeySet();
    private final long idleTimeoutNanos;
    private final long idleCheckNanos;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
    private volatile boolean running = true;

    /** One socket of a session, attached to its selection key. */
    private record Endpoint(RelaySession session, RelayLeg leg, boolean rtcp, DatagramChannel out) {
    }

    MediaLoop(MediaRelay relay, String name, long idleTimeoutNanos) {
        this.relay = relay;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.idleCheckNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(20),
                Math.min(TimeUnit.MILLISECONDS.toNanos(250), idleTimeoutNanos / 4));
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("media relay: cannot open a selector: " + e.getMessage(), e);
        }
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Sessions this loop forwards now. */
    int load() {
        return sessions.size();
    }

    /** Takes {@code session} on: its sockets are watched from the loop's next turn. */
    void adopt(RelaySession session) {
        sessions.add(session);
        submit(() -> register(session));
    }

    boolean running() {
        return running;
    }

    /** Stops the thread (it closes what it still owns) and waits for it a while. */
    void stop() {
        running = false;
        selector.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Closes the session's sockets and returns its ports, on this loop's thread (waits for it when called
     * elsewhere).
     */
    void release(RelaySession session) {
        sessions.remove(session);
        if (Thread.currentThread() == thread || !thread.isAlive()) {
            releaseNow(session);
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit(() -> {
            releaseNow(session);
            done.complete(null);
        });
        awaitRelease(session, done);
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
                if (!thread.isAlive()) {
                    releaseNow(session); // the I/O thread ended before it ran the task
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
            LOG.error("Media relay I/O thread {} failed; its media sessions are closed", thread.getName(), e);
        } catch (RuntimeException | Error e) {
            LOG.error("Media relay I/O thread {} failed; its media sessions are closed", thread.getName(), e);
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
        for (RelaySession session : sessions) {
            if (session.idleAt(now, idleTimeoutNanos)) {
                idle.add(session);
            }
        }
        for (RelaySession session : idle) {
            relay.closeIdle(session);
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
            session.close();
        }
    }

    /** Closes the session's sockets and returns its ports (this loop's thread, or after it ended). */
    private void releaseNow(RelaySession session) {
        relay.closePorts(session);
        if (selector.isOpen() && Thread.currentThread() == thread) {
            try {
                selector.selectNow(); // deregisters the cancelled keys, which really closes the sockets
            } catch (IOException e) {
                LOG.debug("selectNow after closing {} failed: {}", session, e.toString());
            }
        }
        relay.returnPorts(session);
    }

    private void shutDown() {
        runTasks();
        for (RelaySession session : List.copyOf(sessions)) {
            session.close();
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector failed: {}", e.toString());
        }
    }
}
