package org.openintercom.hal.emulated;

import java.time.Clock;
import java.time.Duration;
import org.openintercom.hal.internal.ChangeHistory;
import org.openintercom.hal.internal.RelayBase;
import org.openintercom.hal.io.OutputChange;
import org.openintercom.hal.io.RelayMode;

/** A door relay that only remembers its changes; tests wait on it with {@link #awaitPulses}. */
public class EmulatedDoorRelay extends RelayBase implements RecordedOutput {

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

    @Override
    public ChangeHistory changes() {
        return history;
    }

    /** How many times the relay was energised. */
    public int openCount() {
        return history.switchOns();
    }

    /** Waits until the relay was energised at least {@code n} times; false on timeout. */
    public boolean awaitOpens(int n, Duration timeout) {
        return history.await(changes -> changes.stream().filter(OutputChange::on).count() >= n, timeout);
    }
}
