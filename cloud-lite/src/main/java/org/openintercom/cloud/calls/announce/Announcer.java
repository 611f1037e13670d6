package org.openintercom.cloud.calls.announce;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.openintercom.cloud.calls.media.MediaPortsExhaustedException;
import org.openintercom.cloud.calls.media.OwnPorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's announcement server: answers a caller's offer with an {@link Announcement} of its own (a port, G.711,
 * SRTP when asked) and plays the messages of its {@link Announcements} library. One ticker thread sends every
 * announcement's packets (a packet every 20 ms each: a few hundred callers cost little). Thread-safe.
 */
public final class Announcer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Announcer.class);

    private final Announcements library;
    private final Supplier<OwnPorts> ports;
    private final ScheduledExecutorService ticker;
    private final Clip ringback = Clip.ringback();

    /** {@code ports} gives a port pair per announcement (from the media relay's range, or free ones). */
    public Announcer(Announcements library, Supplier<OwnPorts> ports) {
        this.library = library;
        this.ports = ports;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "announcer");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY - 1); // late packets are heard as gaps
            return t;
        });
    }

    public Announcements library() {
        return library;
    }

    /**
     * An announcement answering {@code offer} (the caller's SDP), started and sending silence; empty (logged) when
     * the offer has no G.711 or SDES-SRTP audio, or no port is free.
     */
    public Optional<Announcement> answer(String callId, byte[] offer) {
        CallerOffer caller;
        try {
            caller = CallerOffer.read(offer);
        } catch (CallerOffer.Unusable e) {
            LOG.debug("call {}: no announcement: {}", callId, e.getMessage());
            return Optional.empty();
        }
        OwnPorts own;
        try {
            own = ports.get();
        } catch (MediaPortsExhaustedException | java.io.UncheckedIOException e) {
            LOG.warn("call {}: no announcement, no media port: {}", callId, e.getMessage());
            return Optional.empty();
        }
        Announcement a = new Announcement(callId, caller, own, ringback);
        a.start(ticker);
        return Optional.of(a);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
