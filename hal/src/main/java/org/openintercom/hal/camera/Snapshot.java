package org.openintercom.hal.camera;

import java.time.Instant;

/** One JPEG picture taken by a station's camera. */
public record Snapshot(byte[] jpeg, int width, int height, Instant takenAt) {
}
