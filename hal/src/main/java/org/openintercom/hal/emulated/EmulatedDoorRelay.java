package org.openintercom.hal.emulated;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.openintercom.hal.internal.ChangeHistory;
import org.openintercom.hal.internal.RelayBase;
import org.openintercom.hal.io.OutputChange;
import org.openintercom.hal.io.RelayMode;

/** A door relay that only remembers its changes; tests wait on it with {@link #awaitPulses}. */
public class EmulatedDoorRelay extends RelayBase {

    private final ChangeHistory history = new ChangeHistory();

    public EmulatedDoorRelay(String id, RelayMode mode, Duration pulseTime) {
        this(id, mode, pulseTime, Clock.systemUTC());
    }

    public EmulatedDoorRelay(String id, RelayMode mode, Duration pulseTime, Clock clock) {
        super(id, mode, pulseTime, clock);
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

    /** How many times the relay was energised. */
    public int openCount() {
        return history.switchOns();
    }

    /** Completed pulses (on→off transitions) so far. */
    public int pulseCount() {
        return history.pulses();
    }

    /** Waits until at least {@code n} on→off transitions happened; false on timeout. */
    public boolean awaitPulses(int n, Duration timeout) {
        return history.await(changes -> changes.stream().filter(c -> !c.on()).count() >= n, timeout);
    }

    /** Waits until the relay was energised at least {@code n} times; false on timeout. */
    public boolean awaitOpens(int n, Duration timeout) {
        return history.await(changes -> changes.stream().filter(OutputChange::on).count() >= n, timeout);
    }

    /** Waits until the relay is in state {@code on}; false on timeout. */
    public boolean awaitState(boolean on, Duration timeout) {
        return history.await(changes -> isOn() == on, timeout);
    }

    /** Forgets the history (the current state stays). */
    public void clearHistory() {
        history.clear();
    }
}
