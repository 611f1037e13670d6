package org.openintercom.hal.io;

import java.time.Duration;
import java.time.Instant;

/**
 * A debounced press of a call button. {@link Kind#SHORT} is reported on release when the button was held
 * less than the long-press time; {@link Kind#LONG} is reported as soon as the long-press time is reached
 * (and no SHORT follows on release).
 */
public record ButtonPress(String buttonId, Kind kind, Duration held, Instant at) {

    public enum Kind { SHORT, LONG }
}
