package org.openintercom.hal.io;

import java.time.Instant;

/** A change of a digital output or relay. */
public record OutputChange(String outputId, boolean on, Instant at) {
}
