package org.openintercom.hal.io;

import java.time.Instant;

/** A debounced change of a digital input. */
public record InputChange(String inputId, InputRole role, boolean active, Instant at) {
}
