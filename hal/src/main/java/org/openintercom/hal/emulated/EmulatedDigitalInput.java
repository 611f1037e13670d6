package org.openintercom.hal.emulated;

import java.time.Clock;
import org.openintercom.hal.internal.DebouncedInput;
import org.openintercom.hal.internal.ForwardingDigitalInput;
import org.openintercom.hal.io.InputRole;
import org.openintercom.hal.io.InputTiming;

/**
 * A digital input switched by code ({@link #simulateActive()}, {@link #simulateInactive()}) through the same
 * debounce logic as the GPIO adapter.
 */
public class EmulatedDigitalInput extends ForwardingDigitalInput {

    public EmulatedDigitalInput(String id, InputRole role, InputTiming timing, Clock clock) {
        super(new DebouncedInput(id, role, false, timing, clock, () -> { }));
    }

    public void simulateActive() {
        delegate().raw(true);
    }

    public void simulateInactive() {
        delegate().raw(false);
    }
}
