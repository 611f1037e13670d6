package org.openintercom.hal.emulated;

import java.time.Duration;
import java.util.List;
import org.openintercom.hal.internal.ChangeHistory;
import org.openintercom.hal.io.OutputChange;

/**
 * What emulated outputs and relays offer tests and the simulator: their history of changes and waits on it.
 * Implemented by {@link EmulatedDigitalOutput} and {@link EmulatedDoorRelay}.
 */
public interface RecordedOutput {

    /** The history the output records its changes in. */
    ChangeHistory changes();

    boolean isOn();

    /** Every change so far, oldest first. */
    default List<OutputChange> history() {
        return changes().all();
    }

    /** Completed pulses (on→off transitions) so far. */
    default int pulseCount() {
        return changes().pulses();
    }

    /** Waits until at least {@code n} on→off transitions happened; false on timeout. */
    default boolean awaitPulses(int n, Duration timeout) {
        return changes().await(all -> all.stream().filter(c -> !c.on()).count() >= n, timeout);
    }

    /** Waits until the output is in state {@code on}; false on timeout. */
    default boolean awaitState(boolean on, Duration timeout) {
        return changes().await(all -> isOn() == on, timeout);
    }

    /** Forgets the history (the current state stays). */
    default void clearHistory() {
        changes().clear();
    }
}
