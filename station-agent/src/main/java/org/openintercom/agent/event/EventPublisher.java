package org.openintercom.agent.event;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openintercom.agent.calllog.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a station's events to its listeners and keeps the persistent ones (door opened, tamper, door open too
 * long...) in the station's event journal. A listener that throws is logged and skipped.
 */
public final class EventPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    private final String stationId;
    private final Clock clock;
    private final Journal<StationEvent> journal;
    private final List<StationListener> listeners = new CopyOnWriteArrayList<>();

    public EventPublisher(String stationId, Path journalFile, Clock clock) {
        this.stationId = stationId;
        this.clock = clock;
        this.journal = new Journal<>(journalFile, StationEvent.class);
    }

    public void addListener(StationListener listener) {
        listeners.add(listener);
    }

    public void removeListener(StationListener listener) {
        listeners.remove(listener);
    }

    public void publish(StationEvent.Type type, String callId, String detail) {
        StationEvent event = new StationEvent(clock.instant(), stationId, type, callId == null ? "" : callId,
                detail == null ? "" : detail);
        LOG.debug("{}", event);
        if (event.persistent()) {
            journal.append(event);
        }
        for (StationListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("station listener {} failed on {}", listener, event, e);
            }
        }
    }

    /** The persistent events kept so far, oldest first. */
    public List<StationEvent> history() {
        return journal.readAll();
    }

    @Override
    public void close() {
        journal.close();
    }
}
