package org.openintercom.hal.io;

import java.time.Duration;

/** The relay that drives a door strike or lock. Port; adapters per back end. */
public interface DoorRelay extends DigitalOutput {

    RelayMode mode();

    /** The pulse time used by {@link #open()} in {@link RelayMode#PULSE} mode. */
    Duration pulseTime();

    /** Opens the door according to the mode: pulse, toggle, or energise until {@link #release()}. */
    default void open() {
        switch (mode()) {
            case PULSE -> pulse(pulseTime());
            case BISTABLE -> toggle();
            case HOLD -> set(true);
        }
    }

    /** De-energises the relay whatever the mode. */
    default void release() {
        set(false);
    }
}
