package org.openintercom.hal.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.openintercom.hal.io.OutputChange;

/** The changes of one emulated output, with blocking waits for tests and the simulator. */
public final class ChangeHistory {

    private final List<OutputChange> changes = new ArrayList<>();

    public synchronized void add(OutputChange change) {
        changes.add(change);
        notifyAll();
    }

    public synchronized List<OutputChange> all() {
        return List.copyOf(changes);
    }

    /** Completed pulses so far: each on→off transition counts once. */
    public synchronized int pulses() {
        return count(change -> !change.on());
    }

    public synchronized int switchOns() {
        return count(OutputChange::on);
    }

    public synchronized void clear() {
        changes.clear();
    }

    /** Waits until {@code condition} holds for the history; false on timeout. */
    public synchronized boolean await(Predicate<List<OutputChange>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(changes)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private int count(Predicate<OutputChange> predicate) {
        return (int) changes.stream().filter(predicate).count();
    }
}
