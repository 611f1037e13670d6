package org.openintercom.hal.io;

/** How a door relay behaves when the door is opened. */
public enum RelayMode {
    /** Energised for the pulse time, then released (monostable; the usual door strike). */
    PULSE,
    /** Each open toggles the relay (bistable: motor locks, gates). */
    BISTABLE,
    /** Energised until released explicitly (held open, e.g. during office hours). */
    HOLD
}
