package org.openintercom.hal.emulated;

import java.time.Clock;
import java.time.Duration;
import org.openintercom.hal.internal.ChangeHistory;
import org.openintercom.hal.internal.OutputBase;
import org.openintercom.hal.io.OutputChange;

/** A digital output (LED, buzzer) that only remembers its changes, for the simulator and tests. */
public class EmulatedDigitalOutput extends OutputBase implements RecordedOutput {

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

    @Override
    public ChangeHistory changes() {
        return history;
    }
}
