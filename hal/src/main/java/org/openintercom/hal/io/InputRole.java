package org.openintercom.hal.io;

/** What a digital input is wired to; the agent reacts to each role differently. */
public enum InputRole {
    /** Door contact: active while the door is open. */
    DOOR_CONTACT,
    /** Tamper switch: active while the housing is open. */
    TAMPER,
    /** Request-to-exit button on the secure side: opens the door without a call. */
    REQUEST_TO_EXIT,
    /** Any other input, reported as an event only. */
    GENERIC
}
