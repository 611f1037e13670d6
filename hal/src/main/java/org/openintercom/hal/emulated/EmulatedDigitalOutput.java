package org.openintercom.hal.emulated;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.openintercom.hal.internal.ChangeHistory;
import org.openintercom.hal.internal.OutputBase;
import org.openintercom.hal.io.OutputChange;

/** A digital output (LED, buzzer) that only remembers its changes, for the simulator and tests. */
public class EmulatedDigitalOutput extends OutputBase {

    private final ChangeHistory history = new ChangeHistory();

    public EmulatedDigitalOutput(String id) {
        this(id, Clock.systemUTC());
    }

    public EmulatedDigitalOutput(String id, Clock clock) {
        super(id, clock);
    }

    @Override
    protected void apply(boolean on) {
        // nothing to drive: the change is recorded in changed()
    }

    @Override
    protected void changed(OutputChange change) {
        history.add(change);
    }

    /** Every change so far, oldest first. */
    public List<OutputChange> history() {
        return history.all();
    }

    /** Completed pulses (on→off transitions) so far. */
    public int pulseCount() {
        return history.pulses();
    }

    /** Waits until at least {@code n} on→off transitions happened; false on timeout. */
    public boolean awaitPulses(int n, Duration timeout) {
        return history.await(changes -> changes.stream().filter(c -> !c.on()).count() >= n, timeout);
    }

    /** Waits until the output is in state {@code on}; false on timeout. */
    public boolean awaitState(boolean on, Duration timeout) {
        return history.await(changes -> isOn() == on, timeout);
    }

    /** Forgets the history (the current state stays). */
    public void clearHistory() {
        history.clear();
    }
}
