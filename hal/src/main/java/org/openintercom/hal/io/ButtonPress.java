package org.openintercom.hal.io;

import java.time.Duration;
import java.time.Instant;

/**
 * A debounced event of a call button. {@link Kind#DOWN} is reported as soon as a press is recognised (a door
 * station starts the call right away); {@link Kind#SHORT} on release when the button was held less than the
 * long-press time; {@link Kind#LONG} as soon as the long-press time is reached (no SHORT follows on release).
 */
public record ButtonPress(String buttonId, Kind kind, Duration held, Instant at) {

    public enum Kind { DOWN, SHORT, LONG }
}
