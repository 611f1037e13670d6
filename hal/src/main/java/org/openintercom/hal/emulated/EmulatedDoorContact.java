package org.openintercom.hal.emulated;

import java.time.Clock;
import org.openintercom.hal.io.InputRole;
import org.openintercom.hal.io.InputTiming;

/** The door contact of an emulated station: {@link #simulateOpen()} when the door opens, {@link #simulateClose()}. */
public final class EmulatedDoorContact extends EmulatedDigitalInput {

    public EmulatedDoorContact(String id, InputTiming timing, Clock clock) {
        super(id, InputRole.DOOR_CONTACT, timing, clock);
    }

    public void simulateOpen() {
        simulateActive();
    }

    public void simulateClose() {
        simulateInactive();
    }
}
