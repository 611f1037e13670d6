package org.openintercom.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.openintercom.agent.event.StationEvent;
import org.openintercom.agent.event.StationListener;

/** Keeps every event of one simulated station so scenario steps can wait for what they expect. */
final class EventRecorder implements StationListener {

    private final List<StationEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(StationEvent event) {
        events.add(event);
        notifyAll();
    }

    /** How many events arrived so far: a mark to search from. */
    synchronized int mark() {
        return events.size();
    }

    /** The latest event that matches, if any. */
    synchronized java.util.Optional<StationEvent> last(Predicate<StationEvent> match) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (match.test(events.get(i))) {
                return java.util.Optional.of(events.get(i));
            }
        }
        return java.util.Optional.empty();
    }

    /** Waits until an event after {@code from} matches; true if one did within {@code timeout}. */
    synchronized boolean await(int from, Predicate<StationEvent> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = from;
        while (true) {
            for (; checked < events.size(); checked++) {
                if (match.test(events.get(checked))) {
                    return true;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
